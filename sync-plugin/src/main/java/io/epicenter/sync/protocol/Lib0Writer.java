package io.epicenter.sync.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes the lib0 encodings y-protocols uses into a growing byte array. Not thread-safe. */
public final class Lib0Writer {

    private byte[] buf;
    private int len;

    public Lib0Writer() {
        this(32);
    }

    public Lib0Writer(int capacity) {
        buf = new byte[Math.max(8, capacity)];
    }

    /**
     * @param value a non-negative number up to 2^53 - 1
     * @return this
     */
    public Lib0Writer writeVarUint(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative varUint " + value);
        }
        ensure(10);
        while (value >= 0x80) {
            buf[len++] = (byte) (0x80 | (value & 0x7f));
            value >>>= 7;
        }
        buf[len++] = (byte) value;
        return this;
    }

    /**
     * @param bytes raw bytes, no length prefix
     * @return this
     */
    public Lib0Writer writeRaw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    /**
     * @param bytes bytes, written with a varUint length prefix
     * @return this
     */
    public Lib0Writer writeVarUint8Array(byte[] bytes) {
        writeVarUint(bytes.length);
        return writeRaw(bytes);
    }

    /**
     * @param s a string, written as varUint(UTF-8 length) + UTF-8 bytes
     * @return this
     */
    public Lib0Writer writeVarString(String s) {
        return writeVarUint8Array(s.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the bytes written (a copy sized exactly) */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** @return the number of bytes written */
    public int length() {
        return len;
    }

    /**
     * @param value a number
     * @return its varUint length in bytes
     */
    public static int varUintLength(long value) {
        int n = 1;
        while (value >= 0x80) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
