package io.epicenter.sync.protocol;

import io.epicenter.crdt.lib0.CrdtDecodeException;
import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.crdt.lib0.Lib0Reader;

/**
 * The crdt module's {@link Lib0Reader} with what y-websocket messages need on top: every decode error
 * is a {@link MalformedMessageException}, varUints longer than 8 bytes are rejected (crdt allows 10
 * with zero padding), and {@link #expectEnd()} rejects trailing bytes.
 */
final class MessageReader {

    /** Lengths are bounded by the message only (its size is capped by plugins.sync.max-message-bytes). */
    private static final DecodeLimits LIMITS = DecodeLimits.defaults().withMaxStringBytes(Integer.MAX_VALUE);
    /** 8 bytes carry 56 bits, enough for 2^53 - 1. */
    private static final int MAX_VARUINT_BYTES = 8;

    private final Lib0Reader r;

    MessageReader(byte[] buf) {
        r = new Lib0Reader(buf, LIMITS);
    }

    /** @return an unsigned varint, at most 2^53 - 1 and 8 bytes long */
    long readVarUint() throws MalformedMessageException {
        checkVarUintSize();
        try {
            return r.readVarUint();
        } catch (CrdtDecodeException e) {
            throw new MalformedMessageException(e.getMessage());
        }
    }

    /** @return a length-prefixed byte array (copied) */
    byte[] readVarUint8Array() throws MalformedMessageException {
        checkVarUintSize();
        try {
            return r.readVarBytes();
        } catch (CrdtDecodeException e) {
            throw new MalformedMessageException(e.getMessage());
        }
    }

    /** @return a length-prefixed string, strict UTF-8 */
    String readVarString() throws MalformedMessageException {
        checkVarUintSize();
        try {
            return r.readVarString();
        } catch (CrdtDecodeException e) {
            throw new MalformedMessageException(e.getMessage());
        }
    }

    /** Rejects a varUint at the cursor whose first 8 bytes all have the continuation bit. */
    private void checkVarUintSize() throws MalformedMessageException {
        byte[] b = r.buffer();
        int p = r.pos();
        if (r.remaining() < MAX_VARUINT_BYTES) {
            return; // too short to be too long; truncation is crdt's reader's error
        }
        for (int i = 0; i < MAX_VARUINT_BYTES; i++) {
            if (b[p + i] >= 0) {
                return;
            }
        }
        throw new MalformedMessageException("varUint too long at byte " + (p + MAX_VARUINT_BYTES));
    }

    /** @throws MalformedMessageException when bytes remain */
    void expectEnd() throws MalformedMessageException {
        if (r.hasContent()) {
            throw new MalformedMessageException(r.remaining() + " unexpected trailing bytes");
        }
    }
}
