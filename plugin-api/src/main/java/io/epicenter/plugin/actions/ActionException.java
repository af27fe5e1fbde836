package io.epicenter.plugin.actions;

/** A failure an action reports to its caller with an HTTP status and a message meant for clients. */
public class ActionException extends RuntimeException {

    private final int status;

    /**
     * @param status HTTP status (4xx or 5xx)
     * @param message shown to the client
     */
    public ActionException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }
}
