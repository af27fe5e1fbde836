package io.epicenter.sync.ws;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import io.epicenter.crdt.lib0.CrdtDecodeException;
import io.epicenter.crdt.update.Updates;
import io.epicenter.plugin.auth.Access;
import io.epicenter.sync.LogText;
import io.epicenter.sync.limits.AwarenessGate;
import io.epicenter.sync.limits.SyncLimits;
import io.epicenter.sync.limits.TokenBucket;
import io.epicenter.sync.metrics.SyncMetrics;
import io.epicenter.sync.protocol.AwarenessUpdate;
import io.epicenter.sync.protocol.MalformedMessageException;
import io.epicenter.sync.protocol.Message;
import io.epicenter.sync.protocol.Messages;
import io.epicenter.sync.protocol.ProtocolViolationException;
import io.epicenter.sync.room.DocumentTooLargeException;
import io.epicenter.sync.room.Peer;
import io.epicenter.sync.room.Room;
import io.epicenter.sync.room.TooManyAwarenessIdsException;
import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.websocket.WsSession;

/**
 * One WebSocket connection in a room.
 *
 * <p><b>Threads.</b>
 * <ul>
 *   <li>The <em>reader</em>: Helidon's virtual thread for this connection runs every listener
 *       callback, in order; it reassembles fragments, decodes and validates messages (outside the
 *       room's lane) and then applies them through the room's lane.</li>
 *   <li>The <em>writer</em>: the only thread that writes to the socket (data, ping, pong, close),
 *       so sends never interleave. It is a virtual thread started when the outbound queue becomes
 *       non-empty and ending when it is empty again, so an idle connection owns no thread.</li>
 *   <li>Anyone (the lanes of the room, the keepalive sweep) may queue frames with {@link #send},
 *       which never blocks. The queue is bounded in bytes ({@code plugins.sync.max-queued-bytes});
 *       overflow means a slow consumer, which is closed with 1013 and never slows the room.</li>
 * </ul>
 *
 * <p><b>Ending.</b> A connection ends exactly once ({@link #detach}): it leaves its room (which
 * broadcasts the removal of its awareness states), releases it, and is unregistered. Endings:
 * the peer closed ({@link #closedByPeer}), we close ({@link #close}: close frame queued last, TCP
 * cut after {@code close-timeout} if the peer does not answer), or the connection was lost
 * ({@link #lost}: failed send, reader thread gone after a dropped TCP connection or Helidon's own
 * 1009, no pong in time). Nothing received after the ending reaches the room.
 */
final class Connection implements Peer {

    private static final System.Logger LOG = System.getLogger("io.epicenter.sync.ws");
    private static final AtomicLong IDS = new AtomicLong();
    private static final Object PING = new Object();
    /** queue marker: send the pong waiting in {@link #pendingPong} (if any) */
    private static final Object PONG = new Object();
    /** admission slot after unregistering: a late {@link #admitted} must release its own slot */
    private static final String UNREGISTERED = new String("unregistered");
    /** 102s one connection may have waiting for its updates to be stored; more: 1008 */
    static final int MAX_PENDING_ACKS = 1024;
    /** a close reason must fit a control frame: 125 bytes minus the 2-byte code */
    private static final int MAX_REASON_BYTES = 123;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private record Close(int code, String reason) {
    }

    private final String id = "c" + IDS.incrementAndGet();
    private final SyncServer server;
    private final WsSession session;
    private final Thread reader;
    private final String roomId;
    private final Access access;
    private final String remote;

    // outbound
    private final ConcurrentLinkedQueue<Object> out = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    // at most one pong waits (RFC 6455 5.5.3: answering only the latest ping is allowed): a ping
    // flood without reading cannot grow the queue; a PONG marker is queued when the slot fills
    private final AtomicReference<byte[]> pendingPong = new AtomicReference<>();
    private final AtomicInteger pongMarkers = new AtomicInteger();

    // ending: attach/detach are ordered by this small lock (held only around the room's leave,
    // which is CPU-only); lock order is always connection -> room lane, never the reverse
    private final ReentrantLock lifecycle = new ReentrantLock();
    private boolean detached;
    private Room room;

    // inbound reassembly, reader thread only; allocated only while a fragmented message arrives
    private byte[] partial;
    private int partialLength;
    private boolean readOnlyNoticed;

    // limits (plugins.sync.limits.*): set on admission/attach by the reader thread
    // the address counted by the connection limiter: null before admission, then the address, then
    // UNREGISTERED; exactly one of admitted() / takeAdmission() sees the address and releases it
    private final AtomicReference<String> admission = new AtomicReference<>();
    private TokenBucket updateBucket;          // reader thread only
    private volatile AwarenessGate awarenessGate;
    private boolean awarenessDropNoticed;      // reader thread only
    private long preauthBytes;                 // reader thread only: received before the room was joined
    private int preauthMessages;
    private boolean preauthTripped;

    // durability of this connection's updates, reader thread only: a 102 is echoed once every update
    // sent before it is durable (unsent), and after the previous 102 (acks)
    private CompletableFuture<Void> unsent = DONE;
    private CompletableFuture<Void> acks = DONE;
    // 102s waiting (held in acks' callbacks): bounded in count and bytes
    private final AtomicInteger pendingAcks = new AtomicInteger();
    private final AtomicLong pendingAckBytes = new AtomicLong();

    // keepalive
    private final long openedNanos = System.nanoTime();
    private volatile long lastHeardNanos = openedNanos;
    private volatile long lastPingNanos = openedNanos;
    private volatile boolean pinged;

    Connection(SyncServer server, WsSession session, Thread reader, String roomId, Access access) {
        this.server = server;
        this.session = session;
        this.reader = reader;
        this.roomId = roomId;
        this.access = access;
        this.remote = remoteOf(session);
    }

    private static String remoteOf(WsSession session) {
        try {
            return session.socketContext().remotePeer().host() + ":" + session.socketContext().remotePeer().port();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    @Override
    public String id() {
        return id;
    }

    String roomId() {
        return roomId;
    }

    Access access() {
        return access;
    }

    String remote() {
        return remote;
    }

    /**
     * @param address the client address the connection limiter counted for this connection
     * @return false when the connection was unregistered already: the caller releases the address
     */
    boolean admitted(String address) {
        return admission.compareAndSet(null, address);
    }

    /**
     * Mark the connection unregistered (idempotent).
     *
     * @return the address to release, or null (not admitted, or released already)
     */
    String takeAdmission() {
        String a = admission.getAndSet(UNREGISTERED);
        return a == null || a == UNREGISTERED ? null : a;
    }

    /** @return queue markers for pongs not yet written (at most 2; for tests) */
    int pendingPongs() {
        return pongMarkers.get();
    }

    /** @return bytes in the outbound queue now */
    long queuedBytes() {
        return queuedBytes.get();
    }

    // ------------------------------------------------------------------ outbound

    @Override
    public boolean send(byte[] frame) {
        if (closing.get()) {
            return false;
        }
        long queued = queuedBytes.addAndGet(frame.length);
        // a single frame is always admitted into an empty queue (a full-state step 2 of a room
        // larger than the bound must still reach a joiner); beyond that the bound holds
        if (queued > server.settings().maxQueuedBytes() && queued != frame.length) {
            queuedBytes.addAndGet(-frame.length);
            if (overflowed.compareAndSet(false, true)) {
                server.metrics().slowConsumerClosed();
                // never close from the caller's thread: it may hold the room's lane
                Thread.ofVirtual().name("sync-close-" + id).start(() -> close(CloseCodes.TRY_AGAIN_LATER,
                        "outbound queue overflow: " + (queued - frame.length) + " bytes queued"));
            }
            return false;
        }
        out.add(frame);
        kickWriter();
        return true;
    }

    /** Queue a ping (keepalive). */
    void ping(long nowNanos) {
        lastPingNanos = nowNanos;
        pinged = true;
        if (!closing.get()) {
            out.add(PING);
            kickWriter();
        }
    }

    private void kickWriter() {
        if (writing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("sync-writer-" + id).start(this::drain);
        }
    }

    /** The writer: drains the queue, then ends; restarted by the next {@link #kickWriter}. */
    private void drain() {
        try {
            while (true) {
                Object item;
                while ((item = out.poll()) != null) {
                    write(item);
                }
                writing.set(false);
                // a producer may have queued after our last poll but before writing was cleared
                if (out.isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // a dead peer: Helidon throws ServerConnectionException / UncheckedIOException; never
            // let it escape (it would kill an unrelated thread) -- this connection is lost
            out.clear();
            writing.set(false);
            lost("send failed: " + e.getClass().getSimpleName());
        }
    }

    private void write(Object item) {
        if (item instanceof byte[] frame) {
            queuedBytes.addAndGet(-frame.length);
            if (!closing.get()) {
                // a fresh BufferData per send: send() consumes it (the array itself is shared)
                session.send(BufferData.create(frame), true);
                server.metrics().sent(frame);
            }
        } else if (item == PING) {
            if (!closing.get()) {
                session.ping(BufferData.create(new byte[0]));
            }
        } else if (item == PONG) {
            pongMarkers.decrementAndGet();
            byte[] pong = pendingPong.getAndSet(null);
            if (pong != null) {
                queuedBytes.addAndGet(-pong.length);
            }
            if (pong != null && !closing.get()) {
                session.pong(BufferData.create(pong));
            }
        } else if (item instanceof Close c) {
            session.close(c.code(), c.reason());
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Join the room (the reader thread, from onOpen).
     *
     * @param joined the room, held for this connection
     */
    boolean attach(Room joined) {
        boolean handedOver = false; // released, or kept as this.room (released by detach)
        SyncLimits limits = server.syncLimits();
        lifecycle.lock();
        try {
            updateBucket = limits.newUpdateBucket();
            TokenBucket awarenessBucket = limits.newAwarenessBucket();
            awarenessGate = awarenessBucket == null ? null : new AwarenessGate(awarenessBucket, SyncLimits.AWARENESS_PENDING_CLIENTS);
            if (detached) {
                handedOver = true;
                server.manager().release(joined);
                return true;
            }
            if (!joined.tryJoin(this, limits.maxConnectionsPerRoom())) {
                handedOver = true;
                server.manager().release(joined);
                return false; // the room is full: the caller refuses the connection
            }
            room = joined;
            handedOver = true;
        } finally {
            lifecycle.unlock();
            if (!handedOver) {
                server.manager().release(joined); // attach failed (an exception): never leak the hold
            }
        }
        LOG.log(System.Logger.Level.INFO, "sync connect: room=" + LogText.quote(roomId) + " conn=" + id
                + " access=" + access + " peers=" + joined.peerCount() + " remote=" + remote);
        return true;
    }

    // ------------------------------------------------------------------ limits

    /**
     * Count a frame received before the connection joined its room (a refused connection whose
     * close is under way; nothing else can arrive then, as onOpen joins before Helidon reads on).
     * Past {@code limits.preauth-bytes} / {@code preauth-messages}: a refused connection is cut at
     * once, any other closed with 1008.
     */
    private void preauth(int bytes, boolean last) {
        preauthBytes += bytes;
        if (last) {
            preauthMessages++;
        }
        SyncLimits l = server.syncLimits();
        if (preauthTripped || !((l.preauthBytes() > 0 && preauthBytes > l.preauthBytes())
                || (l.preauthMessages() > 0 && preauthMessages > l.preauthMessages()))) {
            return;
        }
        preauthTripped = true;
        server.metrics().refused(SyncMetrics.Limit.PREAUTH);
        LOG.log(System.Logger.Level.INFO, "sync limit: room=" + LogText.quote(roomId) + " conn=" + id
                + " limit=preauth bytes=" + preauthBytes + " messages=" + preauthMessages + " remote=" + remote);
        if (closing.get()) {
            cut();
        } else {
            close(CloseCodes.POLICY_VIOLATION, "too much data before the connection was admitted");
        }
    }

    /** An awareness message through the connection's rate limit (reader thread). */
    private void awareness(Room r, Message.Awareness a) {
        AwarenessGate gate = awarenessGate;
        if (gate == null) {
            applyAwareness(r, a);
            return;
        }
        AwarenessGate.Offer o = gate.offer(a.update().entries(), System.nanoTime());
        if (o.pass()) {
            applyAwareness(r, a);
            return;
        }
        server.metrics().awarenessCoalesced(o.held());
        if (o.dropped() > 0) {
            server.metrics().awarenessDropped(o.dropped());
            if (!awarenessDropNoticed) {
                awarenessDropNoticed = true;
                LOG.log(System.Logger.Level.INFO, "sync limit: room=" + LogText.quote(roomId) + " conn=" + id
                        + " limit=awareness_rate dropped=" + o.dropped() + " (more than " + SyncLimits.AWARENESS_PENDING_CLIENTS
                        + " client ids waiting; logged once per connection)");
            }
        }
        if (o.flushInNanos() >= 0) {
            server.scheduleAwarenessFlush(this, o.flushInNanos());
        }
    }

    /** Apply through the room with the per-connection client id cap; over it: 1008. */
    private void applyAwareness(Room r, Message.Awareness a) {
        int max = server.syncLimits().maxAwarenessIdsPerConnection();
        try {
            r.awareness(this, a, max);
        } catch (TooManyAwarenessIdsException e) {
            server.metrics().refused(SyncMetrics.Limit.AWARENESS_IDS);
            LOG.log(System.Logger.Level.INFO, "sync limit: room=" + LogText.quote(roomId) + " conn=" + id
                    + " limit=awareness_ids " + e.getMessage() + " remote=" + remote);
            close(CloseCodes.POLICY_VIOLATION, "too many awareness client ids (limit " + max + ")");
        }
    }

    /** Send the coalesced awareness states once the budget allows (a timer-started virtual thread). */
    void flushAwareness() {
        AwarenessGate gate = awarenessGate;
        if (gate == null) {
            return;
        }
        if (closing.get()) {
            gate.clear();
            return;
        }
        AwarenessGate.Flush f = gate.flush(System.nanoTime());
        if (f.entries() != null) {
            Room r = room;
            if (r != null) {
                AwarenessUpdate u = new AwarenessUpdate(f.entries());
                try {
                    // a peer that left meanwhile is ignored by the room
                    applyAwareness(r, new Message.Awareness(u, Messages.awareness(u.encode())));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "sync awareness flush failed: room=" + LogText.quote(roomId) + " conn=" + id, e);
                }
            }
        } else if (f.retryInNanos() >= 0) {
            server.scheduleAwarenessFlush(this, f.retryInNanos());
        }
    }

    /**
     * Close from the server side: queue the close frame after what is being written, leave the
     * room now, and cut the TCP connection if the peer has not answered within close-timeout.
     *
     * @param code the close code
     * @param reason the reason (cut to fit a close frame)
     */
    void close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        String fitted = fitReason(reason);
        out.add(new Close(code, fitted));
        kickWriter();
        detach("server", code, fitted);
        server.scheduleCut(this);
    }

    /** The peer sent a close frame (Helidon answers it). */
    void closedByPeer(int code, String reason) {
        closing.set(true);
        detach("client", code, reason);
    }

    /**
     * The connection is gone without a close handshake (failed send, dropped TCP, ping timeout
     * after the close-timeout). Leave the room and cut the TCP connection.
     *
     * @param why for the log
     */
    void lost(String why) {
        closing.set(true);
        detach("lost", 1006, why);
        cut();
    }

    /**
     * Helidon reported an error on this connection; it closes it itself (1011) and calls nothing
     * else. Leave the room.
     *
     * @param why for the log
     */
    void failed(String why) {
        closing.set(true);
        detach("error", CloseCodes.INTERNAL_ERROR, why);
    }

    /** Cut the TCP connection (interrupting the reader closes its socket). */
    void cut() {
        if (reader.isAlive() && session instanceof ServerConnection sc) {
            try {
                sc.close(true);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "sync cut failed: conn=" + id + " error=" + e);
            }
        }
    }

    private void detach(String by, int code, String reason) {
        Room r;
        lifecycle.lock();
        try {
            if (detached) {
                return;
            }
            detached = true;
            r = room;
            if (r != null) {
                try {
                    r.leave(this);
                } finally {
                    server.manager().release(r);
                }
            }
        } finally {
            lifecycle.unlock();
            server.unregister(this);
        }
        partial = null;
        AwarenessGate gate = awarenessGate;
        if (gate != null) {
            gate.clear();
        }
        server.metrics().closed(by, code);
        LOG.log(System.Logger.Level.INFO, "sync disconnect: room=" + LogText.quote(roomId) + " conn=" + id
                + " by=" + by + " code=" + code + " reason=" + LogText.quote(reason)
                + " peers=" + (r == null ? 0 : r.peerCount()) + " seconds=" + (System.nanoTime() - openedNanos) / 1_000_000_000L);
    }

    boolean isClosing() {
        return closing.get();
    }

    boolean readerAlive() {
        return reader.isAlive();
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    long lastPingNanos() {
        return lastPingNanos;
    }

    boolean pinged() {
        return pinged;
    }

    // ------------------------------------------------------------------ inbound (reader thread)

    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    void onPing(BufferData data) {
        heard();
        if (!closing.get()) {
            // the newest ping's payload wins; a marker is queued only when the slot was empty
            // the waiting pong's payload counts in queuedBytes (each array added once, removed by
            // whoever takes it out of the slot)
            byte[] payload = data.readBytes();
            byte[] previous = pendingPong.getAndSet(payload);
            queuedBytes.addAndGet(payload.length - (previous == null ? 0 : previous.length));
            if (previous == null) {
                pongMarkers.incrementAndGet();
                out.add(PONG);
                kickWriter();
            }
        }
    }

    void onText() {
        heard();
        if (!closing.get()) {
            close(CloseCodes.UNSUPPORTED_DATA, "text messages are not supported; y-websocket messages are binary");
        }
    }

    /**
     * One frame of a binary message.
     *
     * @param buffer the frame's payload
     * @param last whether it ends the message
     */
    void onBinary(BufferData buffer, boolean last) {
        heard();
        if (room == null) {
            preauth(buffer.available(), last);
        }
        if (closing.get()) {
            return; // refused or closing: nothing it sends reaches the room
        }
        int max = server.settings().maxMessageBytes();
        int n = buffer.available();
        if (partial == null && last) {
            if (n > max) {
                tooBig(n);
                return;
            }
            byte[] message = new byte[n];
            buffer.read(message, 0, n);
            handle(message);
            return;
        }
        long total = (long) partialLength + n;
        if (total > max) {
            partial = null;
            partialLength = 0;
            tooBig(total);
            return;
        }
        if (partial == null) {
            partial = new byte[Math.max(n, 1024)];
        } else if (total > partial.length) {
            partial = Arrays.copyOf(partial, (int) Math.min(max, Math.max(total, (long) partial.length * 2)));
        }
        buffer.read(partial, partialLength, n);
        partialLength += n;
        if (last) {
            byte[] message = Arrays.copyOf(partial, partialLength);
            partial = null;
            partialLength = 0;
            handle(message);
        }
    }

    private void tooBig(long size) {
        close(CloseCodes.MESSAGE_TOO_BIG, "message too big: " + (size > Integer.MAX_VALUE ? "over 2 GiB" : size + " bytes")
                + " > limit " + server.settings().maxMessageBytes());
    }

    private void handle(byte[] message) {
        Room r = room;
        if (r == null) {
            return; // not admitted to a room (yet): dropped, and counted against the pre-admission budget
        }
        server.metrics().received(message);
        Message m;
        try {
            m = Messages.parse(message);
        } catch (MalformedMessageException e) {
            close(CloseCodes.INVALID_PAYLOAD, "malformed message: " + e.getMessage());
            return;
        } catch (ProtocolViolationException e) {
            close(CloseCodes.PROTOCOL_ERROR, "protocol error: " + e.getMessage());
            return;
        }
        try {
            switch (m) {
                case Message.Step1 s -> r.answerStep1(this, s.stateVector());
                case Message.Update u -> applyUpdate(r, u);
                case Message.Awareness a -> awareness(r, a);
                case Message.QueryAwareness q -> r.queryAwareness(this);
                case Message.SyncStatus s -> syncStatus(s.frame());
                case Message.Unknown u -> LOG.log(System.Logger.Level.DEBUG, "sync message ignored: room="
                        + LogText.quote(roomId) + " conn=" + id + " type=" + u.type());
            }
        } catch (CrdtDecodeException e) {
            close(CloseCodes.INVALID_PAYLOAD, "corrupt message: " + e.getMessage());
        } catch (DocumentTooLargeException e) {
            LOG.log(System.Logger.Level.INFO, "sync limit: room=" + LogText.quote(roomId) + " conn=" + id
                    + " limit=document_size " + e.getMessage());
            close(CloseCodes.POLICY_VIOLATION, e.getMessage());
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.ERROR, "sync internal error: room=" + LogText.quote(roomId) + " conn=" + id, e);
            close(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }

    private void applyUpdate(Room r, Message.Update u) throws Exception {
        if (access != Access.READ_WRITE) {
            if (!readOnlyNoticed) {
                readOnlyNoticed = true;
                LOG.log(System.Logger.Level.INFO, "sync update refused (read-only): room=" + LogText.quote(roomId)
                        + " conn=" + id);
            }
            return;
        }
        TokenBucket bucket = updateBucket;
        if (bucket != null && !bucket.tryTake(System.nanoTime())) {
            server.metrics().refused(SyncMetrics.Limit.UPDATE_RATE);
            SyncLimits l = server.syncLimits();
            LOG.log(System.Logger.Level.INFO, "sync limit: room=" + LogText.quote(roomId) + " conn=" + id
                    + " limit=update_rate remote=" + remote);
            close(CloseCodes.POLICY_VIOLATION, "update rate limit exceeded: more than " + l.updateBurst()
                    + " updates at once or " + l.updatesPerSecond() + " per second");
            return;
        }
        // validate on the reader thread, outside the lane: the room sees only whole, valid updates
        try {
            Updates.validate(u.update(), server.limits());
        } catch (CrdtDecodeException e) {
            close(CloseCodes.INVALID_PAYLOAD, "corrupt update: " + e.getMessage());
            return;
        }
        if (Updates.isEmpty(u.update())) {
            return; // y-websocket clients answer step 1 with empty step 2s: nothing to keep or relay
        }
        CompletableFuture<Void> durable = r.applyValidated(u.update(), this);
        unsent = unsent.isDone() && !unsent.isCompletedExceptionally() ? durable : CompletableFuture.allOf(unsent, durable);
    }

    /**
     * Echo a sync status (102) once every update this connection sent before it is durable, in
     * order with earlier 102s, through the outbound queue. Broadcasts never waited for that.
     */
    private void syncStatus(byte[] frame) {
        CompletableFuture<Void> before = unsent;
        if (acks.isDone() && before.isDone() && !before.isCompletedExceptionally()) {
            send(frame); // the common case without storage latency: right away, on the reader thread
            return;
        }
        int max = server.settings().maxMessageBytes();
        if (pendingAcks.incrementAndGet() > MAX_PENDING_ACKS
                || pendingAckBytes.addAndGet(frame.length) > max) {
            pendingAcks.decrementAndGet();
            pendingAckBytes.addAndGet(-frame.length);
            server.metrics().refused(SyncMetrics.Limit.SYNC_STATUS);
            LOG.log(System.Logger.Level.INFO, "sync limit: room=" + LogText.quote(roomId) + " conn=" + id
                    + " limit=sync_status pending=" + pendingAcks.get() + " bytes=" + pendingAckBytes.get() + " remote=" + remote);
            close(CloseCodes.POLICY_VIOLATION, "too many unacknowledged sync-status messages");
            return;
        }
        acks = CompletableFuture.allOf(acks, before).handle((v, e) -> {
            pendingAcks.decrementAndGet();
            pendingAckBytes.addAndGet(-frame.length);
            if (e == null) {
                send(frame);
            } else if (!closing.get()) {
                LOG.log(System.Logger.Level.WARNING, "sync update not stored, no 102: room=" + LogText.quote(roomId)
                        + " conn=" + id + " error=" + e);
                Thread.ofVirtual().name("sync-close-" + id).start(
                        () -> close(CloseCodes.INTERNAL_ERROR, "update could not be stored"));
            }
            return null;
        });
    }

    static String fitReason(String reason) {
        if (reason == null) {
            return "";
        }
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_REASON_BYTES) {
            return reason;
        }
        // cut on a character boundary
        int end = reason.length();
        while (end > 0 && reason.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES - 3) {
            end--;
        }
        if (end > 0 && Character.isHighSurrogate(reason.charAt(end - 1))) {
            end--;
        }
        return reason.substring(0, end) + "...";
    }

    @Override
    public String toString() {
        return id;
    }
}
