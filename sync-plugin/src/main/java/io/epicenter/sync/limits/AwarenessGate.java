package io.epicenter.sync.limits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import io.epicenter.sync.protocol.AwarenessUpdate.Entry;

/**
 * One connection's awareness rate limit. Within the budget (a {@link TokenBucket}) a message passes
 * as is; beyond it its entries are <em>coalesced</em>: kept in a small buffer, the latest entry per
 * client id, and sent as one awareness update when a token is available again (the owner schedules
 * that {@link #flush}). Only entries for more than {@link SyncLimits#AWARENESS_PENDING_CLIENTS}
 * distinct client ids are dropped. While entries are waiting, later messages join them (so the
 * order of one client's states is kept).
 *
 * <p>Thread-safe: the reader thread offers, a timer-started thread flushes; a small lock guards the
 * buffer (CPU-only, never held across I/O or a room's lane).
 */
public final class AwarenessGate {

    /**
     * What {@link #offer} decided.
     *
     * @param pass whether the message may be applied now, as is
     * @param held entries put in the buffer
     * @param dropped entries dropped (buffer full)
     * @param flushInNanos when the owner must schedule a flush, or -1 if one is already scheduled
     *                     or nothing was held
     */
    public record Offer(boolean pass, int held, int dropped, long flushInNanos) {
        static final Offer PASS = new Offer(true, 0, 0, -1);
    }

    /**
     * What {@link #flush} found.
     *
     * @param entries entries to apply now (null: none)
     * @param retryInNanos when to flush again (-1: no further flush needed)
     */
    public record Flush(List<Entry> entries, long retryInNanos) {
        static final Flush NOTHING = new Flush(null, -1);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final TokenBucket bucket;
    private final int maxClients;
    private final LinkedHashMap<Long, Entry> pending = new LinkedHashMap<>();
    private boolean flushScheduled;

    /**
     * @param bucket the budget
     * @param maxClients client ids the buffer may hold
     */
    public AwarenessGate(TokenBucket bucket, int maxClients) {
        this.bucket = bucket;
        this.maxClients = maxClients;
    }

    /**
     * @param entries the entries of a received awareness message
     * @param now {@link System#nanoTime()}
     * @return the decision
     */
    public Offer offer(List<Entry> entries, long now) {
        lock.lock();
        try {
            if (pending.isEmpty() && bucket.tryTake(now)) {
                return Offer.PASS;
            }
            int held = 0;
            int dropped = 0;
            for (Entry e : entries) {
                if (pending.containsKey(e.clientId()) || pending.size() < maxClients) {
                    pending.put(e.clientId(), e);
                    held++;
                } else {
                    dropped++;
                }
            }
            long flushIn = -1;
            if (!flushScheduled && !pending.isEmpty()) {
                flushScheduled = true;
                flushIn = bucket.nanosUntilToken(now);
            }
            return new Offer(false, held, dropped, flushIn);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Take the buffered entries if the budget allows.
     *
     * @param now {@link System#nanoTime()}
     * @return what to send, or when to try again
     */
    public Flush flush(long now) {
        lock.lock();
        try {
            if (pending.isEmpty()) {
                flushScheduled = false;
                return Flush.NOTHING;
            }
            if (!bucket.tryTake(now)) {
                return new Flush(null, Math.max(1, bucket.nanosUntilToken(now)));
            }
            List<Entry> out = new ArrayList<>(pending.values());
            pending.clear();
            flushScheduled = false;
            return new Flush(out, -1);
        } finally {
            lock.unlock();
        }
    }

    /** Drop whatever is buffered (the connection ended). */
    public void clear() {
        lock.lock();
        try {
            pending.clear();
        } finally {
            lock.unlock();
        }
    }

    /** @return client ids waiting in the buffer */
    public int pending() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }
}
