package io.epicenter.sync.room;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.epicenter.crdt.lib0.CrdtDecodeException;
import io.epicenter.crdt.update.Updates;
import io.epicenter.plugin.rooms.RoomTransaction;
import io.epicenter.sync.protocol.AwarenessUpdate;
import io.epicenter.sync.protocol.AwarenessUpdate.Entry;
import io.epicenter.sync.protocol.Message;
import io.epicenter.sync.protocol.Messages;
import io.epicenter.sync.metrics.SyncMetrics;

/**
 * One room: a shared document (a {@link RoomState}: a crdt document by default, or an update log;
 * {@code plugins.sync.room-state}), its awareness states and its peers.
 *
 * <p><b>Concurrency: the lane.</b> Every read or change of a room's state happens while holding
 * the room's lane, a {@link ReentrantLock} (not {@code synchronized}: a virtual thread waiting for
 * or holding it never pins its carrier). Whoever holds the lane is the room's single owner at that
 * moment; the lane is held for short, CPU-only work (integrate an update, encode a state or a diff,
 * enqueue frames) and never across network I/O: frames are only handed to each peer's non-blocking
 * bounded queue ({@link Peer#send}), and every peer has its own writer. So a slow or dead receiver never blocks
 * the room or the other peers. Connections' read threads, API callers and the eviction timer all
 * take the lane, so their effects on a room are totally ordered; the messages of one connection are
 * processed in arrival order (its callbacks run on one thread), which gives sync status (102) its
 * meaning: when it is handled, the sender's earlier updates have been applied, and the connection
 * echoes it once their {@link RoomStore#appended appends} are durable.
 *
 * <p><b>Lifecycle.</b> {@code LOADING → ACTIVE → DRAINING → CLOSED}, changed only by the owner:
 * the loading thread during {@code LOADING} (nobody else can reach the room before
 * {@link #loaded} completes), the lane holder afterwards. {@code DRAINING} is the eviction delay
 * after the last holder left; acquiring the room then makes it {@code ACTIVE} again (same state).
 * {@code CLOSED} is final: the room is out of the manager's map and an acquirer that finds it closed
 * retries with a fresh room, which loads from the store; it never joins an empty or stale room.
 *
 * <p><b>Delivery rule.</b> Updates are relayed as received (raw bytes, encoded once per update):
 * every peer but the sender gets each accepted update at once, and a joiner gets everything the
 * room holds (including structs whose dependencies never arrived) in its step 2. An update that
 * makes earlier pending data integrable therefore needs no extra fan-out: every peer already has
 * that earlier data (design notes §8).
 */
public final class Room {

    /** The room's lifecycle. */
    public enum State {
        /** the store is loading the room; nobody can use it yet */
        LOADING,
        /** in use */
        ACTIVE,
        /** nobody uses it; evicted when the eviction delay ends unless acquired again */
        DRAINING,
        /** evicted (or its load failed); out of the manager */
        CLOSED
    }

    private static final Peer[] NO_PEERS = new Peer[0];

    private final String id;
    private final RoomManager manager;
    private final ReentrantLock lane = new ReentrantLock();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();

    // guarded by lane
    private State state = State.LOADING;
    private RoomState content = RoomStateKind.LOG.create(null); // replaced by finishLoad
    private final AwarenessTable awareness = new AwarenessTable();
    private Peer[] peers = NO_PEERS;
    private int holders;
    private ScheduledFuture<?> eviction;
    private long appends;        // updates accepted so far: eviction closes only an unchanged room
    private boolean persisting;  // an eviction is storing the room (outside the lane)
    private boolean deleted;     // closed by a deletion: updates still arriving are dropped

    // published copies for status, read without the lane
    private volatile State publishedState = State.LOADING;
    private volatile int peerCount;
    private volatile int awarenessCount;

    Room(String id, RoomManager manager) {
        this.id = id;
        this.manager = manager;
    }

    /** @return the room id */
    public String id() {
        return id;
    }

    /** @return the lifecycle state (a snapshot) */
    public State state() {
        return publishedState;
    }

    /** @return the number of peers (a snapshot) */
    public int peerCount() {
        return peerCount;
    }

    /** @return the number of present awareness states (a snapshot, for metrics) */
    public int awarenessCount() {
        return awarenessCount;
    }

    CompletableFuture<Void> loaded() {
        return loaded;
    }

    // ---------------------------------------------------------------- peers and protocol

    /**
     * Add a peer and queue what a new connection gets first: the room's sync step 1 and, if any,
     * the present awareness states. The caller must hold the room ({@link RoomManager#acquire}).
     *
     * @param peer the new peer
     */
    public void join(Peer peer) {
        tryJoin(peer, 0);
    }

    /**
     * {@link #join} unless the room already has {@code maxPeers} peers
     * ({@code plugins.sync.limits.max-connections-per-room}).
     *
     * @param peer the new peer
     * @param maxPeers the limit, 0 for none
     * @return whether it joined (nothing was queued when not)
     */
    public boolean tryJoin(Peer peer, int maxPeers) {
        lane.lock();
        try {
            if (maxPeers > 0 && peers.length >= maxPeers) {
                return false;
            }
            Peer[] next = Arrays.copyOf(peers, peers.length + 1);
            next[peers.length] = peer;
            peers = next;
            peerCount = next.length;
            peer.send(content.step1Frame());
            AwarenessUpdate present = awareness.present();
            if (!present.entries().isEmpty()) {
                peer.send(Messages.awareness(present.encode()));
            }
            return true;
        } finally {
            lane.unlock();
        }
    }

    /**
     * Remove a peer and broadcast the removal of every awareness state it announced (state null,
     * clock + 1). Idempotent.
     *
     * @param peer the peer that ended
     * @return whether it was a peer of this room
     */
    public boolean leave(Peer peer) {
        lane.lock();
        try {
            int i = indexOf(peer);
            if (i < 0) {
                return false;
            }
            Peer[] next = new Peer[peers.length - 1];
            System.arraycopy(peers, 0, next, 0, i);
            System.arraycopy(peers, i + 1, next, i, peers.length - i - 1);
            peers = next;
            peerCount = next.length;
            List<Entry> removed = awareness.removeOwnedBy(peer);
            awarenessCount = awareness.size();
            if (!removed.isEmpty()) {
                broadcast(Messages.awareness(new AwarenessUpdate(removed).encode()), null);
            }
            return true;
        } finally {
            lane.unlock();
        }
    }

    /**
     * Answer a sync step 1: queue a step 2 with what the peer lacks. An empty state vector gets the
     * cached full-state frame; otherwise the room state's {@link RoomState#diff diff}, computed in the
     * lane (a document cannot be read by two threads; its diffs are fast: bench/README.md). Queued in
     * the lane, so updates applied later reach the peer after it.
     *
     * @param peer the asking peer
     * @param stateVector its (syntactically valid) encoded state vector
     * @throws CrdtDecodeException when the state vector cannot be used for a diff
     */
    public void answerStep1(Peer peer, byte[] stateVector) {
        lane.lock();
        try {
            if (Messages.isEmptyStateVector(stateVector)) {
                peer.send(content.fullStep2Frame());
                return;
            }
            peer.send(Messages.step2(content.diff(stateVector)));
        } finally {
            lane.unlock();
        }
    }

    /**
     * Apply an update that was already validated and found not empty, and relay it to every other
     * peer.
     *
     * @param update a validated, non-empty V1 update
     * @param origin the peer that sent it (not echoed to), or null
     * @return completes when the update is durable ({@link RoomStore#appended}); the broadcast does
     *         not wait for it
     */
    public CompletableFuture<Void> applyValidated(byte[] update, Peer origin) {
        lane.lock();
        try {
            return applyLocked(update, origin);
        } finally {
            lane.unlock();
        }
    }

    /** @param update validated and not empty (callers check both outside the lane) */
    private CompletableFuture<Void> applyLocked(byte[] update, Object origin) {
        if (state == State.CLOSED) {
            // only a deleted room is closed while holders remain: what they still send is dropped
            return CompletableFuture.completedFuture(null);
        }
        long maxDocument = manager.maxDocumentBytes();
        if (maxDocument > 0 && content.sizeBytes() + update.length > maxDocument) {
            long measured = content.measuredSizeBytes(); // the cheap estimate would refuse: look closer
            if (measured + update.length > maxDocument) {
                manager.metrics().refused(SyncMetrics.Limit.DOCUMENT_SIZE);
                throw new DocumentTooLargeException(measured, update.length, maxDocument);
            }
        }
        content.append(update); // first: if it throws, nothing was stored or relayed
        CompletableFuture<Void> durable = manager.store().appended(id, update);
        appends++;
        manager.metrics().updateApplied(update.length);
        broadcast(Messages.update(update), origin);
        return durable;
    }

    /**
     * Store and relay what a change made directly on the room's document (a plugin's local
     * transaction through {@link RoomTransaction#document}): to every peer, like an API update.
     */
    private void publishLocalUpdates() {
        for (byte[] update : content.takeLocalUpdates()) {
            if (state == State.CLOSED) {
                return;
            }
            manager.store().appended(id, update); // durable later (the store retries)
            appends++;
            manager.metrics().updateApplied(update.length);
            broadcast(Messages.update(update), null);
        }
    }

    /**
     * Apply an awareness update from a peer and relay what was accepted to the other peers (the
     * original frame when everything was accepted, encode-once).
     *
     * @param from the sender
     * @param message the decoded message
     */
    public void awareness(Peer from, Message.Awareness message) {
        awareness(from, message, 0);
    }

    /**
     * Like {@link #awareness(Peer, Message.Awareness)}, with a cap on the client ids one peer owns.
     *
     * @param from the sender
     * @param message the decoded message
     * @param maxIdsPerPeer client ids one peer may own (0: no limit)
     * @throws TooManyAwarenessIdsException when the sender would own more; nothing was applied
     */
    public void awareness(Peer from, Message.Awareness message, int maxIdsPerPeer) {
        lane.lock();
        try {
            if (indexOf(from) < 0) {
                return; // left already (ended while this was on its way): its states would never be removed
            }
            List<Entry> accepted = awareness.apply(message.update().entries(), from, maxIdsPerPeer, System.nanoTime());
            awarenessCount = awareness.size();
            if (accepted.isEmpty()) {
                return;
            }
            byte[] frame = accepted.size() == message.update().entries().size()
                    ? message.frame()
                    : Messages.awareness(new AwarenessUpdate(accepted).encode());
            broadcast(frame, from);
        } finally {
            lane.unlock();
        }
    }

    /**
     * Answer query-awareness with every present state (an update with zero entries if none).
     *
     * @param peer the asking peer
     */
    public void queryAwareness(Peer peer) {
        lane.lock();
        try {
            peer.send(Messages.awareness(awareness.present().encode()));
        } finally {
            lane.unlock();
        }
    }

    /**
     * Echo a sync status message to its sender, in the lane: every update the sender sent before it
     * has been applied (and passed to {@link RoomStore#appended}) by now.
     *
     * @param peer the sender
     * @param frame the message, echoed as is
     */
    public void syncStatus(Peer peer, byte[] frame) {
        lane.lock();
        try {
            peer.send(frame);
        } finally {
            lane.unlock();
        }
    }

    /**
     * Run a change in the lane with a {@link RoomTransaction} view.
     *
     * @param change the change
     * @param <T> result type
     * @return its result
     */
    public <T> T transaction(Function<RoomTransaction, T> change) {
        lane.lock();
        try {
            return change.apply(new Tx());
        } finally {
            try {
                publishLocalUpdates(); // also when the change failed half-way: what it did is in the document
            } finally {
                lane.unlock();
            }
        }
    }

    /** @return the number of present awareness states (for tests) */
    int awarenessSize() {
        lane.lock();
        try {
            return awareness.size();
        } finally {
            lane.unlock();
        }
    }

    private void broadcast(byte[] frame, Object except) {
        // the array is replaced, never modified, so a peer leaving re-entrantly cannot disturb this loop
        Peer[] targets = peers;
        // counted before the sends, so a receiver that reads the metrics after receiving sees it
        manager.metrics().delivered(except != null && indexOf(targets, except) >= 0 ? targets.length - 1 : targets.length);
        for (Peer p : targets) {
            if (p != except) {
                p.send(frame);
            }
        }
    }

    private static int indexOf(Peer[] in, Object peer) {
        for (int i = 0; i < in.length; i++) {
            if (in[i] == peer) {
                return i;
            }
        }
        return -1;
    }

    private int indexOf(Peer peer) {
        for (int i = 0; i < peers.length; i++) {
            if (peers[i] == peer) {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- lifecycle (RoomManager only)

    /** The loading thread, the owner during LOADING, publishes the loaded state. */
    void finishLoad(RoomState loadedState) {
        lane.lock();
        try {
            content = loadedState;
            if (state != State.CLOSED) { // deleted while loading: stays closed, acquirers retry
                setState(State.ACTIVE);
            }
        } finally {
            lane.unlock();
        }
        loaded.complete(null);
    }

    void failLoad(Throwable cause) {
        lane.lock();
        try {
            setState(State.CLOSED);
        } finally {
            lane.unlock();
        }
        loaded.completeExceptionally(cause);
    }

    /** @return false when the room is closed (the caller retries with a fresh room) */
    boolean hold() {
        lane.lock();
        try {
            if (state == State.CLOSED) {
                return false;
            }
            if (eviction != null) {
                eviction.cancel(false);
                eviction = null;
            }
            setState(State.ACTIVE);
            holders++;
            return true;
        } finally {
            lane.unlock();
        }
    }

    void unhold() {
        lane.lock();
        try {
            holders--;
            if (holders == 0 && state == State.ACTIVE) {
                setState(State.DRAINING);
                eviction = manager.scheduleEviction(this);
            }
        } finally {
            lane.unlock();
        }
    }

    /**
     * Evict if still draining and unheld: persist first (outside the lane: storage I/O), then close
     * if nothing changed the room meanwhile. A failed persist keeps the room and schedules another
     * attempt; a room changed or revived meanwhile stays (its next eviction stores it again).
     *
     * @return whether the room is now closed (the manager then removes it)
     */
    boolean evictIfDraining() {
        byte[] state0;
        long mark;
        lane.lock();
        try {
            if (state != State.DRAINING || holders > 0 || persisting) {
                return false; // a running eviction finishes (or reschedules) on its own
            }
            eviction = null;
            persisting = true;
            state0 = content.full();
            mark = appends;
        } finally {
            lane.unlock();
        }
        Exception failure = null;
        try {
            manager.store().persist(id, state0);
        } catch (Exception e) {
            failure = e;
        }
        lane.lock();
        try {
            persisting = false;
            if (state != State.DRAINING || holders > 0) {
                return false; // revived (or deleted) meanwhile
            }
            if (failure != null) {
                manager.persistFailed(this, failure);
                eviction = manager.scheduleEviction(this);
                return false;
            }
            if (appends != mark) {
                eviction = manager.scheduleEviction(this); // changed meanwhile: store that too first
                return false;
            }
            setState(State.CLOSED);
            return true;
        } finally {
            lane.unlock();
        }
    }

    /** Persist now (at shutdown), best effort; the storage I/O runs outside the lane. */
    void persistNow() throws Exception {
        byte[] state0;
        lane.lock();
        try {
            if (state != State.ACTIVE && state != State.DRAINING) {
                return;
            }
            state0 = content.full();
        } finally {
            lane.unlock();
        }
        manager.store().persist(id, state0);
    }

    /**
     * Close the room for a deletion: it takes no more updates, is never evicted, and a later
     * acquirer gets a fresh room. The caller closes the returned peers (outside the lane).
     *
     * @return the peers connected at this moment
     */
    List<Peer> closeForDelete() {
        lane.lock();
        try {
            deleted = true;
            if (eviction != null) {
                eviction.cancel(false);
                eviction = null;
            }
            setState(State.CLOSED);
            return List.of(peers);
        } finally {
            lane.unlock();
        }
    }

    /**
     * Close the room if nobody holds it (an acquirer that has not held it yet retries with a fresh
     * room, which loads from the store).
     *
     * @return whether it is closed now
     */
    boolean closeIfUnused() {
        lane.lock();
        try {
            if (holders > 0 || state != State.ACTIVE) {
                return false;
            }
            setState(State.CLOSED);
            return true;
        } finally {
            lane.unlock();
        }
    }

    /** @return the size of the room's document in bytes (as checked against the document-size limit) */
    public long sizeBytes() {
        lane.lock();
        try {
            return content.sizeBytes();
        } finally {
            lane.unlock();
        }
    }

    private void setState(State s) {
        state = s;
        publishedState = s;
    }

    /** The transaction view handed to {@link #transaction}; valid only inside the lane. */
    private final class Tx implements RoomTransaction {

        @Override
        public String roomId() {
            return id;
        }

        @Override
        public byte[] encodeStateAsUpdate() {
            return content.full().clone();
        }

        @Override
        public byte[] encodeStateAsUpdate(byte[] encodedStateVector) {
            try {
                Messages.validateStateVector(encodedStateVector);
            } catch (io.epicenter.sync.protocol.MalformedMessageException e) {
                throw new IllegalArgumentException("invalid state vector: " + e.getMessage(), e);
            }
            if (Messages.isEmptyStateVector(encodedStateVector)) {
                return encodeStateAsUpdate();
            }
            try {
                return content.diff(encodedStateVector).clone();
            } catch (CrdtDecodeException e) {
                throw new IllegalArgumentException("invalid state vector: " + e.getMessage(), e);
            }
        }

        @Override
        public byte[] encodeStateVector() {
            return content.stateVector().clone();
        }

        @Override
        public void applyUpdate(byte[] update, Object origin) {
            byte[] copy = update.clone();
            try {
                Updates.validate(copy, manager.limits());
            } catch (CrdtDecodeException e) {
                throw new IllegalArgumentException("corrupt update: " + e.getMessage(), e);
            }
            if (Updates.isEmpty(copy)) {
                return;
            }
            applyLocked(copy, origin); // durable later (the store retries); callers of the lane do not wait
        }

        /**
         * The room's crdt {@code Doc} when it keeps one ({@code room-state: document}) and that type
         * is asked for. Valid only in this lane visit; changes made on it are stored and sent to
         * every connection when the change returns.
         */
        @Override
        public <D> java.util.Optional<D> document(Class<D> type) {
            return content.document(type);
        }
    }
}
