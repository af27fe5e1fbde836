package io.epicenter.crdt.lib0;

import java.util.Arrays;

/** A growable byte buffer with lib0 primitive writers (doc §2). */
public final class Lib0Writer {
  private byte[] buf;
  private int len;

  public Lib0Writer() {
    this(64);
  }

  public Lib0Writer(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  public int length() {
    return len;
  }

  public void reset() {
    len = 0;
  }

  private void ensure(int extra) {
    int need = len + extra;
    if (need < 0) {
      throw new IllegalStateException("buffer too large");
    }
    if (need > buf.length) {
      int cap = Math.max(need, buf.length < (1 << 29) ? buf.length << 1 : Integer.MAX_VALUE - 16);
      buf = Arrays.copyOf(buf, cap);
    }
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  /** The internal array (valid bytes are {@code [0, length())}). */
  public byte[] array() {
    return buf;
  }

  public void writeUint8(int b) {
    if (len == buf.length) {
      ensure(1);
    }
    buf[len++] = (byte) b;
  }

  /** varUint of a non-negative value (doc §2.1). */
  public void writeVarUint(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("varUint of negative value " + v);
    }
    ensure(10);
    byte[] b = buf;
    int p = len;
    while (v > 0x7f) {
      b[p++] = (byte) (0x80 | (v & 0x7f));
      v >>>= 7;
    }
    b[p++] = (byte) v;
    len = p;
  }

  /** varInt (sign and magnitude, doc §2.2). */
  public void writeVarInt(long v) {
    writeVarInt(Math.abs(v), v < 0);
  }

  /** varInt from magnitude and sign; {@code writeVarInt(0, true)} writes negative zero ({@code 40}). */
  public void writeVarInt(long magnitude, boolean negative) {
    ensure(11);
    long m = magnitude;
    byte[] b = buf;
    int p = len;
    b[p++] = (byte) ((m > 0x3f ? 0x80 : 0) | (negative ? 0x40 : 0) | (m & 0x3f));
    m >>>= 6;
    while (m > 0) {
      b[p++] = (byte) ((m > 0x7f ? 0x80 : 0) | (m & 0x7f));
      m >>>= 7;
    }
    len = p;
  }

  /** varString: varUint(UTF-8 byte length) + UTF-8, lone surrogates written as U+FFFD. */
  public void writeVarString(CharSequence s) {
    int n = s.length();
    int byteLen = Utf8.encodedLength(s);
    ensure(byteLen + 5);
    writeVarUint(byteLen);
    if (byteLen == n) {
      byte[] b = buf;
      int p = len;
      for (int i = 0; i < n; i++) {
        b[p++] = (byte) s.charAt(i);
      }
      len = p;
    } else {
      len = Utf8.encode(s, buf, len);
    }
  }

  public void writeBytes(byte[] src) {
    writeBytes(src, 0, src.length);
  }

  public void writeBytes(byte[] src, int off, int n) {
    ensure(n);
    System.arraycopy(src, off, buf, len, n);
    len += n;
  }

  /** Appends the content of another writer. */
  public void writeBytes(Lib0Writer other) {
    writeBytes(other.buf, 0, other.len);
  }

  /** varUint8Array. */
  public void writeVarBytes(byte[] src) {
    writeVarUint(src.length);
    writeBytes(src, 0, src.length);
  }

  public void writeVarBytes(byte[] src, int off, int n) {
    writeVarUint(n);
    writeBytes(src, off, n);
  }

  public void writeFloat32Bits(int bits) {
    ensure(4);
    buf[len++] = (byte) (bits >>> 24);
    buf[len++] = (byte) (bits >>> 16);
    buf[len++] = (byte) (bits >>> 8);
    buf[len++] = (byte) bits;
  }

  public void writeFloat32(float f) {
    writeFloat32Bits(Float.floatToRawIntBits(f));
  }

  public void writeInt64BigEndian(long v) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[len++] = (byte) (v >>> (i * 8));
    }
  }

  public void writeFloat64(double d) {
    writeInt64BigEndian(Double.doubleToRawLongBits(d));
  }

  public void writeBigInt64(long v) {
    writeInt64BigEndian(v);
  }
}
