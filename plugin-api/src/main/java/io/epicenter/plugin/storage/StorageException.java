package io.epicenter.plugin.storage;

import java.util.Optional;

/**
 * Why a storage operation failed. Every failed future of {@link Storage} completes with one of these
 * (possibly wrapped in a {@link java.util.concurrent.CompletionException} by the future's
 * machinery: look at the cause). The message starts with the room id when there is one.
 *
 * <p>Implementers: throw (or complete exceptionally with) this type, never another runtime
 * exception, and set {@link #retryable()} to false only when retrying the same call cannot succeed
 * (for example an invalid room id, or a closed store).
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String roomId;
    private final boolean retryable;

    /**
     * @param roomId the room the operation was for, or null for an operation on no single room
     * @param message what failed
     * @param cause the underlying error, or null
     * @param retryable whether the same call may succeed later (e.g. after a transient I/O error)
     */
    public StorageException(String roomId, String message, Throwable cause, boolean retryable) {
        super(roomId == null ? message : "room " + roomId + ": " + message, cause);
        this.roomId = roomId;
        this.retryable = retryable;
    }

    /**
     * A retryable failure.
     *
     * @param roomId the room, or null
     * @param message what failed
     * @param cause the underlying error, or null
     */
    public StorageException(String roomId, String message, Throwable cause) {
        this(roomId, message, cause, true);
    }

    /** @return the room the failed operation was for, if it was for one */
    public Optional<String> roomId() {
        return Optional.ofNullable(roomId);
    }

    /** @return whether retrying the same call (with backoff) may succeed */
    public boolean retryable() {
        return retryable;
    }
}
