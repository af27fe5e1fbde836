package io.epicenter.sync.metrics;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.epicenter.plugin.storage.CompactionResult;
import io.epicenter.plugin.storage.LoadedRoom;
import io.epicenter.plugin.storage.RoomInfo;
import io.epicenter.plugin.storage.RoomPage;
import io.epicenter.plugin.storage.Storage;

/**
 * A {@link Storage} that counts what passes through it into {@link SyncMetrics}: append latency
 * (from the call until the store says the update is durable: group commit and fsync included) and
 * failed appends (each failed attempt; the room adapter retries), compactions and failed
 * compactions. Everything else is delegated unchanged.
 */
public final class MeteredStorage implements Storage {

    private final Storage delegate;
    private final SyncMetrics metrics;

    /**
     * @param delegate the store
     * @param metrics where to count
     */
    public MeteredStorage(Storage delegate, SyncMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    /** @return the wrapped store */
    public Storage delegate() {
        return delegate;
    }

    @Override
    public String kind() {
        return delegate.kind();
    }

    @Override
    public CompletableFuture<LoadedRoom> load(String roomId) {
        return delegate.load(roomId);
    }

    @Override
    public CompletableFuture<Long> append(String roomId, byte[] update) {
        long start = System.nanoTime();
        CompletableFuture<Long> f = delegate.append(roomId, update);
        // a dependent stage: the caller's callbacks on f are unaffected; this one never blocks
        f.whenComplete((seq, err) -> {
            if (err == null) {
                metrics.storageAppended(System.nanoTime() - start);
            } else {
                metrics.storageAppendFailed();
            }
        });
        return f;
    }

    @Override
    public CompletableFuture<CompactionResult> compact(String roomId) {
        CompletableFuture<CompactionResult> f = delegate.compact(roomId);
        f.whenComplete((r, err) -> {
            if (err != null) {
                metrics.compactionFailed();
            } else if (r != null && r.mergedEntries() > 0) {
                metrics.compacted();
            }
        });
        return f;
    }

    @Override
    public CompletableFuture<Boolean> delete(String roomId) {
        return delegate.delete(roomId);
    }

    @Override
    public CompletableFuture<RoomPage> listRooms(String after, int limit) {
        return delegate.listRooms(after, limit);
    }

    @Override
    public CompletableFuture<Optional<RoomInfo>> info(String roomId) {
        return delegate.info(roomId);
    }

    @Override
    public Map<String, Object> status() {
        return delegate.status();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
