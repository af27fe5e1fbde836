package io.epicenter.crdt.update;

import io.epicenter.crdt.id.ID;
import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.AnyCodec;
import io.epicenter.crdt.lib0.CrdtDecodeException;
import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.crdt.lib0.JsonText;
import io.epicenter.crdt.lib0.Lib0Reader;
import io.epicenter.crdt.lib0.RleCodecs;
import io.epicenter.crdt.lib0.Wire;

/**
 * Field-level reader of an update (Yjs's UpdateDecoderV1 / UpdateDecoderV2). The "rest" reader holds
 * everything that is not a V2 column (group headers, delete set, Any values, buffers).
 */
public abstract sealed class UpdateDecoder permits UpdateDecoder.V1, UpdateDecoder.V2 {
  protected final Lib0Reader rest;
  protected final DecodeLimits limits;

  UpdateDecoder(Lib0Reader rest, DecodeLimits limits) {
    this.rest = rest;
    this.limits = limits;
  }

  public static UpdateDecoder v1(byte[] update, DecodeLimits limits) {
    return new V1(new Lib0Reader(update, limits), limits);
  }

  public static UpdateDecoder v2(byte[] update, DecodeLimits limits) {
    return new V2(update, limits);
  }

  public final Lib0Reader rest() {
    return rest;
  }

  public final DecodeLimits limits() {
    return limits;
  }

  public abstract boolean isV2();

  public abstract long readClient();

  public abstract ID readLeftId();

  public abstract ID readRightId();

  public abstract int readInfo();

  public abstract String readString();

  /** true = parent is a root name (parentInfo 1); anything else = an ID, as in Yjs. */
  public abstract boolean readParentInfo();

  public abstract long readTypeRef();

  public abstract long readLen();

  public final Any readAny() {
    return AnyCodec.read(rest);
  }

  public abstract byte[] readBuf();

  /** Reads an embed / format value: V1 JSON text (returned in {@code text[0]}), V2 Any. */
  public abstract Any readJson(String[] text);

  public abstract String readKey();

  public abstract void resetDsCurVal();

  public abstract long readDsClock();

  public abstract long readDsLen();

  /** Upper bound for the number of Any values that can still be read (each takes at least one byte). */
  final long maxAnyElements() {
    return rest.remaining();
  }

  /** Upper bound for the number of JSON texts that can still be read (each is at least one character). */
  abstract long maxJsonElements();

  static Any parseJson(String text, DecodeLimits limits) {
    return JsonText.parse(text, limits.maxAnyDepth());
  }

  /** Update format V1: everything in one byte stream. */
  public static final class V1 extends UpdateDecoder {
    V1(Lib0Reader r, DecodeLimits limits) {
      super(r, limits);
    }

    @Override public boolean isV2() { return false; }
    @Override public long readClient() { return rest.readVarUint(); }
    @Override public ID readLeftId() { return new ID(rest.readVarUint(), rest.readVarUint()); }
    @Override public ID readRightId() { return new ID(rest.readVarUint(), rest.readVarUint()); }
    @Override public int readInfo() { return rest.readUint8(); }
    @Override public String readString() { return rest.readVarString(); }
    @Override public boolean readParentInfo() { return rest.readVarUint() == 1; }
    @Override public long readTypeRef() { return rest.readVarUint(); }
    @Override public long readLen() { return rest.readVarUint(); }
    @Override public byte[] readBuf() { return rest.readVarBytes(); }

    @Override
    public Any readJson(String[] text) {
      String t = rest.readVarString();
      text[0] = t;
      return parseJson(t, limits);
    }

    @Override public String readKey() { return rest.readVarString(); }
    @Override public void resetDsCurVal() {}
    @Override public long readDsClock() { return rest.readVarUint(); }
    @Override public long readDsLen() { return rest.readVarUint(); }
    @Override long maxJsonElements() { return rest.remaining(); }
  }

  /** Update format V2: nine columns, then the rest (doc §5; Yjs UpdateDecoderV2). */
  public static final class V2 extends UpdateDecoder {
    private final RleCodecs.IntDiffOptRleDecoder keyClockDecoder;
    private final RleCodecs.UintOptRleDecoder clientDecoder;
    private final RleCodecs.IntDiffOptRleDecoder leftClockDecoder;
    private final RleCodecs.IntDiffOptRleDecoder rightClockDecoder;
    private final RleCodecs.ByteRleDecoder infoDecoder;
    private final RleCodecs.StringDecoder stringDecoder;
    private final RleCodecs.ByteRleDecoder parentInfoDecoder;
    private final RleCodecs.UintOptRleDecoder typeRefDecoder;
    private final RleCodecs.UintOptRleDecoder lenDecoder;
    private final java.util.ArrayList<String> keys = new java.util.ArrayList<>();
    private long dsCurrVal;

    V2(byte[] update, DecodeLimits limits) {
      this(new Lib0Reader(update, limits), update, limits);
    }

    private V2(Lib0Reader head, byte[] update, DecodeLimits limits) {
      super(head, limits);
      head.readVarUint(); // feature flag, currently unused
      keyClockDecoder = new RleCodecs.IntDiffOptRleDecoder(column(head, update, "keyClock"));
      clientDecoder = new RleCodecs.UintOptRleDecoder(column(head, update, "client"));
      leftClockDecoder = new RleCodecs.IntDiffOptRleDecoder(column(head, update, "leftClock"));
      rightClockDecoder = new RleCodecs.IntDiffOptRleDecoder(column(head, update, "rightClock"));
      infoDecoder = new RleCodecs.ByteRleDecoder(column(head, update, "info"));
      stringDecoder = new RleCodecs.StringDecoder(column(head, update, "string"));
      parentInfoDecoder = new RleCodecs.ByteRleDecoder(column(head, update, "parentInfo"));
      typeRefDecoder = new RleCodecs.UintOptRleDecoder(column(head, update, "typeRef"));
      lenDecoder = new RleCodecs.UintOptRleDecoder(column(head, update, "len"));
      // the rest follows directly: `head` continues as the rest reader
    }

    private static Lib0Reader column(Lib0Reader head, byte[] update, String name) {
      int s = head.readVarBytesInPlace("V2 " + name + " column");
      return new Lib0Reader(update, s, head.pos(), head.limits());
    }

    @Override public boolean isV2() { return true; }

    @Override
    public long readClient() {
      return checkedUint(clientDecoder.read(), "client");
    }

    private long checkedUint(long v, String what) {
      if (v < 0 || v > Wire.MAX_SAFE_INTEGER) {
        throw new CrdtDecodeException("V2 " + what + " out of range: " + v);
      }
      return v;
    }

    @Override
    public ID readLeftId() {
      long c = readClient();
      return new ID(c, checkedUint(leftClockDecoder.read(), "left clock"));
    }

    @Override
    public ID readRightId() {
      long c = readClient();
      return new ID(c, checkedUint(rightClockDecoder.read(), "right clock"));
    }

    @Override public int readInfo() { return infoDecoder.read(); }
    @Override public String readString() { return stringDecoder.read(); }
    @Override public boolean readParentInfo() { return parentInfoDecoder.read() == 1; }
    @Override public long readTypeRef() { return checkedUint(typeRefDecoder.read(), "type ref"); }
    @Override public long readLen() { return checkedUint(lenDecoder.read(), "length"); }
    @Override public byte[] readBuf() { return rest.readVarBytes(); }

    @Override
    public Any readJson(String[] text) {
      text[0] = null;
      return AnyCodec.read(rest);
    }

    @Override
    public String readKey() {
      long keyClock = keyClockDecoder.read();
      if (keyClock < 0) {
        throw new CrdtDecodeException("V2 key clock out of range: " + keyClock);
      }
      if (keyClock < keys.size()) {
        return keys.get((int) keyClock);
      }
      String key = stringDecoder.read();
      keys.add(key);
      return key;
    }

    @Override public void resetDsCurVal() { dsCurrVal = 0; }

    @Override
    public long readDsClock() {
      dsCurrVal += rest.readVarUint();
      if (dsCurrVal > Wire.MAX_SAFE_INTEGER) {
        throw new CrdtDecodeException("delete set clock out of range", rest.offset());
      }
      return dsCurrVal;
    }

    @Override
    public long readDsLen() {
      long diff = rest.readVarUint() + 1;
      dsCurrVal += diff;
      if (dsCurrVal > Wire.MAX_SAFE_INTEGER) {
        throw new CrdtDecodeException("delete set clock out of range", rest.offset());
      }
      return diff;
    }

    @Override
    long maxJsonElements() {
      return stringDecoder.remainingChars();
    }
  }
}
