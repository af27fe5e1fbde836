package io.epicenter.crdt.lib0;

/**
 * Strict UTF-8 decoding (like a fatal WHATWG TextDecoder: ill-formed input is an error, a BOM is kept)
 * and UTF-8 encoding that writes every lone surrogate as U+FFFD ({@code ef bf bd}), like JavaScript's
 * TextEncoder (doc §2.3).
 */
public final class Utf8 {
  private Utf8() {}

  /** Decodes {@code len} bytes at {@code off}; {@code reportOffset} is used in error messages. */
  public static String decode(byte[] b, int off, int len, int reportOffset) {
    int end = off + len;
    int i = off;
    while (i < end && b[i] >= 0) {
      i++;
    }
    if (i == end) {
      return new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    char[] out = new char[len];
    int n = 0;
    for (int k = off; k < i; k++) {
      out[n++] = (char) b[k];
    }
    while (i < end) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        out[n++] = (char) c;
        i++;
        continue;
      }
      int need;
      int cp;
      int lo = 0x80;
      int hi = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
        cp = c & 0x1f;
      } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        cp = c & 0x0f;
        if (c == 0xe0) {
          lo = 0xa0;
        } else if (c == 0xed) {
          hi = 0x9f;
        }
      } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        cp = c & 0x07;
        if (c == 0xf0) {
          lo = 0x90;
        } else if (c == 0xf4) {
          hi = 0x8f;
        }
      } else {
        throw invalid(reportOffset + (i - off));
      }
      if (end - i - 1 < need) {
        throw invalid(reportOffset + (i - off));
      }
      for (int j = 1; j <= need; j++) {
        int cc = b[i + j] & 0xff;
        if (cc < lo || cc > hi) {
          throw invalid(reportOffset + (i - off));
        }
        lo = 0x80;
        hi = 0xbf;
        cp = (cp << 6) | (cc & 0x3f);
      }
      i += need + 1;
      if (cp >= 0x10000) {
        out[n++] = Character.highSurrogate(cp);
        out[n++] = Character.lowSurrogate(cp);
      } else {
        out[n++] = (char) cp;
      }
    }
    return new String(out, 0, n);
  }

  private static CrdtDecodeException invalid(int at) {
    return new CrdtDecodeException("invalid UTF-8 in string", at);
  }

  /** Number of bytes {@link #encode} writes for {@code s} (lone surrogates count 3 bytes, as U+FFFD). */
  public static int encodedLength(CharSequence s) {
    int n = s.length();
    int len = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        len += 1;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        len += 2; // 4 bytes for 2 chars
        i++;
      } else {
        len += 2; // 3 bytes (BMP or lone surrogate written as U+FFFD)
      }
    }
    return len;
  }

  /** Writes the UTF-8 bytes of {@code s} at {@code off}; returns the new offset. */
  public static int encode(CharSequence s, byte[] out, int off) {
    int n = s.length();
    int p = off;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[p++] = (byte) c;
      } else if (c < 0x800) {
        out[p++] = (byte) (0xc0 | (c >> 6));
        out[p++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          out[p++] = (byte) (0xf0 | (cp >> 18));
          out[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
          out[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
          out[p++] = (byte) (0x80 | (cp & 0x3f));
        } else {
          out[p++] = (byte) 0xef;
          out[p++] = (byte) 0xbf;
          out[p++] = (byte) 0xbd;
        }
      } else {
        out[p++] = (byte) (0xe0 | (c >> 12));
        out[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        out[p++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    return p;
  }

  // The char[] twins below repeat the CharSequence loops on purpose: the document encoder writes
  // text from char chunks, and array access instead of CharSequence.charAt was measurably faster
  // there (bench/README.md, "encodeStateAsUpdate, what changed"). Keep both in step.

  /** {@link #encodedLength(CharSequence)} of {@code cs[off, off+n)}. */
  public static int encodedLength(char[] cs, int off, int n) {
    int end = off + n;
    int len = n;
    for (int i = off; i < end; i++) {
      char c = cs[i];
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        len += 1;
      } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(cs[i + 1])) {
        len += 2;
        i++;
      } else {
        len += 2;
      }
    }
    return len;
  }

  /** {@link #encode(CharSequence, byte[], int)} of {@code cs[off, off+n)}; returns the new offset. */
  public static int encode(char[] cs, int off, int n, byte[] out, int outOff) {
    int end = off + n;
    int p = outOff;
    for (int i = off; i < end; i++) {
      char c = cs[i];
      if (c < 0x80) {
        out[p++] = (byte) c;
      } else if (c < 0x800) {
        out[p++] = (byte) (0xc0 | (c >> 6));
        out[p++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(cs[i + 1])) {
          int cp = Character.toCodePoint(c, cs[++i]);
          out[p++] = (byte) (0xf0 | (cp >> 18));
          out[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
          out[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
          out[p++] = (byte) (0x80 | (cp & 0x3f));
        } else {
          out[p++] = (byte) 0xef;
          out[p++] = (byte) 0xbf;
          out[p++] = (byte) 0xbd;
        }
      } else {
        out[p++] = (byte) (0xe0 | (c >> 12));
        out[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        out[p++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    return p;
  }

  /** UTF-8 bytes of {@code s} with lone surrogates replaced by U+FFFD. */
  public static byte[] encode(CharSequence s) {
    byte[] out = new byte[encodedLength(s)];
    encode(s, out, 0);
    return out;
  }
}
