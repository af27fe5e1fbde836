package io.epicenter.sync.room;

/**
 * An update was refused because the room's document would pass
 * {@code plugins.sync.limits.max-document-bytes}. The room is unchanged. A WebSocket sender is
 * closed with 1008; a rooms-service caller gets this exception.
 */
public final class DocumentTooLargeException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    DocumentTooLargeException(long held, int update, long limit) {
        super("document too large: room holds " + held + " bytes, update of " + update + " bytes, limit " + limit);
    }
}
