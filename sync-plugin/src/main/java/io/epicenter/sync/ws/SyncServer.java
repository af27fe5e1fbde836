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
import io.epicenter.sync.LogText;
import io.epicenter.sync.SyncSettings;
import io.epicenter.sync.limits.ConnectionLimiter;
import io.epicenter.sync.limits.SyncLimits;
import io.epicenter.sync.metrics.SyncMetrics;
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
    // operations (plugins.sync.limits.*, metrics); set once by instrument() before the routes serve
    private volatile SyncMetrics metrics = SyncMetrics.NOOP;
    private volatile SyncLimits syncLimits = SyncLimits.NONE;
    private volatile ConnectionLimiter limiter = new ConnectionLimiter(SyncLimits.NONE);

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

    /**
     * Set the metrics and the connection limits (before the routes serve).
     *
     * @param metrics where to count
     * @param limits the limits
     */
    public void instrument(SyncMetrics metrics, SyncLimits limits) {
        this.metrics = metrics;
        this.syncLimits = limits;
        this.limiter = new ConnectionLimiter(limits);
    }

    SyncMetrics metrics() {
        return metrics;
    }

    SyncLimits syncLimits() {
        return syncLimits;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** @return client addresses with open connections (tracked with a per-address limit; for metrics and tests) */
    public int trackedAddresses() {
        return limiter.addresses();
    }

    /** @return the largest outbound queue of any connection, bytes (a scan, for metrics) */
    public long queuedBytesMax() {
        long max = 0;
        for (Connection c : connections) {
            max = Math.max(max, c.queuedBytes());
        }
        return max;
    }

    /** @return the outbound queues of every connection together, bytes (a scan, for metrics) */
    public long queuedBytesSum() {
        long sum = 0;
        for (Connection c : connections) {
            sum += c.queuedBytes();
        }
        return sum;
    }

    RoomManager manager() {
        return manager;
    }

    DecodeLimits limits() {
        return limits;
    }

    /**
     * Called on the connection's reader thread from onOpen.
     *
     * @param forwardedFor the {@code X-Forwarded-For} header when it is trusted, else null
     */
    Connection open(WsSession session, String roomId, Access access, String forwardedFor) {
        Connection c = new Connection(this, session, Thread.currentThread(), roomId, access);
        connections.add(c);
        metrics.connectionOpened();
        if (access != Access.READ_WRITE && access != Access.READ_ONLY) {
            // before anything is queued: the peer gets the close frame and nothing else
            c.close(CloseCodes.UNAUTHORIZED, "Unauthorized");
            return c;
        }
        // admission (plugins.sync.limits.*): refused connections get 1013 and a reason, nothing else
        String address = ClientAddress.of(session, forwardedFor);
        SyncMetrics.Limit refused = limiter.tryAcquire(address);
        if (refused != null) {
            refuse(c, refused, address, refused == SyncMetrics.Limit.CONNECTIONS
                    ? "try again later: server connection limit reached (" + limiter.maxTotal() + ")"
                    : "try again later: too many connections from your address (limit " + limiter.maxPerAddress() + ")");
            return c;
        }
        if (!c.admitted(address)) {
            limiter.release(address); // closed (and unregistered) meanwhile: the slot is ours to release
            return c;
        }
        Room room;
        try {
            room = manager.acquire(roomId);
        } catch (RoomUnavailableException e) {
            if (e.closeCode() == CloseCodes.TRY_AGAIN_LATER) {
                logRefusal(c, SyncMetrics.Limit.ROOMS, address);
            }
            c.close(e.closeCode(), e.getMessage());
            return c;
        }
        boolean attached;
        try {
            attached = c.attach(room); // releases the room itself if it throws
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "sync attach failed: room=" + LogText.quote(roomId) + " conn=" + c.id(), e);
            c.close(CloseCodes.INTERNAL_ERROR, "internal error");
            return c;
        }
        if (!attached) {
            refuse(c, SyncMetrics.Limit.ROOM_CONNECTIONS, address, "try again later: room is full ("
                    + syncLimits.maxConnectionsPerRoom() + " connections)");
        }
        return c;
    }

    private void refuse(Connection c, SyncMetrics.Limit limit, String address, String reason) {
        metrics.refused(limit);
        logRefusal(c, limit, address);
        c.close(CloseCodes.TRY_AGAIN_LATER, reason);
    }

    private static void logRefusal(Connection c, SyncMetrics.Limit limit, String address) {
        LOG.log(System.Logger.Level.INFO, "sync limit: room=" + LogText.quote(c.roomId()) + " conn=" + c.id()
                + " limit=" + limit.name().toLowerCase(java.util.Locale.ROOT) + " client=" + LogText.quote(address));
    }

    void unregister(Connection c) {
        connections.remove(c);
        String address = c.takeAdmission();
        if (address != null) {
            limiter.release(address);
        }
    }

    /** Run a connection's awareness flush after the delay (the timer task only starts a virtual thread). */
    void scheduleAwarenessFlush(Connection c, long nanos) {
        try {
            timer.schedule(() -> Thread.ofVirtual().name("sync-awareness-" + c.id()).start(c::flushAwareness),
                           nanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            // timer stopped (shutdown): the held states are dropped with the connection
        }
    }

    void scheduleCut(Connection c) {
        try {
            timer.schedule(c::cut, settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // timer stopped (shutdown): cut now
            c.cut();
        }
    }

    /**
     * Close every connection of a room (e.g. because the room was deleted).
     *
     * @param roomId the room
     * @param code the close code
     * @param reason the reason
     * @return how many connections were closed
     */
    public int closeRoom(String roomId, int code, String reason) {
        int n = 0;
        for (Connection c : Set.copyOf(connections)) {
            if (c.roomId().equals(roomId) && !c.isClosing()) {
                c.close(code, reason);
                n++;
            }
        }
        return n;
    }

    /**
     * @param roomId a room
     * @return its open connections
     */
    public int connectionCount(String roomId) {
        int n = 0;
        for (Connection c : connections) {
            if (c.roomId().equals(roomId) && !c.isClosing()) {
                n++;
            }
        }
        return n;
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
