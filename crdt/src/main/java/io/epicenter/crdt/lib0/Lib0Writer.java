package io.epicenter.crdt.lib0;

import java.util.Arrays;

/** A growable byte buffer with lib0 primitive writers (doc §2). */
public final class Lib0Writer {
  private byte[] buf;
  private int len;
  /** Reused by {@link #writeVarString(CharSequence, int, int)} for long strings. */
  private char[] scratch;

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

  /** Makes room for at least {@code extra} more bytes (a capacity hint; writes grow the buffer anyway). */
  public void reserve(int extra) {
    ensure(extra);
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
    writeVarString(s, 0, s.length());
  }

  /**
   * varString of the chars {@code [from, to)} of {@code s}, encoded as if they were a string of their own
   * (a surrogate half cut off at either end is a lone surrogate, written as U+FFFD).
   */
  public void writeVarString(CharSequence s, int from, int to) {
    int n = to - from;
    if (n < SMALL_STRING) {
      writeSmallString(s, from, to);
      return;
    }
    // long strings: bulk-copy the chars (String/StringBuilder getChars are intrinsics) into a scratch
    // array of at most CHUNK chars, one vectorisable ASCII check, then one narrowing copy; non-ASCII text
    // takes the general encoder
    if (n <= CHUNK) {
      char[] cs = chars(s, from, to);
      int or = 0;
      for (int i = 0; i < n; i++) {
        or |= cs[i];
      }
      if (or < 0x80) {
        ensure(n + 10);
        writeVarUint(n);
        narrow(cs, n);
      } else {
        int byteLen = Utf8.encodedLength(cs, 0, n);
        ensure(byteLen + 10);
        writeVarUint(byteLen);
        len = Utf8.encode(cs, 0, n, buf, len);
      }
      return;
    }
    boolean ascii = true;
    for (int at = from; at < to && ascii; at += CHUNK) {
      int e = Math.min(to, at + CHUNK);
      char[] cs = chars(s, at, e);
      int or = 0;
      for (int i = 0, m = e - at; i < m; i++) {
        or |= cs[i];
      }
      ascii = or < 0x80;
    }
    if (ascii) {
      ensure(n + 10);
      writeVarUint(n);
      for (int at = from; at < to; at += CHUNK) {
        int e = Math.min(to, at + CHUNK);
        narrow(chars(s, at, e), e - at);
      }
    } else {
      CharSequence r = from == 0 && to == s.length() ? s : s.subSequence(from, to);
      int byteLen = Utf8.encodedLength(r);
      ensure(byteLen + 10);
      writeVarUint(byteLen);
      len = Utf8.encode(r, buf, len);
    }
  }

  private static final int CHUNK = 8192;

  /** {@code s[from, to)} (at most CHUNK chars) in the scratch array, from index 0. */
  private char[] chars(CharSequence s, int from, int to) {
    int n = to - from;
    char[] cs = scratch;
    if (cs == null || cs.length < n) {
      cs = scratch = new char[Math.max(n, 256)];
    }
    if (s instanceof String str) {
      str.getChars(from, to, cs, 0);
    } else if (s instanceof StringBuilder sb) {
      sb.getChars(from, to, cs, 0);
    } else {
      for (int i = 0; i < n; i++) {
        cs[i] = s.charAt(from + i);
      }
    }
    return cs;
  }

  /** Appends the low bytes of {@code cs[0, n)} (all ASCII; room already ensured). */
  private void narrow(char[] cs, int n) {
    byte[] b = buf;
    int p = len;
    for (int i = 0; i < n; i++) {
      b[p + i] = (byte) cs[i];
    }
    len = p + n;
  }

  /** Below this many chars the UTF-8 length is < 128, so its varUint is one byte, written afterwards. */
  private static final int SMALL_STRING = 32;

  private void writeSmallString(CharSequence s, int from, int to) {
    int n = to - from;
    ensure(3 * n + 1);
    byte[] b = buf;
    int start = len + 1;
    int p = start;
    if (s instanceof String str) {
      for (int i = from; i < to; i++) {
        char c = str.charAt(i);
        if (c >= 0x80) {
          p = -1;
          break;
        }
        b[p++] = (byte) c;
      }
    } else {
      p = -1;
    }
    if (p < 0) {
      p = Utf8.encode(from == 0 && to == s.length() ? s : s.subSequence(from, to), b, start);
    }
    b[len] = (byte) (p - start);
    len = p;
  }

  /** Number of bytes {@link #writeVarUint} writes for {@code v}. */
  public static int varUintSize(long v) {
    int n = 1;
    while (v > 0x7f) {
      v >>>= 7;
      n++;
    }
    return n;
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
