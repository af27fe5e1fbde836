package io.epicenter.workspace.store;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.epicenter.crdt.doc.Doc;
import io.epicenter.crdt.id.StateVector;
import io.epicenter.plugin.rooms.RoomTransaction;
import io.epicenter.plugin.rooms.RoomsService;

/**
 * The one path by which the workspace plugin reads and writes workspace documents.
 *
 * <p>Each workspace's document is the sync plugin's room whose id is the workspace id. The plugin
 * keeps one {@link Doc} per workspace as a cache of that room, touched only inside the room's lane
 * ({@link RoomsService#inLane}), and additionally under a per-workspace lock (cheap: nothing in
 * there blocks on I/O). Every operation first brings the cached doc up to date with the room
 * ({@code tx.encodeStateAsUpdate(doc.encodeStateVector())} → {@code doc.applyUpdate}); a write then
 * runs as one local transaction on the doc, and the update it produces is applied to the room with
 * {@code tx.applyUpdate}, so it is stored and broadcast like any client's update.
 *
 * <p>If the room holds less than the cached doc (the room was evicted and reloaded without that
 * data, or an update could not be applied), the cache is dropped and rebuilt from the room, with a
 * new client id. The client id is random per cached doc (as Yjs does per document), never reused
 * across rebuilds or restarts: reusing one after a loss could produce two different structs with one id.
 */
public final class WorkspaceDocs {

    private static final System.Logger LOG = System.getLogger("io.epicenter.workspace");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Origin of the plugin's updates (not a connection: every connection receives them). */
    public static final String ORIGIN = "workspace-plugin";

    private final RoomsService rooms;
    private final long timeoutMillis;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param rooms the sync plugin's rooms
     * @param timeoutMillis how long a caller waits for the room's lane
     */
    public WorkspaceDocs(RoomsService rooms, long timeoutMillis) {
        this.rooms = rooms;
        this.timeoutMillis = timeoutMillis;
    }

    private static final class Cached {
        final ReentrantLock lock = new ReentrantLock();
        Doc doc;
    }

    /**
     * Read the workspace's document (brought up to date with the room first).
     *
     * @param workspace workspace (= room) id
     * @param read runs in the lane; must not keep the doc
     * @param <T> result type
     * @return its result
     */
    public <T> T read(String workspace, Function<Doc, T> read) {
        return run(workspace, (tx, c) -> read.apply(c.doc));
    }

    /**
     * Change the workspace's document in one Yjs transaction, applied to the room (stored and
     * broadcast). Exceptions thrown by {@code change} before it changed anything leave everything as
     * it was; after a partial change the cache is rebuilt and nothing reaches the room.
     *
     * @param workspace workspace (= room) id
     * @param change runs inside {@code doc.transact} in the lane
     * @param <T> result type
     * @return its result
     */
    public <T> T write(String workspace, Function<Doc, T> change) {
        return run(workspace, (tx, c) -> {
            Doc doc = c.doc;
            List<byte[]> updates = new ArrayList<>(1);
            Runnable off = doc.onUpdate(updates::add);
            List<T> result = new ArrayList<>(1);
            try {
                doc.transact(txn -> result.add(change.apply(doc)));
            } catch (RuntimeException | Error e) {
                if (!updates.isEmpty()) {
                    c.doc = null; // partially changed: rebuild from the room next time
                }
                throw e;
            } finally {
                off.run();
            }
            try {
                for (byte[] u : updates) {
                    tx.applyUpdate(u, ORIGIN);
                }
            } catch (RuntimeException e) {
                c.doc = null;
                throw e;
            }
            return result.get(0);
        });
    }

    private interface Op<T> {
        T apply(RoomTransaction tx, Cached c);
    }

    private <T> T run(String workspace, Op<T> op) {
        Cached c = cache.computeIfAbsent(workspace, k -> new Cached());
        try {
            return rooms.inLane(workspace, tx -> {
                c.lock.lock();
                try {
                    refresh(tx, c);
                    return op.apply(tx, c);
                } finally {
                    c.lock.unlock();
                }
            }).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("workspace " + workspace + ": " + cause, cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("workspace " + workspace + ": timed out waiting for the document", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("workspace " + workspace + ": interrupted", e);
        }
    }

    private static void refresh(RoomTransaction tx, Cached c) {
        if (c.doc != null && !covers(StateVector.decode(tx.encodeStateVector()), c.doc.stateVector())) {
            LOG.log(System.Logger.Level.INFO, "workspace document cache rebuilt: room=" + tx.roomId()
                    + " reason=room holds less than the cache");
            c.doc = null;
        }
        if (c.doc == null) {
            byte[] state = tx.encodeStateAsUpdate();
            Doc doc;
            do {
                doc = new Doc(RANDOM.nextInt() & 0xffffffffL, true);
                doc.applyUpdate(state);
            } while (doc.stateVector().containsKey(doc.clientId()));
            c.doc = doc;
        } else {
            c.doc.applyUpdate(tx.encodeStateAsUpdate(c.doc.encodeStateVector()));
        }
    }

    private static boolean covers(Map<Long, Long> room, Map<Long, Long> mine) {
        for (Map.Entry<Long, Long> e : mine.entrySet()) {
            if (e.getValue() > room.getOrDefault(e.getKey(), 0L)) {
                return false;
            }
        }
        return true;
    }

    /** Forget every cached document (at stop). */
    public void clear() {
        cache.clear();
    }
}
