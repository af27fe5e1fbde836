package io.epicenter.crdt.lib0;

/**
 * lib0's run-length codecs used by update format V2 (lib0 {@code encoding.js} / {@code decoding.js}):
 * {@code RleEncoder(writeUint8)}, {@code UintOptRleEncoder}, {@code IntDiffOptRleEncoder},
 * {@code StringEncoder} and their decoders. Decoders are strict: reading past the end of a column
 * throws instead of yielding 0.
 */
public final class RleCodecs {
  private RleCodecs() {}

  /** {@code RleDecoder} with {@code readUint8}: value, then varUint(count-1) unless the column ends. */
  public static final class ByteRleDecoder {
    private final Lib0Reader r;
    private int s;
    private long count;

    public ByteRleDecoder(Lib0Reader r) {
      this.r = r;
    }

    public int read() {
      if (count == 0) {
        s = r.readUint8();
        if (r.hasContent()) {
          count = r.readVarUint() + 1;
        } else {
          count = -1; // read the current value forever
        }
      }
      count--;
      return s;
    }
  }

  public static final class ByteRleEncoder {
    private final Lib0Writer w = new Lib0Writer(32);
    private int s = -1;
    private long count;

    public void write(int v) {
      if (s == v) {
        count++;
      } else {
        if (count > 0) {
          w.writeVarUint(count - 1);
        }
        count = 1;
        w.writeUint8(v);
        s = v;
      }
    }

    /** The column bytes (the last run's count is implicit). */
    public Lib0Writer writer() {
      return w;
    }
  }

  /** {@code UintOptRleDecoder}: varInt(v) for one occurrence, varInt(-v) + varUint(count-2) for a run. */
  public static final class UintOptRleDecoder {
    private final Lib0Reader r;
    private long s;
    private long count;

    public UintOptRleDecoder(Lib0Reader r) {
      this.r = r;
    }

    public Lib0Reader reader() {
      return r;
    }

    public long read() {
      if (count == 0) {
        long v = r.readVarInt();
        count = 1;
        if (r.lastVarIntNegative()) {
          v = -v;
          count = r.readVarUint() + 2;
        }
        s = v;
      }
      count--;
      return s;
    }
  }

  public static final class UintOptRleEncoder {
    private final Lib0Writer w = new Lib0Writer(32);
    private long s;
    private long count;

    public void write(long v) {
      if (s == v) {
        count++;
      } else {
        flush();
        count = 1;
        s = v;
      }
    }

    private void flush() {
      if (count > 0) {
        // a single value is written positive; a run negative (-0 included) followed by count-2
        w.writeVarInt(s, count > 1);
        if (count > 1) {
          w.writeVarUint(count - 2);
        }
      }
    }

    /** Flushes and returns the column bytes; call once. */
    public Lib0Writer finish() {
      flush();
      count = 0;
      return w;
    }
  }

  /** {@code IntDiffOptRleDecoder}: varInt(diff*2 + hasCount) [varUint(count-2)]. */
  public static final class IntDiffOptRleDecoder {
    private final Lib0Reader r;
    private long s;
    private long count;
    private long diff;

    public IntDiffOptRleDecoder(Lib0Reader r) {
      this.r = r;
    }

    public long read() {
      if (count == 0) {
        long d = r.readVarInt();
        boolean hasCount = (d & 1) != 0;
        diff = d >> 1; // floor(d / 2)
        count = 1;
        if (hasCount) {
          count = r.readVarUint() + 2;
        }
      }
      s += diff;
      if (s > Wire.MAX_SAFE_INTEGER || s < -Wire.MAX_SAFE_INTEGER) {
        throw new CrdtDecodeException("V2 clock column out of range", r.offset());
      }
      count--;
      return s;
    }
  }

  public static final class IntDiffOptRleEncoder {
    private final Lib0Writer w = new Lib0Writer(32);
    private long s;
    private long count;
    private long diff;

    public void write(long v) {
      if (diff == v - s) {
        s = v;
        count++;
      } else {
        flush();
        count = 1;
        diff = v - s;
        s = v;
      }
    }

    private void flush() {
      if (count > 0) {
        w.writeVarInt(diff * 2 + (count == 1 ? 0 : 1));
        if (count > 1) {
          w.writeVarUint(count - 2);
        }
      }
    }

    public Lib0Writer finish() {
      flush();
      count = 0;
      return w;
    }
  }

  /**
   * {@code StringDecoder}: one varString holding all strings concatenated, then a UintOptRle column of
   * their UTF-16 lengths.
   */
  public static final class StringDecoder {
    private final String str;
    private final UintOptRleDecoder lens;
    private int spos;

    public StringDecoder(Lib0Reader r) {
      this.str = r.readVarString();
      this.lens = new UintOptRleDecoder(r);
    }

    /** UTF-16 units not consumed yet. */
    public int remainingChars() {
      return str.length() - spos;
    }

    public String read() {
      long n = lens.read();
      if (n > str.length() - spos) {
        throw new CrdtDecodeException("V2 string column exhausted: string of " + n + " UTF-16 units requested, "
            + (str.length() - spos) + " left");
      }
      int end = spos + (int) n;
      String res = str.substring(spos, end);
      spos = end;
      return res;
    }
  }

  public static final class StringEncoder {
    private final StringBuilder sb = new StringBuilder();
    private final UintOptRleEncoder lens = new UintOptRleEncoder();

    public void write(String s) {
      sb.append(s);
      lens.write(s.length());
    }

    /** Writes varString(concatenation) followed by the length column into {@code out}. */
    public void finishInto(Lib0Writer out) {
      out.writeVarString(sb);
      out.writeBytes(lens.finish());
    }
  }
}
