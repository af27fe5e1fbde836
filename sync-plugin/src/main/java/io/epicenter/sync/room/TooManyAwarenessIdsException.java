package io.epicenter.sync.room;

/**
 * An awareness update was refused because its sender would own more client ids than
 * {@code plugins.sync.limits.max-awareness-ids-per-connection}. Nothing of it was applied. A
 * WebSocket sender is closed with 1008 "too many awareness client ids".
 */
public final class TooManyAwarenessIdsException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    TooManyAwarenessIdsException(int wouldOwn, int limit) {
        super("too many awareness client ids: " + wouldOwn + " > limit " + limit);
    }
}
