package io.epicenter.crdt.lib0;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A lib0 "Any" value (doc §2.6). Number variants keep the tag they arrived with so an update can be
 * re-encoded byte for byte; {@link AnyCodec#writeCanonical} re-chooses tags and key order the way
 * lib0's {@code writeAny} does for the JavaScript value.
 */
public sealed interface Any {

  /** The value as JavaScript would see it, for numbers (NaN for non-numbers). */
  default double jsNumber() {
    return Double.NaN;
  }

  /** tag 127 */
  record Undefined() implements Any {
    public static final Undefined INSTANCE = new Undefined();
  }

  /** tag 126 */
  record Null() implements Any {
    public static final Null INSTANCE = new Null();
  }

  /** tags 120 / 121 */
  record Bool(boolean value) implements Any {
    public static final Bool TRUE = new Bool(true);
    public static final Bool FALSE = new Bool(false);

    public static Bool of(boolean b) {
      return b ? TRUE : FALSE;
    }
  }

  /** tag 125: varInt. {@code negativeZero} marks {@code 40} (JavaScript -0; then value is 0). */
  record Int(long value, boolean negativeZero) implements Any {
    public Int(long value) {
      this(value, false);
    }

    @Override
    public double jsNumber() {
      return negativeZero ? -0.0 : (double) value;
    }
  }

  /** tag 124: float32, kept as raw bits. */
  record Float32(int bits) implements Any {
    public static Float32 of(float f) {
      return new Float32(Float.floatToRawIntBits(f));
    }

    public float value() {
      return Float.intBitsToFloat(bits);
    }

    @Override
    public double jsNumber() {
      return Float.intBitsToFloat(bits);
    }
  }

  /**
   * tag 123: float64. Also used for numbers that come from JSON texts or from Java code: the canonical
   * writer picks the tag from the value.
   */
  record Float64(double value) implements Any {
    @Override
    public double jsNumber() {
      return value;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Float64 f && Double.doubleToRawLongBits(f.value) == Double.doubleToRawLongBits(value);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(Double.doubleToRawLongBits(value));
    }
  }

  /** tag 122: signed 64-bit BigInt. */
  record BigInt64(long value) implements Any {}

  /** tag 119 */
  record Str(String value) implements Any {}

  /**
   * tag 118: object. {@code entries} are in wire order and may repeat a key; the canonical writer applies
   * JavaScript semantics (last value wins at the first position, index-like keys first). When
   * {@code fromJsonText} is false (decoded from lib0 bytes), a key {@code __proto__} is dropped on
   * canonical re-encoding, as assigning it in JavaScript does not create an own property.
   */
  record Obj(List<Map.Entry<String, Any>> entries, boolean fromJsonText) implements Any {
    public Obj(List<Map.Entry<String, Any>> entries) {
      this(entries, false);
    }

    public static Obj of(Object... keyValues) {
      List<Map.Entry<String, Any>> e = new ArrayList<>();
      for (int i = 0; i < keyValues.length; i += 2) {
        e.add(Map.entry((String) keyValues[i], (Any) keyValues[i + 1]));
      }
      return new Obj(e, true);
    }

    /** Value of {@code key} with JavaScript semantics (the last occurrence), or null. */
    public Any get(String key) {
      Any v = null;
      for (Map.Entry<String, Any> e : entries) {
        if (e.getKey().equals(key)) {
          v = e.getValue();
        }
      }
      if (v != null && !fromJsonText && key.equals("__proto__")) {
        return null;
      }
      return v;
    }
  }

  /** tag 117 */
  record Arr(List<Any> values) implements Any {}

  /** tag 116: Uint8Array. */
  record Bytes(byte[] value) implements Any {
    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && Arrays.equals(b.value, value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Bytes" + Arrays.toString(value);
    }
  }
}
