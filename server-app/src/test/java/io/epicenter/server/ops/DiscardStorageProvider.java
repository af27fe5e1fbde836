package io.epicenter.server.ops;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.epicenter.plugin.storage.CompactionResult;
import io.epicenter.plugin.storage.LoadedRoom;
import io.epicenter.plugin.storage.RoomInfo;
import io.epicenter.plugin.storage.RoomPage;
import io.epicenter.plugin.storage.Storage;
import io.epicenter.plugin.storage.StorageProvider;
import io.helidon.config.Config;

/**
 * {@code storage.kind: ops-discard} (tests only): a store that acknowledges every append at once and
 * keeps nothing. The soak test uses it so that the heap after churning thousands of rooms measures
 * the server's own bookkeeping, not the documents a real store would legitimately keep (the memory
 * store holds every room forever).
 */
public final class DiscardStorageProvider implements StorageProvider {

    @Override
    public String kind() {
        return "ops-discard";
    }

    @Override
    public Storage open(Config storageConfig) {
        return new Storage() {
            private final AtomicLong seq = new AtomicLong();

            @Override
            public String kind() {
                return "ops-discard";
            }

            @Override
            public CompletableFuture<LoadedRoom> load(String roomId) {
                return CompletableFuture.completedFuture(LoadedRoom.empty(roomId));
            }

            @Override
            public CompletableFuture<Long> append(String roomId, byte[] update) {
                return CompletableFuture.completedFuture(seq.incrementAndGet());
            }

            @Override
            public CompletableFuture<CompactionResult> compact(String roomId) {
                return CompletableFuture.completedFuture(CompactionResult.nothing(roomId, 0));
            }

            @Override
            public CompletableFuture<Boolean> delete(String roomId) {
                return CompletableFuture.completedFuture(false);
            }

            @Override
            public CompletableFuture<RoomPage> listRooms(String after, int limit) {
                return CompletableFuture.completedFuture(new RoomPage(List.of(), Optional.empty()));
            }

            @Override
            public CompletableFuture<Optional<RoomInfo>> info(String roomId) {
                return CompletableFuture.completedFuture(Optional.empty());
            }

            @Override
            public void close() {
            }
        };
    }
}
