package io.epicenter.sync.ws;

import java.util.Optional;
import java.util.function.Supplier;

import io.epicenter.plugin.auth.Access;
import io.epicenter.plugin.auth.Authorizer;
import io.epicenter.plugin.rooms.RoomResolver;
import io.epicenter.plugin.rooms.RoomsService;
import io.epicenter.sync.LogText;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;

/**
 * The listener of one connection (Helidon makes one per connection and calls it on that
 * connection's thread only). {@link #onHttpUpgrade} resolves the room and decides access; the rest
 * is delegated to the {@link Connection}. No callback lets an exception escape: Helidon would close
 * with 1011 without a close callback.
 */
final class SyncListener implements WsListener {

    private static final System.Logger LOG = System.getLogger("io.epicenter.sync.ws");
    private static final String BEARER = "bearer ";

    private final SyncServer server;
    private final RoomResolver resolver;
    private final Supplier<Authorizer> authorizer;

    private String roomId;
    private Access access = Access.DENY;
    private String forwardedFor; // X-Forwarded-For, kept only when plugins.sync.limits.trust-forwarded-for
    private Connection connection;

    SyncListener(SyncServer server, RoomResolver resolver, Supplier<Authorizer> authorizer) {
        this.server = server;
        this.resolver = resolver;
        this.authorizer = authorizer;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        String id;
        try {
            id = resolver.roomId(prologue, headers);
        } catch (IllegalArgumentException e) {
            throw new WsUpgradeException("invalid room id: " + e.getMessage());
        }
        if (!RoomsService.isValidRoomId(id)) {
            throw new WsUpgradeException("invalid room id");
        }
        roomId = id;
        if (server.syncLimits().trustForwardedFor()) {
            // every header line joined: the last entry is the one our proxy appended
            forwardedFor = headers.contains(HeaderNames.X_FORWARDED_FOR)
                    ? String.join(",", headers.get(HeaderNames.X_FORWARDED_FOR).allValues()) : null;
        }
        try {
            Access granted = authorizer.get().authorize(id, token(prologue, headers), headers);
            access = granted == null ? Access.DENY : granted;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "sync authorizer failed, access denied: room=" + LogText.quote(id)
                    + " error=" + e.getClass().getName());
            access = Access.DENY;
        }
        return Optional.empty();
    }

    /** The token from {@code Authorization: Bearer} or else {@code ?token=}; null if none. Never logged. */
    static String token(HttpPrologue prologue, Headers headers) {
        Optional<String> auth = headers.first(HeaderNames.AUTHORIZATION);
        if (auth.isPresent() && auth.get().regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return auth.get().substring(BEARER.length());
        }
        UriQuery query = prologue.query();
        if (query.contains("token")) {
            return query.get("token");
        }
        return null;
    }

    @Override
    public void onOpen(WsSession session) {
        try {
            if (roomId == null) {
                // onHttpUpgrade did not run (should not happen): refuse rather than guess
                connection = server.open(session, "?", Access.DENY, null);
                return;
            }
            connection = server.open(session, roomId, access, forwardedFor);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "sync open failed: room=" + LogText.quote(roomId), e);
            if (connection != null) {
                connection.close(CloseCodes.INTERNAL_ERROR, "internal error");
            } else {
                safeClose(session);
            }
        }
    }

    private static void safeClose(WsSession session) {
        try {
            session.close(CloseCodes.INTERNAL_ERROR, "internal error");
        } catch (RuntimeException ignored) {
            // the peer is gone
        }
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        Connection c = connection;
        if (c == null) {
            return;
        }
        try {
            c.onBinary(buffer, last);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "sync message failed: room=" + LogText.quote(roomId) + " conn=" + c.id(), e);
            c.close(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        Connection c = connection;
        if (c != null) {
            c.onText();
        }
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        Connection c = connection;
        if (c != null) {
            c.onPing(buffer); // Helidon does not answer pings itself
        }
    }

    @Override
    public void onPong(WsSession session, BufferData buffer) {
        Connection c = connection;
        if (c != null) {
            c.heard();
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        Connection c = connection;
        if (c != null) {
            c.closedByPeer(status, reason);
        }
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        Connection c = connection;
        LOG.log(System.Logger.Level.WARNING, "sync connection error: room=" + LogText.quote(roomId)
                + " conn=" + (c == null ? "-" : c.id()) + " error=" + t.getClass().getName());
        if (c != null) {
            // Helidon closes with 1011 and calls nothing else
            c.failed("error: " + t.getClass().getSimpleName());
        }
    }
}
