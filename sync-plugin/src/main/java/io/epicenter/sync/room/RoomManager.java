package io.epicenter.sync.room;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.plugin.rooms.RoomTransaction;
import io.epicenter.sync.LogText;
import io.epicenter.sync.metrics.SyncMetrics;

/**
 * The only place rooms live. Rooms are created on first {@link #acquire}, loaded once
 * (single-flight: concurrent acquirers wait for the one load) and evicted after the eviction delay
 * once no holder is left. Every holder (a connection, or a call through the rooms service) pairs
 * {@link #acquire} with {@link #release}.
 *
 * <p>Thread-safe: the map is concurrent and every room changes only in its own lane (see
 * {@link Room}). No lock is ever held across two rooms.
 */
public final class RoomManager {

    private static final System.Logger LOG = System.getLogger("io.epicenter.sync.room");

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final RoomStore store;
    private final Duration evictionDelay;
    private final ScheduledExecutorService timer;
    private final DecodeLimits limits;
    private final RoomStateKind roomState;
    private volatile boolean stopping;
    // operations (plugins.sync.limits.*, metrics); set once by instrument() before use
    private volatile SyncMetrics metrics = SyncMetrics.NOOP;
    private volatile int maxRooms;
    private volatile long maxDocumentBytes;

    /**
     * @param store the storage seam
     * @param evictionDelay how long an unused room stays loaded
     * @param timer schedules evictions (its tasks only start virtual threads)
     * @param limits limits for validating updates that arrive through the rooms service
     */
    public RoomManager(RoomStore store, Duration evictionDelay, ScheduledExecutorService timer, DecodeLimits limits) {
        this(store, evictionDelay, timer, limits, RoomStateKind.DOCUMENT);
    }

    /**
     * @param store the storage seam
     * @param evictionDelay how long an unused room stays loaded
     * @param timer schedules evictions (its tasks only start virtual threads)
     * @param limits limits for validating updates that arrive through the rooms service
     * @param roomState how rooms hold their document ({@code plugins.sync.room-state})
     */
    public RoomManager(RoomStore store, Duration evictionDelay, ScheduledExecutorService timer, DecodeLimits limits,
                       RoomStateKind roomState) {
        this.store = store;
        this.evictionDelay = evictionDelay;
        this.timer = timer;
        this.limits = limits;
        this.roomState = roomState;
    }

    /** @return how rooms hold their document */
    public RoomStateKind roomState() {
        return roomState;
    }

    /**
     * Set the metrics and the room limits (before the first room is acquired).
     *
     * @param metrics where to count
     * @param maxRooms rooms loaded at once ({@code plugins.sync.limits.max-rooms}, 0: no limit)
     * @param maxDocumentBytes bytes one room's document may hold (0: no limit)
     */
    public void instrument(SyncMetrics metrics, int maxRooms, long maxDocumentBytes) {
        this.metrics = metrics;
        this.maxRooms = maxRooms;
        this.maxDocumentBytes = maxDocumentBytes;
    }

    SyncMetrics metrics() {
        return metrics;
    }

    long maxDocumentBytes() {
        return maxDocumentBytes;
    }

    /**
     * Get a room to use, creating and loading it if needed; blocks while it loads. A room that is
     * draining becomes active again; a room that was just closed is replaced by a fresh one.
     *
     * @param roomId a valid room id
     * @return the room, held by the caller until {@link #release}
     * @throws RoomUnavailableException when its load failed (1011) or the manager is stopping (1001)
     */
    public Room acquire(String roomId) throws RoomUnavailableException {
        while (true) {
            if (stopping) {
                throw new RoomUnavailableException(1001, "server shutting down", null);
            }
            Room room = rooms.get(roomId);
            if (room == null) {
                int max = maxRooms;
                if (max > 0 && rooms.size() >= max) {
                    // admission control: rooms already loaded keep working; this one is not loaded
                    metrics.refused(SyncMetrics.Limit.ROOMS);
                    throw new RoomUnavailableException(1013, "try again later: room limit reached (" + max + " rooms loaded)", null);
                }
                Room fresh = new Room(roomId, this);
                room = rooms.putIfAbsent(roomId, fresh);
                if (room == null) {
                    room = fresh;
                    load(fresh);
                }
            }
            try {
                room.loaded().get();
            } catch (ExecutionException e) {
                throw new RoomUnavailableException(1011, e.getCause() instanceof io.epicenter.plugin.storage.StorageException
                        ? "failed to load room: storage error" : "failed to load room", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RoomUnavailableException(1011, "interrupted while loading room", e);
            }
            if (room.hold()) {
                return room;
            }
            // closed by an eviction that won the race: the map no longer has it; go again
            rooms.remove(roomId, room);
        }
    }

    /**
     * @param room a room obtained from {@link #acquire}; starts the eviction delay when it was the
     *             last holder
     */
    public void release(Room room) {
        room.unhold();
    }

    /**
     * Run a change in a room's lane, holding the room meanwhile.
     *
     * @param roomId a valid room id
     * @param change the change
     * @param <T> result type
     * @return the change's result
     * @throws RoomUnavailableException when the room cannot be loaded
     */
    public <T> T withRoom(String roomId, Function<RoomTransaction, T> change) throws RoomUnavailableException {
        Room room = acquire(roomId);
        try {
            return room.transaction(change);
        } finally {
            release(room);
        }
    }

    private void load(Room room) {
        long start = System.nanoTime();
        Optional<byte[]> state;
        RoomState loaded;
        try {
            state = store.load(room.id());
            loaded = roomState.create(state.orElse(null)); // a document integrates it now: may fail too
        } catch (Exception | LinkageError e) {
            rooms.remove(room.id(), room);
            LOG.log(System.Logger.Level.WARNING, "sync room load failed: room=" + LogText.quote(room.id()) + " error=" + e);
            metrics.roomLoadFailed();
            room.failLoad(e);
            return;
        }
        room.finishLoad(loaded);
        metrics.roomLoaded(System.nanoTime() - start);
        LOG.log(System.Logger.Level.INFO, "sync room loaded: room=" + LogText.quote(room.id())
                + " bytes=" + state.map(s -> s.length).orElse(0)
                + " ms=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    ScheduledFuture<?> scheduleEviction(Room room) {
        if (stopping) {
            return null;
        }
        return timer.schedule(() -> Thread.ofVirtual().name("sync-evict").start(() -> evict(room)),
                              evictionDelay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void evict(Room room) {
        try {
            if (room.evictIfDraining()) {
                rooms.remove(room.id(), room);
                metrics.roomEvicted();
                LOG.log(System.Logger.Level.INFO, "sync room evicted: room=" + LogText.quote(room.id())
                        + " after=" + evictionDelay);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "sync room eviction failed: room=" + LogText.quote(room.id()), e);
        }
    }

    void persistFailed(Room room, Exception e) {
        metrics.persistFailed();
        LOG.log(System.Logger.Level.WARNING, "sync room persist failed, kept loaded: room=" + LogText.quote(room.id())
                + " error=" + e);
    }

    RoomStore store() {
        return store;
    }

    DecodeLimits limits() {
        return limits;
    }

    /** @return the number of rooms in the manager (any state) */
    public int roomCount() {
        return rooms.size();
    }

    /**
     * @param roomId a room id
     * @return the room if it is in the manager (for tests and status), without holding it
     */
    public Optional<Room> peek(String roomId) {
        return Optional.ofNullable(rooms.get(roomId));
    }

    /** @return rooms per lifecycle state */
    public Map<Room.State, Integer> countByState() {
        Map<Room.State, Integer> out = new EnumMap<>(Room.State.class);
        for (Room.State s : Room.State.values()) {
            out.put(s, 0);
        }
        rooms.values().forEach(r -> out.merge(r.state(), 1, Integer::sum));
        return out;
    }

    /**
     * @param state a lifecycle state
     * @return rooms in it now (a scan, for metrics)
     */
    public int countInState(Room.State state) {
        int n = 0;
        for (Room r : rooms.values()) {
            if (r.state() == state) {
                n++;
            }
        }
        return n;
    }

    /** @return present awareness states over every room (a scan, for metrics) */
    public long awarenessStates() {
        long n = 0;
        for (Room r : rooms.values()) {
            n += r.awarenessCount();
        }
        return n;
    }

    /**
     * Delete a room: close it in memory (it takes no more updates; {@code closeConnections} then
     * closes its connections), delete it from the store, and only then let it be used again: whoever
     * acquires it meanwhile waits and gets a fresh, empty room (or 1011 if the deletion failed).
     *
     * @param roomId a valid room id
     * @param closeConnections closes the room's connections (called outside any lane)
     * @return whether anything was stored for the room or it was loaded
     * @throws RoomUnavailableException when the manager is stopping (1001)
     * @throws Exception when the store failed to delete it
     */
    public boolean delete(String roomId, Runnable closeConnections) throws Exception {
        if (stopping) {
            throw new RoomUnavailableException(1001, "server shutting down", null);
        }
        Room fresh = new Room(roomId, this); // LOADING until the deletion is done: acquirers wait for it
        Room old = rooms.put(roomId, fresh);
        if (old != null) {
            old.closeForDelete();
        }
        boolean existed;
        try {
            closeConnections.run();
            existed = store.delete(roomId) | (old != null);
        } catch (Exception | LinkageError e) {
            rooms.remove(roomId, fresh);
            LOG.log(System.Logger.Level.WARNING, "sync room delete failed: room=" + LogText.quote(roomId) + " error=" + e);
            fresh.failLoad(e);
            throw e;
        }
        fresh.finishLoad(roomState.create(null));
        LOG.log(System.Logger.Level.INFO, "sync room deleted: room=" + LogText.quote(roomId) + " existed=" + existed);
        if (fresh.closeIfUnused()) {
            rooms.remove(roomId, fresh); // nobody came for it meanwhile: gone from memory too
        }
        return existed;
    }

    /** @return the ids of the rooms in the manager (any state) */
    public java.util.List<String> roomIds() {
        return java.util.List.copyOf(rooms.keySet());
    }

    /**
     * Refuse new acquisitions, persist every room (best effort, in parallel, a few seconds at most),
     * then close the store (which stores what is still pending). Connections are closed by their
     * owner (the WebSocket layer) before this.
     */
    public void stop() {
        stopping = true;
        java.util.List<Thread> persisting = new java.util.ArrayList<>();
        for (Room room : rooms.values()) {
            persisting.add(Thread.ofVirtual().name("sync-persist").start(() -> {
                try {
                    room.persistNow();
                } catch (Exception | LinkageError e) {
                    persistFailed(room, e instanceof Exception ex ? ex : new IllegalStateException(e));
                }
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (Thread t : persisting) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.join(java.time.Duration.ofNanos(left))) {
                    LOG.log(System.Logger.Level.WARNING, "sync stop: rooms still persisting after 3 s, closing the store");
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            store.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "sync store close failed: error=" + e);
        }
    }
}
