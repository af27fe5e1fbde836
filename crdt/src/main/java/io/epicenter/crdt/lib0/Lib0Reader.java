package io.epicenter.crdt.lib0;

/**
 * A cursor over a byte range that reads lib0 primitives (doc §2). Every read is bounds-checked:
 * running out of bytes throws {@link CrdtDecodeException} (never returns a default), declared lengths
 * are checked against the remaining bytes before anything is allocated.
 */
public final class Lib0Reader {
  private final byte[] buf;
  private final int start;
  private final int end;
  private int pos;
  private final DecodeLimits limits;
  /** Whether the last {@link #readVarInt()} had its sign bit set (distinguishes -0 from 0). */
  private boolean lastNegative;

  public Lib0Reader(byte[] buf) {
    this(buf, 0, buf.length, DecodeLimits.defaults());
  }

  public Lib0Reader(byte[] buf, DecodeLimits limits) {
    this(buf, 0, buf.length, limits);
  }

  public Lib0Reader(byte[] buf, int start, int end, DecodeLimits limits) {
    if (start < 0 || end > buf.length || start > end) {
      throw new IllegalArgumentException("bad range " + start + ".." + end + " of " + buf.length);
    }
    this.buf = buf;
    this.start = start;
    this.end = end;
    this.pos = start;
    this.limits = limits == null ? DecodeLimits.defaults() : limits;
  }

  public DecodeLimits limits() {
    return limits;
  }

  public byte[] buffer() {
    return buf;
  }

  /** Absolute position in {@link #buffer()}. */
  public int pos() {
    return pos;
  }

  /** Position relative to the start of this reader's range. */
  public int offset() {
    return pos - start;
  }

  public int end() {
    return end;
  }

  public int remaining() {
    return end - pos;
  }

  public boolean hasContent() {
    return pos < end;
  }

  public boolean lastVarIntNegative() {
    return lastNegative;
  }

  private CrdtDecodeException truncated(int needed) {
    return new CrdtDecodeException("unexpected end of input: " + needed + " more byte(s) expected, "
        + (end - pos) + " left", pos - start);
  }

  public int readUint8() {
    if (pos >= end) {
      throw truncated(1);
    }
    return buf[pos++] & 0xff;
  }

  /** Skips {@code n} bytes (checked). */
  public void skip(int n) {
    if (n < 0 || n > end - pos) {
      throw truncated(n);
    }
    pos += n;
  }

  /**
   * lib0 varUint: 7 bits per byte, least significant group first. Values above 2^53-1 (JavaScript's
   * safe range) and encodings longer than 10 bytes are rejected.
   */
  public long readVarUint() {
    final byte[] b = buf;
    int p = pos;
    if (p < end) {
      int r = b[p];
      if (r >= 0) { // single byte fast path
        pos = p + 1;
        return r;
      }
    }
    long num = 0;
    int shift = 0;
    int startPos = p;
    while (true) {
      if (p >= end) {
        pos = p;
        throw truncated(1);
      }
      int r = b[p++] & 0xff;
      if (shift < 56) {
        num |= ((long) (r & 0x7f)) << shift;
      } else if ((r & 0x7f) != 0) {
        throw new CrdtDecodeException("varUint out of range (above 2^53-1)", startPos - start);
      }
      if (r < 0x80) {
        break;
      }
      shift += 7;
      if (shift >= 70) {
        throw new CrdtDecodeException("varint too long (more than 10 bytes)", startPos - start);
      }
    }
    if (num > Wire.MAX_SAFE_INTEGER) {
      throw new CrdtDecodeException("varUint out of range (above 2^53-1): " + num, startPos - start);
    }
    pos = p;
    return num;
  }

  /** A varUint that must fit in an int (lengths, counts). */
  public int readVarUintAsInt(String what) {
    long v = readVarUint();
    if (v > Integer.MAX_VALUE) {
      throw new CrdtDecodeException(what + " too large: " + v, pos - start);
    }
    return (int) v;
  }

  /**
   * lib0 varInt (sign and magnitude; doc §2.2). Returns the magnitude with its sign; whether the sign
   * bit was set (needed for -0) is available from {@link #lastVarIntNegative()}.
   */
  public long readVarInt() {
    int startPos = pos;
    int r = readUint8();
    long num = r & 0x3f;
    boolean negative = (r & 0x40) != 0;
    if ((r & 0x80) != 0) {
      int shift = 6;
      int p = pos;
      while (true) {
        if (p >= end) {
          pos = p;
          throw truncated(1);
        }
        r = buf[p++] & 0xff;
        if (shift < 55) {
          num |= ((long) (r & 0x7f)) << shift;
        } else if ((r & 0x7f) != 0) {
          throw new CrdtDecodeException("varInt out of range (magnitude above 2^53-1)", startPos - start);
        }
        if (r < 0x80) {
          break;
        }
        shift += 7;
        if (shift >= 69) {
          throw new CrdtDecodeException("varint too long (more than 10 bytes)", startPos - start);
        }
      }
      pos = p;
      if (num > Wire.MAX_SAFE_INTEGER) {
        throw new CrdtDecodeException("varInt out of range (magnitude above 2^53-1): " + num, startPos - start);
      }
    }
    lastNegative = negative;
    return negative ? -num : num;
  }

  /** Reads a declared length and checks it against the string limit and the remaining bytes. */
  private int readLength(String what) {
    int lenPos = pos;
    long len = readVarUint();
    if (len > limits.maxStringBytes()) {
      throw new CrdtDecodeException("limit exceeded: maxStringBytes (" + limits.maxStringBytes() + "): " + what
          + " of " + len + " bytes", lenPos - start);
    }
    if (len > end - pos) {
      throw new CrdtDecodeException("unexpected end of input: " + what + " declares " + len + " bytes, "
          + (end - pos) + " left", lenPos - start);
    }
    return (int) len;
  }

  /** varString: varUint(byteLength) + strict UTF-8 (invalid UTF-8 is an error, a BOM is kept). */
  public String readVarString() {
    int len = readLength("string");
    int p = pos;
    String s = Utf8.decode(buf, p, len, p - start);
    pos = p + len;
    return s;
  }

  /** varUint8Array, copied. */
  public byte[] readVarBytes() {
    int len = readLength("byte array");
    byte[] out = new byte[len];
    System.arraycopy(buf, pos, out, 0, len);
    pos += len;
    return out;
  }

  /**
   * varUint8Array without copying: returns the absolute start offset of the payload in
   * {@link #buffer()}; its length is {@code pos() - result}.
   */
  public int readVarBytesInPlace(String what) {
    long len = readVarUint();
    if (len > end - pos) {
      throw new CrdtDecodeException("unexpected end of input: " + what + " declares " + len + " bytes, "
          + (end - pos) + " left", pos - start);
    }
    int s = pos;
    pos += (int) len;
    return s;
  }

  private void need(int n) {
    if (end - pos < n) {
      throw truncated(n);
    }
  }

  public float readFloat32() {
    need(4);
    int bits = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
        | (buf[pos + 3] & 0xff);
    pos += 4;
    return Float.intBitsToFloat(bits);
  }

  /** The raw big-endian bits of a float32 (keeps NaN payloads). */
  public int readFloat32Bits() {
    need(4);
    int bits = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
        | (buf[pos + 3] & 0xff);
    pos += 4;
    return bits;
  }

  public long readInt64BigEndian() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  public double readFloat64() {
    return Double.longBitsToDouble(readInt64BigEndian());
  }

  public long readBigInt64() {
    return readInt64BigEndian();
  }
}
