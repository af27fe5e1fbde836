package io.epicenter.sync.ws;

/** WebSocket close codes this server sends, each always with a reason. */
public final class CloseCodes {
    /** normal closure */
    public static final int NORMAL = 1000;
    /** server shutting down, or a peer that stopped answering pings */
    public static final int GOING_AWAY = 1001;
    /** protocol error: a message that decodes but breaks the y-websocket protocol */
    public static final int PROTOCOL_ERROR = 1002;
    /** a text frame (y-websocket is binary only) */
    public static final int UNSUPPORTED_DATA = 1003;
    /** a corrupt update or an undecodable message */
    public static final int INVALID_PAYLOAD = 1007;
    /**
     * policy violation: a limit of plugins.sync.limits.* (document too large, update rate, data
     * before admission)
     */
    public static final int POLICY_VIOLATION = 1008;
    /** a message above plugins.sync.max-message-bytes */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** internal error, or the room could not be loaded */
    public static final int INTERNAL_ERROR = 1011;
    /**
     * overloaded, try again later: the connection's outbound queue overflowed, or a connection /
     * room limit of plugins.sync.limits.* refused it
     */
    public static final int TRY_AGAIN_LATER = 1013;
    /** the token was missing or wrong */
    public static final int UNAUTHORIZED = 4401;
    /** the room was deleted (document API {@code DELETE /rooms/{id}}) */
    public static final int ROOM_DELETED = 4404;

    private CloseCodes() {
    }
}
