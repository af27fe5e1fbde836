package io.epicenter.sync.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the lib0 encodings y-protocols uses (varUint, varUint8Array, varString) from a byte array,
 * strictly: truncation, over-long varints and invalid UTF-8 are errors, never repaired.
 */
public final class Lib0Reader {

    /** lib0 numbers are JavaScript numbers: at most 2^53 - 1. */
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private final byte[] buf;
    private int pos;
    private final int end;

    public Lib0Reader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public Lib0Reader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    /** @return whether unread bytes remain */
    public boolean hasMore() {
        return pos < end;
    }

    /** @return the current position */
    public int position() {
        return pos;
    }

    /**
     * @return an unsigned varint (7 bits per byte, little end first)
     * @throws MalformedMessageException when truncated or above 2^53 - 1
     */
    public long readVarUint() throws MalformedMessageException {
        long value = 0;
        int shift = 0;
        while (true) {
            if (pos >= end) {
                throw new MalformedMessageException("truncated varUint at byte " + pos);
            }
            int b = buf[pos++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if (value > MAX_SAFE_INTEGER) {
                throw new MalformedMessageException("varUint above 2^53-1 at byte " + pos);
            }
            if (b < 0x80) {
                return value;
            }
            shift += 7;
            if (shift > 49) {
                throw new MalformedMessageException("varUint too long at byte " + pos);
            }
        }
    }

    /**
     * @return a length-prefixed byte array (copied)
     * @throws MalformedMessageException when the length runs past the end
     */
    public byte[] readVarUint8Array() throws MalformedMessageException {
        int len = readLength();
        byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return out;
    }

    /**
     * @return a length-prefixed UTF-8 string, decoded strictly
     * @throws MalformedMessageException when truncated or not valid UTF-8
     */
    public String readVarString() throws MalformedMessageException {
        int len = readLength();
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, pos, len))
                    .toString();
            pos += len;
            return s;
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException("invalid UTF-8 in string at byte " + pos);
        }
    }

    /**
     * @param len number of bytes to skip
     * @throws MalformedMessageException when that runs past the end
     */
    public void skip(int len) throws MalformedMessageException {
        if (len < 0 || len > end - pos) {
            throw new MalformedMessageException("length " + len + " runs past the end of the message at byte " + pos);
        }
        pos += len;
    }

    private int readLength() throws MalformedMessageException {
        long len = readVarUint();
        if (len > end - pos) {
            throw new MalformedMessageException("length " + len + " runs past the end of the message at byte " + pos);
        }
        return (int) len;
    }

    /**
     * @throws MalformedMessageException when bytes remain
     */
    public void expectEnd() throws MalformedMessageException {
        if (pos != end) {
            throw new MalformedMessageException((end - pos) + " unexpected trailing bytes");
        }
    }
}
