package io.epicenter.sync.protocol;

/**
 * A y-websocket message that cannot be decoded (truncated, varint too long, trailing bytes,
 * invalid UTF-8 or JSON). The connection that sent it is closed with 1007; nothing of it is applied.
 */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String reason) {
        super(reason, null, false, false);
    }
}
