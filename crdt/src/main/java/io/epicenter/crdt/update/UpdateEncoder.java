package io.epicenter.crdt.update;

import io.epicenter.crdt.id.ID;
import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.AnyCodec;
import io.epicenter.crdt.lib0.CrdtDecodeException;
import io.epicenter.crdt.lib0.JsonText;
import io.epicenter.crdt.lib0.Lib0Writer;
import io.epicenter.crdt.lib0.RleCodecs;

/**
 * Field-level writer of an update (Yjs's UpdateEncoderV1 / UpdateEncoderV2).
 *
 * <p>Two modes: <b>exact</b> re-encodes decoded values as they arrived (raw info byte, Any tags and key
 * order, JSON texts, sub-document options), so decode + encode reproduces the input bytes; <b>Yjs</b> mode
 * (not exact) writes what Yjs writes after decoding to JavaScript values (merge, diff, conversion).
 */
public abstract sealed class UpdateEncoder permits UpdateEncoder.V1, UpdateEncoder.V2 {
  protected Lib0Writer rest = new Lib0Writer(256);
  protected final boolean exact;

  UpdateEncoder(boolean exact) {
    this.exact = exact;
  }

  public static UpdateEncoder v1(boolean exact) {
    return new V1(exact);
  }

  public static UpdateEncoder v2(boolean exact) {
    return new V2(exact);
  }

  /** A V1 encoder whose buffer starts with room for {@code capacityHint} bytes. */
  public static UpdateEncoder v1(boolean exact, int capacityHint) {
    V1 e = new V1(exact);
    e.rest = new Lib0Writer(capacityHint);
    return e;
  }

  public final boolean exact() {
    return exact;
  }

  public abstract boolean isV2();

  public final Lib0Writer rest() {
    return rest;
  }

  /** Replaces the rest writer (used by the lazy struct writer to cut per-client fragments). */
  final Lib0Writer swapRest(Lib0Writer fresh) {
    Lib0Writer old = rest;
    rest = fresh;
    return old;
  }

  public abstract void writeClient(long client);

  public abstract void writeLeftId(ID id);

  public abstract void writeRightId(ID id);

  public abstract void writeInfo(int info);

  public abstract void writeString(String s);

  public abstract void writeParentInfo(boolean isRootName);

  public abstract void writeTypeRef(int typeRef);

  public abstract void writeLen(long len);

  public final void writeAny(Any a) {
    if (exact) {
      AnyCodec.writeExact(rest, a);
    } else {
      AnyCodec.writeCanonical(rest, a);
    }
  }

  public final void writeBuf(byte[] b) {
    rest.writeVarBytes(b);
  }

  /**
   * Writes an embed / format value: V1 as JSON text ({@code rawText} in exact mode when known, else
   * {@code JSON.stringify(value)}), V2 as Any (exact only if the value did not come from a JSON text).
   */
  public abstract void writeJson(String rawText, Any value);

  public abstract void writeKey(String key);

  public abstract void resetDsCurVal();

  public abstract void writeDsClock(long clock);

  public abstract void writeDsLen(long len);

  /** The finished update. */
  public abstract byte[] toBytes();

  static String stringify(Any value) {
    String s = JsonText.stringify(value);
    if (s == null) {
      throw new CrdtDecodeException("undefined cannot be written as a JSON text (V1)");
    }
    return s;
  }

  public static final class V1 extends UpdateEncoder {
    V1(boolean exact) {
      super(exact);
    }

    @Override public boolean isV2() { return false; }
    @Override public void writeClient(long client) { rest.writeVarUint(client); }

    @Override
    public void writeLeftId(ID id) {
      rest.writeVarUint(id.client());
      rest.writeVarUint(id.clock());
    }

    @Override
    public void writeRightId(ID id) {
      rest.writeVarUint(id.client());
      rest.writeVarUint(id.clock());
    }

    @Override public void writeInfo(int info) { rest.writeUint8(info); }
    @Override public void writeString(String s) { rest.writeVarString(s); }
    @Override public void writeParentInfo(boolean isRootName) { rest.writeVarUint(isRootName ? 1 : 0); }
    @Override public void writeTypeRef(int typeRef) { rest.writeVarUint(typeRef); }
    @Override public void writeLen(long len) { rest.writeVarUint(len); }

    @Override
    public void writeJson(String rawText, Any value) {
      rest.writeVarString(exact && rawText != null ? rawText : stringify(value));
    }

    @Override public void writeKey(String key) { rest.writeVarString(key); }
    @Override public void resetDsCurVal() {}
    @Override public void writeDsClock(long clock) { rest.writeVarUint(clock); }
    @Override public void writeDsLen(long len) { rest.writeVarUint(len); }
    @Override public byte[] toBytes() { return rest.toByteArray(); }
  }

  public static final class V2 extends UpdateEncoder {
    private long keyClock;
    private final RleCodecs.IntDiffOptRleEncoder keyClockEncoder = new RleCodecs.IntDiffOptRleEncoder();
    private final RleCodecs.UintOptRleEncoder clientEncoder = new RleCodecs.UintOptRleEncoder();
    private final RleCodecs.IntDiffOptRleEncoder leftClockEncoder = new RleCodecs.IntDiffOptRleEncoder();
    private final RleCodecs.IntDiffOptRleEncoder rightClockEncoder = new RleCodecs.IntDiffOptRleEncoder();
    private final RleCodecs.ByteRleEncoder infoEncoder = new RleCodecs.ByteRleEncoder();
    private final RleCodecs.StringEncoder stringEncoder = new RleCodecs.StringEncoder();
    private final RleCodecs.ByteRleEncoder parentInfoEncoder = new RleCodecs.ByteRleEncoder();
    private final RleCodecs.UintOptRleEncoder typeRefEncoder = new RleCodecs.UintOptRleEncoder();
    private final RleCodecs.UintOptRleEncoder lenEncoder = new RleCodecs.UintOptRleEncoder();
    private long dsCurrVal;

    V2(boolean exact) {
      super(exact);
    }

    @Override public boolean isV2() { return true; }
    @Override public void writeClient(long client) { clientEncoder.write(client); }

    @Override
    public void writeLeftId(ID id) {
      clientEncoder.write(id.client());
      leftClockEncoder.write(id.clock());
    }

    @Override
    public void writeRightId(ID id) {
      clientEncoder.write(id.client());
      rightClockEncoder.write(id.clock());
    }

    @Override public void writeInfo(int info) { infoEncoder.write(info); }
    @Override public void writeString(String s) { stringEncoder.write(s); }
    @Override public void writeParentInfo(boolean isRootName) { parentInfoEncoder.write(isRootName ? 1 : 0); }
    @Override public void writeTypeRef(int typeRef) { typeRefEncoder.write(typeRef); }
    @Override public void writeLen(long len) { lenEncoder.write(len); }

    @Override
    public void writeJson(String rawText, Any value) {
      if (exact && rawText == null) {
        AnyCodec.writeExact(rest, value);
      } else {
        AnyCodec.writeCanonical(rest, value);
      }
    }

    /** Yjs never reuses key numbers (its key cache is disabled): every key gets the next number. */
    @Override
    public void writeKey(String key) {
      keyClockEncoder.write(keyClock++);
      stringEncoder.write(key);
    }

    @Override public void resetDsCurVal() { dsCurrVal = 0; }

    @Override
    public void writeDsClock(long clock) {
      long diff = clock - dsCurrVal;
      dsCurrVal = clock;
      if (diff < 0) {
        // unsorted ranges: lib0's writeVarUint of a negative number writes one byte (num & 0x7f)
        rest.writeUint8((int) (diff & 0x7f));
      } else {
        rest.writeVarUint(diff);
      }
    }

    @Override
    public void writeDsLen(long len) {
      if (len == 0) {
        throw new CrdtDecodeException("a delete range of length 0 cannot be written in update format V2");
      }
      rest.writeVarUint(len - 1);
      dsCurrVal += len;
    }

    @Override
    public byte[] toBytes() {
      Lib0Writer out = new Lib0Writer(rest.length() + 64);
      out.writeVarUint(0); // feature flag
      writeColumn(out, keyClockEncoder.finish());
      writeColumn(out, clientEncoder.finish());
      writeColumn(out, leftClockEncoder.finish());
      writeColumn(out, rightClockEncoder.finish());
      writeColumn(out, infoEncoder.writer());
      Lib0Writer strings = new Lib0Writer(64);
      stringEncoder.finishInto(strings);
      writeColumn(out, strings);
      writeColumn(out, parentInfoEncoder.writer());
      writeColumn(out, typeRefEncoder.finish());
      writeColumn(out, lenEncoder.finish());
      out.writeBytes(rest);
      return out.toByteArray();
    }

    private static void writeColumn(Lib0Writer out, Lib0Writer col) {
      out.writeVarBytes(col.array(), 0, col.length());
    }
  }
}
