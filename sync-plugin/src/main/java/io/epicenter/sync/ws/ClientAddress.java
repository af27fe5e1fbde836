package io.epicenter.sync.ws;

import io.helidon.websocket.WsSession;

/**
 * The client address that per-address limits count and logs show: the TCP peer's host, or, when
 * {@code plugins.sync.limits.trust-forwarded-for} is on, the last entry of {@code X-Forwarded-For}
 * (the address the proxy in front of us saw; entries before it are whatever the client claimed).
 */
final class ClientAddress {

    private static final int MAX_LENGTH = 64;

    private ClientAddress() {
    }

    /**
     * @param session the connection
     * @param forwardedFor the {@code X-Forwarded-For} header when trusted, else null
     * @return the address (never null)
     */
    static String of(WsSession session, String forwardedFor) {
        if (forwardedFor != null) {
            String last = forwardedFor.substring(forwardedFor.lastIndexOf(',') + 1).trim();
            if (!last.isEmpty() && last.length() <= MAX_LENGTH) {
                return last;
            }
        }
        try {
            return session.socketContext().remotePeer().host();
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
