package io.epicenter.sync.ws;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.plugin.auth.Access;
import io.epicenter.plugin.auth.Authorizer;
import io.epicenter.plugin.rooms.RoomResolver;
import io.epicenter.sync.SyncSettings;
import io.epicenter.sync.room.Room;
import io.epicenter.sync.room.RoomManager;
import io.epicenter.sync.room.RoomUnavailableException;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

/**
 * The WebSocket side of the sync plugin: creates listeners, keeps the set of open connections,
 * runs the keepalive sweep and closes everything at shutdown.
 *
 * <p>The keepalive sweep runs on the shared timer every {@code min(ping-interval / 4, 1 s)}; it
 * only reads volatile fields and queues pings (non-blocking); anything that may block (leaving a
 * room) runs on a fresh virtual thread. It finds:
 * <ul>
 *   <li>connections whose Helidon thread has ended without any callback (dropped TCP connection,
 *       Helidon's own 1009 for an over-long frame): lost, cleaned up;</li>
 *   <li>connections due for a ping: pinged; if nothing at all was heard since the previous ping a
 *       whole interval ago, closed with 1001 "ping timeout".</li>
 * </ul>
 */
public final class SyncServer {

    private static final System.Logger LOG = System.getLogger("io.epicenter.sync.ws");

    private final SyncSettings settings;
    private final RoomManager manager;
    private final ScheduledExecutorService timer;
    private final DecodeLimits limits;
    private final Supplier<Authorizer> authorizer;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> sweep;

    /**
     * @param settings the plugin settings
     * @param manager the rooms
     * @param timer the shared timer (its tasks must not block)
     * @param limits limits for validating updates
     * @param authorizer the current authorizer (looked up per connection)
     */
    public SyncServer(SyncSettings settings, RoomManager manager, ScheduledExecutorService timer, DecodeLimits limits,
                      Supplier<Authorizer> authorizer) {
        this.settings = settings;
        this.manager = manager;
        this.timer = timer;
        this.limits = limits;
        this.authorizer = authorizer;
        long tick = Math.max(10, Math.min(1000, settings.pingInterval().toMillis() / 4));
        this.sweep = timer.scheduleWithFixedDelay(this::sweep, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * @param resolver maps the upgrade request to a room id
     * @param customAuthorizer an authorizer, or null for the registry's
     * @return a listener for one connection
     */
    public WsListener listener(RoomResolver resolver, Authorizer customAuthorizer) {
        return new SyncListener(this, resolver, customAuthorizer == null ? authorizer : () -> customAuthorizer);
    }

    SyncSettings settings() {
        return settings;
    }

    RoomManager manager() {
        return manager;
    }

    DecodeLimits limits() {
        return limits;
    }

    /** Called on the connection's reader thread from onOpen. */
    Connection open(WsSession session, String roomId, Access access) {
        Connection c = new Connection(this, session, Thread.currentThread(), roomId, access);
        connections.add(c);
        if (access != Access.READ_WRITE && access != Access.READ_ONLY) {
            // before anything is queued: the peer gets the close frame and nothing else
            c.close(CloseCodes.UNAUTHORIZED, "Unauthorized");
            return c;
        }
        Room room;
        try {
            room = manager.acquire(roomId);
        } catch (RoomUnavailableException e) {
            c.close(e.closeCode(), e.getMessage());
            return c;
        }
        c.attach(room);
        return c;
    }

    void unregister(Connection c) {
        connections.remove(c);
    }

    void scheduleCut(Connection c) {
        try {
            timer.schedule(c::cut, settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // timer stopped (shutdown): cut now
            c.cut();
        }
    }

    /** @return open connections */
    public int connectionCount() {
        return connections.size();
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            long interval = settings.pingInterval().toNanos();
            for (Connection c : connections) {
                if (c.isClosing()) {
                    continue;
                }
                if (!c.readerAlive()) {
                    Thread.ofVirtual().name("sync-lost-" + c.id()).start(() -> c.lost("connection dropped"));
                } else if (now - c.lastPingNanos() >= interval) {
                    if (c.pinged() && c.lastHeardNanos() < c.lastPingNanos()) {
                        Thread.ofVirtual().name("sync-close-" + c.id()).start(
                                () -> c.close(CloseCodes.GOING_AWAY, "ping timeout"));
                    } else {
                        c.ping(now);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "sync keepalive sweep failed", e);
        }
    }

    /**
     * Close every connection with 1001 and wait (up to the close timeout, at most 3 s) for them to
     * go; cut the rest.
     */
    public void stop() {
        sweep.cancel(false);
        Set<Connection> all = Set.copyOf(connections);
        for (Connection c : all) {
            c.close(CloseCodes.GOING_AWAY, "server shutting down");
        }
        long deadline = System.nanoTime() + Math.min(settings.closeTimeout().toNanos(), Duration.ofSeconds(3).toNanos());
        for (Connection c : all) {
            while (c.readerAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            c.cut();
        }
    }
}
