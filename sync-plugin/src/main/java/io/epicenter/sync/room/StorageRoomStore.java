package io.epicenter.sync.room;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.crdt.update.Updates;
import io.epicenter.plugin.storage.LoadedRoom;
import io.epicenter.plugin.storage.Storage;
import io.epicenter.plugin.storage.StorageException;
import io.epicenter.sync.LogText;

/**
 * The {@link RoomStore} over a {@link Storage}: rooms load from the store, every accepted update is
 * appended, eviction makes the room durable and compacts it.
 *
 * <p><b>Appends.</b> Each room has a journal of the updates it accepted that are not known to be
 * durable yet, in the order they were accepted. An update is appended at once; its future (the one
 * {@link #appended} returns, which the 102 acknowledgement waits for) completes when the store says
 * it is durable. A failed append never loses the update (the room's memory has it anyway): the room's
 * journal switches to <em>failing</em>, keeps every later update in memory (not sent to the store),
 * and retries all of them, in their original order, with exponential backoff ({@value #MIN_BACKOFF_MS}
 * ms doubling to {@value #MAX_BACKOFF_MS} ms) until a whole round succeeds. One log line when a room
 * starts failing, one when it recovers. While any room is failing, {@link #failingRooms()} is not
 * empty (readiness goes DOWN). Storing an update twice (a failure reported after the write happened)
 * is harmless: applying a Yjs update twice is a no-op.
 *
 * <p><b>Threads.</b> Appends are submitted while holding the journal's lock (the store's
 * {@code append} never blocks), so they reach the store in the room's order; completion callbacks run
 * on the store's threads (or inline when the future was already complete) and take the lock only
 * briefly; the acknowledgement futures are completed outside the lock. Retries are scheduled on the
 * shared timer, whose task only starts a virtual thread. Blocking waits (load, compaction, deletion)
 * happen on the caller's thread, never under a lock.
 */
public final class StorageRoomStore implements RoomStore {

    private static final System.Logger LOG = System.getLogger("io.epicenter.sync.storage");
    /** Loaded snapshots are merges of many entries: larger limits than one update's, still bounded. */
    static final DecodeLimits SNAPSHOT_LIMITS = DecodeLimits.defaults().withMaxBytes(512 << 20)
            .withMaxStructs(50_000_000).withMaxDeleteRanges(50_000_000);
    static final long MIN_BACKOFF_MS = 100;
    static final long MAX_BACKOFF_MS = 5_000;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Storage storage;
    private final ScheduledExecutorService timer;
    private final Duration timeout;
    private final ConcurrentHashMap<String, Journal> journals = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final AtomicLong appendFailures = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private volatile String lastError = "";
    private volatile boolean closed;

    /**
     * @param storage the store (this adapter closes it in {@link #close})
     * @param timer schedules retries (its tasks only start virtual threads)
     * @param timeout how long a load, a compaction or a deletion may take before it counts as failed
     */
    public StorageRoomStore(Storage storage, ScheduledExecutorService timer, Duration timeout) {
        this.storage = storage;
        this.timer = timer;
        this.timeout = timeout;
    }

    /** @return the store */
    public Storage storage() {
        return storage;
    }

    // ------------------------------------------------------------------ RoomStore

    @Override
    public Optional<byte[]> load(String roomId) throws Exception {
        LoadedRoom loaded = await(storage.load(roomId), roomId, "load");
        List<byte[]> updates = loaded.updates();
        if (updates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(updates.size() == 1 ? updates.get(0) : Updates.mergeUpdates(updates, SNAPSHOT_LIMITS));
    }

    @Override
    public CompletableFuture<Void> appended(String roomId, byte[] update) {
        Entry e = new Entry(update);
        Journal j = journals.compute(roomId, (k, v) -> {
            Journal out = v == null || v.isDiscarded() ? new Journal(k) : v;
            out.add(e);
            return out;
        });
        j.pump(false);
        return e.durable;
    }

    /**
     * Make the room durable (every update it accepted is stored), then compact it. Fails at once when
     * the room's appends are failing.
     */
    @Override
    public void persist(String roomId, byte[] state) throws Exception {
        flush(roomId, timeout);
        await(storage.compact(roomId), roomId, "compaction");
    }

    @Override
    public boolean delete(String roomId) throws Exception {
        Journal j = journals.get(roomId);
        if (j != null) {
            j.discard();
        }
        return await(storage.delete(roomId), roomId, "delete");
    }

    /**
     * Store what is still pending (one last attempt for failing rooms, waiting a few seconds at most),
     * then close the store.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (Journal j : journals.values()) {
            pending.addAll(j.finalAttempt());
        }
        if (!pending.isEmpty()) {
            try {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // counted below
            }
            long lost = pending.stream().filter(f -> !f.isDone() || f.isCompletedExceptionally()).count();
            if (lost > 0) {
                LOG.log(System.Logger.Level.ERROR, "sync storage: " + lost + " updates in " + failing.size()
                        + " rooms could not be stored before shutdown: rooms=" + failing.stream().limit(10)
                        .map(LogText::quote).toList() + " error=" + lastError);
            }
        }
        for (Journal j : journals.values()) {
            j.cancelRetry();
        }
        storage.close();
    }

    // ------------------------------------------------------------------ status

    /** @return rooms whose appends are failing now (retried in the background) */
    public Set<String> failingRooms() {
        return Set.copyOf(failing);
    }

    /** @return updates accepted but not yet durable, over all rooms */
    public long pendingUpdates() {
        long n = 0;
        for (Journal j : journals.values()) {
            n += j.size();
        }
        return n;
    }

    /**
     * @param roomId a room
     * @return its updates accepted but not yet durable
     */
    public int pendingUpdates(String roomId) {
        Journal j = journals.get(roomId);
        return j == null ? 0 : j.size();
    }

    /** @return failed append attempts so far */
    public long appendFailures() {
        return appendFailures.get();
    }

    /** @return appends submitted again after a failure */
    public long retried() {
        return retried.get();
    }

    /** @return the message of the last storage failure, or empty */
    public String lastError() {
        return lastError;
    }

    // ------------------------------------------------------------------ internals

    /**
     * Wait until every update the room accepted so far is durable.
     *
     * @throws StorageException when the room's appends are failing or it takes longer than the timeout
     */
    void flush(String roomId, Duration within) throws Exception {
        Journal j = journals.get(roomId);
        if (j == null) {
            return;
        }
        List<CompletableFuture<Void>> all = j.durables();
        if (all.isEmpty()) {
            return;
        }
        await(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)), roomId, "flush", within);
    }

    private <T> T await(CompletableFuture<T> f, String roomId, String what) throws Exception {
        return await(f, roomId, what, timeout);
    }

    private static <T> T await(CompletableFuture<T> f, String roomId, String what, Duration within) throws Exception {
        try {
            return f.get(within.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
                c = c.getCause();
            }
            if (c instanceof Exception ex) {
                throw ex;
            }
            throw new StorageException(roomId, what + " failed: " + c, c);
        } catch (TimeoutException e) {
            throw new StorageException(roomId, what + " did not finish within " + within.toMillis() + " ms", e);
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private enum EntryState { PENDING, IN_FLIGHT }

    private static final class Entry {
        final byte[] update;
        final CompletableFuture<Void> durable = new CompletableFuture<>();
        EntryState state = EntryState.PENDING; // guarded by the journal's lock
        boolean retry;

        Entry(byte[] update) {
            this.update = update;
        }
    }

    /** One room's updates that are not durable yet, in acceptance order. */
    private final class Journal {
        private final String roomId;
        private final ReentrantLock lock = new ReentrantLock();
        // guarded by lock
        private final ArrayDeque<Entry> entries = new ArrayDeque<>();
        private boolean failingNow;
        private boolean retryScheduled;
        private java.util.concurrent.ScheduledFuture<?> retryTask;
        private int rounds;
        private long failingSinceNanos;
        private long retriedInOutage;
        private boolean discarded;

        Journal(String roomId) {
            this.roomId = roomId;
        }

        void add(Entry e) {
            lock.lock();
            try {
                entries.add(e);
            } finally {
                lock.unlock();
            }
        }

        boolean isDiscarded() {
            lock.lock();
            try {
                return discarded;
            } finally {
                lock.unlock();
            }
        }

        int size() {
            lock.lock();
            try {
                return entries.size();
            } finally {
                lock.unlock();
            }
        }

        List<CompletableFuture<Void>> durables() {
            lock.lock();
            try {
                if (failingNow) {
                    throw new StorageException(roomId, entries.size() + " updates are not stored yet (storage failing: "
                            + lastError + ")", null);
                }
                List<CompletableFuture<Void>> out = new ArrayList<>(entries.size());
                for (Entry e : entries) {
                    out.add(e.durable);
                }
                return out;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Submit the pending entries, in order: always for a retry, otherwise only while not failing
         * (a failing journal keeps new entries until its retry).
         */
        void pump(boolean isRetry) {
            List<Entry> sent = new ArrayList<>();
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            lock.lock();
            try {
                if (discarded || (failingNow && !isRetry)) {
                    return;
                }
                for (Entry e : entries) {
                    if (e.state != EntryState.PENDING) {
                        continue;
                    }
                    e.state = EntryState.IN_FLIGHT;
                    if (e.retry) {
                        retried.incrementAndGet();
                        retriedInOutage++;
                    }
                    CompletableFuture<Long> f;
                    try {
                        f = storage.append(roomId, e.update);
                    } catch (RuntimeException ex) {
                        f = CompletableFuture.failedFuture(ex);
                    }
                    sent.add(e);
                    futures.add(f);
                }
            } finally {
                lock.unlock();
            }
            // callbacks attached outside the lock: one that runs inline takes it afresh
            for (int i = 0; i < sent.size(); i++) {
                Entry e = sent.get(i);
                futures.get(i).whenComplete((seq, err) -> completed(e, err));
            }
        }

        private void completed(Entry e, Throwable err) {
            Throwable cause = err == null ? null : unwrap(err);
            boolean ack = false;
            Throwable fail = null;
            boolean pumpAgain = false;
            String logFailing = null;
            String logRecovered = null;
            boolean maybeIdle;
            lock.lock();
            try {
                if (discarded) {
                    ack = true;
                } else if (cause == null) {
                    entries.removeFirstOccurrence(e);
                    ack = true;
                    if (failingNow && !retryScheduled && noneInFlight()) {
                        // a whole retry round went through: healthy again
                        failingNow = false;
                        failing.remove(roomId);
                        logRecovered = "sync storage append recovered: room=" + LogText.quote(roomId) + " retried="
                                + retriedInOutage + " rounds=" + rounds + " ms="
                                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failingSinceNanos);
                        rounds = 0;
                        retriedInOutage = 0;
                        pumpAgain = !entries.isEmpty();
                    }
                } else if (cause instanceof StorageException se && se.retryable() && !closed) {
                    appendFailures.incrementAndGet();
                    lastError = String.valueOf(se.getMessage());
                    e.state = EntryState.PENDING;
                    e.retry = true;
                    if (!failingNow) {
                        failingNow = true;
                        failingSinceNanos = System.nanoTime();
                        failing.add(roomId);
                        logFailing = "sync storage append failed, kept in memory and retrying: room=" + LogText.quote(roomId)
                                + " pending=" + entries.size() + " error=" + se.getMessage();
                    }
                    scheduleRetryLocked();
                } else {
                    // not retryable (the store is closed, or a bug): the update stays in the room's memory only
                    appendFailures.incrementAndGet();
                    lastError = String.valueOf(cause.getMessage());
                    entries.removeFirstOccurrence(e);
                    fail = cause;
                    logFailing = "sync storage append failed (not retryable), update not stored: room="
                            + LogText.quote(roomId) + " error=" + cause;
                }
                maybeIdle = entries.isEmpty() && !failingNow;
            } finally {
                lock.unlock();
            }
            if (maybeIdle) {
                // map first, then the journal's lock (the order appended() uses)
                journals.computeIfPresent(roomId, (k, v) -> v == this && isIdle() ? null : v);
            }
            if (logFailing != null) {
                LOG.log(System.Logger.Level.WARNING, logFailing);
            }
            if (logRecovered != null) {
                LOG.log(System.Logger.Level.INFO, logRecovered);
            }
            if (ack) {
                e.durable.complete(null);
            } else if (fail != null) {
                e.durable.completeExceptionally(fail);
            }
            if (pumpAgain) {
                pump(false);
            }
        }

        private boolean isIdle() {
            lock.lock();
            try {
                return entries.isEmpty() && !failingNow && !discarded;
            } finally {
                lock.unlock();
            }
        }

        private boolean noneInFlight() {
            for (Entry x : entries) {
                if (x.state == EntryState.IN_FLIGHT) {
                    return false;
                }
            }
            return true;
        }

        private void scheduleRetryLocked() {
            if (retryScheduled || closed) {
                return;
            }
            retryScheduled = true;
            rounds++;
            long delay = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS << Math.min(rounds - 1, 20));
            try {
                retryTask = timer.schedule(() -> Thread.ofVirtual().name("sync-storage-retry").start(this::retry),
                                           delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException ex) {
                retryScheduled = false; // shutting down: close() makes the last attempt
            }
        }

        private void retry() {
            lock.lock();
            try {
                retryScheduled = false;
                retryTask = null;
            } finally {
                lock.unlock();
            }
            pump(true);
        }

        /** At close: submit everything pending now; @return the futures to wait for. */
        List<CompletableFuture<Void>> finalAttempt() {
            List<CompletableFuture<Void>> out = new ArrayList<>();
            lock.lock();
            try {
                if (retryTask != null) {
                    retryTask.cancel(false);
                    retryTask = null;
                }
                retryScheduled = false;
                for (Entry e : entries) {
                    out.add(e.durable);
                }
            } finally {
                lock.unlock();
            }
            pump(true);
            return out;
        }

        void cancelRetry() {
            lock.lock();
            try {
                if (retryTask != null) {
                    retryTask.cancel(false);
                    retryTask = null;
                }
            } finally {
                lock.unlock();
            }
        }

        /** The room is being deleted: drop what is pending (acknowledged: there is nothing left to store). */
        void discard() {
            List<Entry> dropped;
            lock.lock();
            try {
                discarded = true;
                dropped = new ArrayList<>(entries);
                entries.clear();
                if (retryTask != null) {
                    retryTask.cancel(false);
                    retryTask = null;
                }
                failing.remove(roomId);
            } finally {
                lock.unlock();
            }
            journals.remove(roomId, this);
            for (Entry e : dropped) {
                e.durable.complete(null);
            }
        }
    }

    /** @return a completed future, for stores without durability */
    static CompletableFuture<Void> done() {
        return DONE;
    }
}
