package io.epicenter.crdt.lib0;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads and writes lib0 Any values (doc §2.6). */
public final class AnyCodec {
  private AnyCodec() {}

  /** Reads one Any; nesting deeper than {@code limits.maxAnyDepth()} is an error. */
  public static Any read(Lib0Reader r) {
    return read(r, 0);
  }

  private static Any read(Lib0Reader r, int depth) {
    int at = r.offset();
    int tag = r.readUint8();
    switch (tag) {
      case Wire.ANY_UNDEFINED:
        return Any.Undefined.INSTANCE;
      case Wire.ANY_NULL:
        return Any.Null.INSTANCE;
      case Wire.ANY_INTEGER: {
        long v = r.readVarInt();
        return new Any.Int(v, v == 0 && r.lastVarIntNegative());
      }
      case Wire.ANY_FLOAT32:
        return new Any.Float32(r.readFloat32Bits());
      case Wire.ANY_FLOAT64:
        return new Any.Float64(r.readFloat64());
      case Wire.ANY_BIGINT:
        return new Any.BigInt64(r.readBigInt64());
      case Wire.ANY_FALSE:
        return Any.Bool.FALSE;
      case Wire.ANY_TRUE:
        return Any.Bool.TRUE;
      case Wire.ANY_STRING:
        return new Any.Str(r.readVarString());
      case Wire.ANY_OBJECT: {
        checkDepth(r, depth, at);
        long n = r.readVarUint();
        // every entry takes at least 2 bytes (key length + tag)
        if (n > r.remaining() / 2) {
          throw new CrdtDecodeException("unexpected end of input: Any object declares " + n + " entries, "
              + r.remaining() + " bytes left", at);
        }
        List<Map.Entry<String, Any>> entries = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
          String key = r.readVarString();
          entries.add(new KV(key, read(r, depth + 1)));
        }
        return new Any.Obj(entries, false);
      }
      case Wire.ANY_ARRAY: {
        checkDepth(r, depth, at);
        long n = r.readVarUint();
        if (n > r.remaining()) {
          throw new CrdtDecodeException("unexpected end of input: Any array declares " + n + " elements, "
              + r.remaining() + " bytes left", at);
        }
        List<Any> values = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
          values.add(read(r, depth + 1));
        }
        return new Any.Arr(values);
      }
      case Wire.ANY_UINT8ARRAY:
        return new Any.Bytes(r.readVarBytes());
      default:
        throw new CrdtDecodeException("unknown Any tag " + tag, at);
    }
  }

  private static void checkDepth(Lib0Reader r, int depth, int at) {
    if (depth >= r.limits().maxAnyDepth()) {
      throw new CrdtDecodeException("limit exceeded: maxAnyDepth (" + r.limits().maxAnyDepth() + ")", at);
    }
  }

  /** A simple immutable map entry (allows null-free keys/values; cheaper than Map.entry checks). */
  record KV(String key, Any value) implements Map.Entry<String, Any> {
    @Override
    public String getKey() {
      return key;
    }

    @Override
    public Any getValue() {
      return value;
    }

    @Override
    public Any setValue(Any v) {
      throw new UnsupportedOperationException();
    }
  }

  public static Map.Entry<String, Any> entry(String key, Any value) {
    return new KV(key, value);
  }

  /** Writes the value exactly as decoded (same tags, same key order, duplicates kept). */
  public static void writeExact(Lib0Writer w, Any a) {
    switch (a) {
      case Any.Undefined u -> w.writeUint8(Wire.ANY_UNDEFINED);
      case Any.Null n -> w.writeUint8(Wire.ANY_NULL);
      case Any.Bool b -> w.writeUint8(b.value() ? Wire.ANY_TRUE : Wire.ANY_FALSE);
      case Any.Int i -> {
        w.writeUint8(Wire.ANY_INTEGER);
        w.writeVarInt(Math.abs(i.value()), i.value() < 0 || i.negativeZero());
      }
      case Any.Float32 f -> {
        w.writeUint8(Wire.ANY_FLOAT32);
        w.writeFloat32Bits(f.bits());
      }
      case Any.Float64 f -> {
        w.writeUint8(Wire.ANY_FLOAT64);
        w.writeFloat64(f.value());
      }
      case Any.BigInt64 b -> {
        w.writeUint8(Wire.ANY_BIGINT);
        w.writeBigInt64(b.value());
      }
      case Any.Str s -> {
        w.writeUint8(Wire.ANY_STRING);
        w.writeVarString(s.value());
      }
      case Any.Obj o -> {
        w.writeUint8(Wire.ANY_OBJECT);
        w.writeVarUint(o.entries().size());
        for (Map.Entry<String, Any> e : o.entries()) {
          w.writeVarString(e.getKey());
          writeExact(w, e.getValue());
        }
      }
      case Any.Arr arr -> {
        w.writeUint8(Wire.ANY_ARRAY);
        w.writeVarUint(arr.values().size());
        for (Any v : arr.values()) {
          writeExact(w, v);
        }
      }
      case Any.Bytes b -> {
        w.writeUint8(Wire.ANY_UINT8ARRAY);
        w.writeVarBytes(b.value());
      }
    }
  }

  /**
   * Writes the value the way lib0's {@code writeAny} writes the JavaScript value it decodes to: numbers get
   * their tag from their value (varInt / float32 / float64), objects use JavaScript property order.
   */
  public static void writeCanonical(Lib0Writer w, Any a) {
    switch (a) {
      case Any.Int i -> {
        if (Math.abs(i.value()) <= 0x7fffffffL) {
          w.writeUint8(Wire.ANY_INTEGER);
          w.writeVarInt(Math.abs(i.value()), i.value() < 0 || i.negativeZero());
        } else {
          writeNumber(w, (double) i.value());
        }
      }
      case Any.Float32 f -> writeNumber(w, f.jsNumber());
      case Any.Float64 f -> writeNumber(w, f.value());
      case Any.Obj o -> {
        List<Map.Entry<String, Any>> entries = JsSemantics.jsPropertyOrder(o.entries(), !o.fromJsonText());
        w.writeUint8(Wire.ANY_OBJECT);
        w.writeVarUint(entries.size());
        for (Map.Entry<String, Any> e : entries) {
          w.writeVarString(e.getKey());
          writeCanonical(w, e.getValue());
        }
      }
      case Any.Arr arr -> {
        w.writeUint8(Wire.ANY_ARRAY);
        w.writeVarUint(arr.values().size());
        for (Any v : arr.values()) {
          writeCanonical(w, v);
        }
      }
      default -> writeExact(w, a);
    }
  }

  /** lib0 {@code writeAny} for a JavaScript number. */
  public static void writeNumber(Lib0Writer w, double d) {
    if (JsSemantics.isInteger(d) && Math.abs(d) <= 0x7fffffff) {
      w.writeUint8(Wire.ANY_INTEGER);
      boolean neg = d < 0 || (d == 0 && Double.doubleToRawLongBits(d) != 0);
      w.writeVarInt((long) Math.abs(d), neg);
    } else if (JsSemantics.isFloat32(d)) {
      w.writeUint8(Wire.ANY_FLOAT32);
      w.writeFloat32((float) d);
    } else {
      w.writeUint8(Wire.ANY_FLOAT64);
      w.writeFloat64(Double.isNaN(d) ? Double.NaN : d);
    }
  }
}
