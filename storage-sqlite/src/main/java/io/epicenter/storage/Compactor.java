package io.epicenter.storage;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.epicenter.plugin.storage.CompactionResult;
import io.epicenter.plugin.storage.StorageException;

/**
 * Runs compactions for a store: on demand and when a room's log passes the thresholds, each on its
 * own virtual thread, one at a time per room (striped locks), and backs off a room whose automatic
 * compaction failed. The store supplies the blocking compaction of one room.
 */
public final class Compactor {

    /** The store's compaction of one room; called with the room's compaction lock held. */
    @FunctionalInterface
    public interface Job {
        /**
         * @param roomId the room
         * @return what was done
         * @throws Exception when it failed (nothing changed then)
         */
        CompactionResult compact(String roomId) throws Exception;
    }

    private static final System.Logger LOG = System.getLogger(Compactor.class.getName());
    private static final Duration AUTO_BACKOFF = Duration.ofSeconds(30);

    private final StorageSettings settings;
    private final Job job;
    private final ReentrantLock[] stripes = new ReentrantLock[64];
    /** Merging is CPU work: at most this many compactions run at once (the rest wait their turn). */
    private final java.util.concurrent.Semaphore running =
            new java.util.concurrent.Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    private final Set<String> autoPending = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Long> backoffUntil = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("epicenter-storage-compact-", 0).factory());
    private volatile boolean closed;

    /**
     * @param settings the thresholds
     * @param job the store's compaction of one room
     */
    public Compactor(StorageSettings settings, Job job) {
        this.settings = settings;
        this.job = job;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * Compact now (after a compaction of the same room that is running, if any).
     *
     * @param roomId the room
     * @return the result
     */
    public CompletableFuture<CompactionResult> compact(String roomId) {
        CompletableFuture<CompactionResult> result = new CompletableFuture<>();
        try {
            threads.execute(() -> run(roomId, result, false));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new StorageException(roomId, "storage is closed", e, false));
        }
        return result;
    }

    /**
     * Tell the compactor a room's log size after appends; starts a compaction when it is due and
     * none is pending for the room.
     *
     * @param roomId the room
     * @param entries log entries after the snapshot
     * @param bytes their bytes
     */
    public void logSize(String roomId, long entries, long bytes) {
        if (closed || !settings.compactionDue(entries, bytes)) {
            return;
        }
        Long until = backoffUntil.get(roomId);
        if (until != null) {
            if (System.nanoTime() - until < 0) {
                return;
            }
            backoffUntil.remove(roomId, until);
        }
        if (!autoPending.add(roomId)) {
            return;
        }
        CompletableFuture<CompactionResult> result = new CompletableFuture<>();
        try {
            threads.execute(() -> run(roomId, result, true));
        } catch (RejectedExecutionException e) {
            autoPending.remove(roomId);
        }
    }

    private void run(String roomId, CompletableFuture<CompactionResult> result, boolean auto) {
        ReentrantLock lock = stripes[Math.floorMod(roomId.hashCode(), stripes.length)];
        lock.lock();
        running.acquireUninterruptibly();
        long started = System.nanoTime();
        try {
            if (auto) {
                autoPending.remove(roomId);
            }
            CompactionResult r = job.compact(roomId);
            if (r.mergedEntries() > 0) {
                LOG.log(System.Logger.Level.INFO, "room " + roomId + ": compacted " + r.mergedEntries() + " entries"
                        + (r.skippedEntries() > 0 ? " (" + r.skippedEntries() + " corrupt dropped)" : "")
                        + ", " + r.bytesBefore() + " -> " + r.bytesAfter() + " bytes, through seq " + r.throughSequence()
                        + " in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms"
                        + (auto ? " (threshold)" : " (on demand)"));
            }
            result.complete(r);
        } catch (Throwable thrown) {
            Throwable e = thrown instanceof java.util.concurrent.CompletionException && thrown.getCause() != null
                    ? thrown.getCause() : thrown;
            StorageException se = e instanceof StorageException s ? s
                    : new StorageException(roomId, "compaction failed: " + e, e);
            if (auto) {
                backoffUntil.put(roomId, System.nanoTime() + AUTO_BACKOFF.toNanos());
            }
            LOG.log(System.Logger.Level.WARNING, "room " + roomId + ": compaction failed"
                    + (auto ? " (retry after " + AUTO_BACKOFF.toSeconds() + " s)" : "") + ": " + e);
            result.completeExceptionally(se);
        } finally {
            running.release();
            lock.unlock();
        }
    }

    /**
     * Stop starting compactions and wait (up to {@code timeout}) for the running ones.
     *
     * @param timeout how long to wait
     */
    public void close(Duration timeout) {
        closed = true;
        threads.shutdown();
        try {
            threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
