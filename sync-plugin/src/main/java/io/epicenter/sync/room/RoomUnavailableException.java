package io.epicenter.sync.room;

/** A room could not be joined: its load failed (1011) or the server is shutting down (1001). */
public final class RoomUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int closeCode;

    public RoomUnavailableException(int closeCode, String reason, Throwable cause) {
        super(reason, cause);
        this.closeCode = closeCode;
    }

    /** @return the WebSocket close code to use */
    public int closeCode() {
        return closeCode;
    }
}
