package io.epicenter.storage.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.epicenter.plugin.storage.CompactionResult;
import io.epicenter.plugin.storage.LoadedRoom;
import io.epicenter.plugin.storage.RoomInfo;
import io.epicenter.plugin.storage.RoomPage;
import io.epicenter.plugin.storage.Storage;
import io.epicenter.plugin.storage.StorageException;
import io.epicenter.storage.Compactor;
import io.epicenter.storage.StorageSettings;
import io.epicenter.storage.UpdateCodec;
import io.epicenter.storage.Utf8Order;
import io.epicenter.storage.Validation;

/**
 * {@code storage.kind: memory}: rooms live in this process only (for tests and throw-away servers).
 * Same contract as the SQLite store except that "durable" means "in this store's memory": futures
 * are complete when returned. Compaction works as on disk (thresholds, merge, racing appends kept),
 * so a long-running server's memory stays bounded by its documents, not by their history.
 *
 * <p>Each room is guarded by its own {@link ReentrantLock}; merging happens outside it.
 */
public final class MemoryStorage implements Storage {

    private static final class Room {
        final ReentrantLock lock = new ReentrantLock();
        byte[] snapshot;
        long snapshotSeq;
        final ArrayList<Long> seqs = new ArrayList<>();
        final ArrayList<byte[]> values = new ArrayList<>();
        long logBytes;
        boolean deleted;
    }

    private final StorageSettings settings;
    private final UpdateCodec codec;
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong compactions = new AtomicLong();
    private final Compactor compactor;
    private volatile boolean closed;

    /** @param settings compaction thresholds (the data directory is not used) */
    public MemoryStorage(StorageSettings settings) {
        this(settings, UpdateCodec.YJS);
    }

    /**
     * @param settings compaction thresholds (the data directory is not used)
     * @param codec validation and merging of updates
     */
    public MemoryStorage(StorageSettings settings, UpdateCodec codec) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.compactor = new Compactor(settings, this::compactNow);
    }

    @Override
    public String kind() {
        return MemoryStorageProvider.KIND;
    }

    @Override
    public CompletableFuture<Long> append(String roomId, byte[] update) {
        requireRoom(roomId);
        Objects.requireNonNull(update, "update");
        if (closed) {
            return closedFuture(roomId);
        }
        byte[] copy = update.clone();
        while (true) {
            Room r = rooms.computeIfAbsent(roomId, k -> new Room());
            long seq;
            long entries;
            long bytes;
            r.lock.lock();
            try {
                if (r.deleted) {
                    continue;
                }
                seq = sequence.incrementAndGet();
                r.seqs.add(seq);
                r.values.add(copy);
                r.logBytes += copy.length;
                entries = r.seqs.size();
                bytes = r.logBytes;
            } finally {
                r.lock.unlock();
            }
            appends.incrementAndGet();
            compactor.logSize(roomId, entries, bytes);
            return CompletableFuture.completedFuture(seq);
        }
    }

    @Override
    public CompletableFuture<LoadedRoom> load(String roomId) {
        requireRoom(roomId);
        if (closed) {
            return closedFuture(roomId);
        }
        Room r = rooms.get(roomId);
        if (r == null) {
            return CompletableFuture.completedFuture(LoadedRoom.empty(roomId));
        }
        byte[] snapshot;
        long snapshotSeq;
        List<Long> seqs;
        List<byte[]> values;
        r.lock.lock();
        try {
            if (r.deleted) {
                return CompletableFuture.completedFuture(LoadedRoom.empty(roomId));
            }
            snapshot = r.snapshot;
            snapshotSeq = r.snapshotSeq;
            seqs = List.copyOf(r.seqs);
            values = List.copyOf(r.values);
        } finally {
            r.lock.unlock();
        }
        int skipped = 0;
        Optional<byte[]> snap = Optional.empty();
        if (snapshot != null) {
            if (Validation.valid(codec, roomId, snapshotSeq, snapshot, Validation.SNAPSHOT)) {
                snap = Optional.of(snapshot.clone());
            } else {
                skipped++;
            }
        }
        List<byte[]> tail = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            if (Validation.valid(codec, roomId, seqs.get(i), values.get(i), "entry")) {
                tail.add(values.get(i).clone());
            } else {
                skipped++;
            }
        }
        long last = seqs.isEmpty() ? snapshotSeq : seqs.get(seqs.size() - 1);
        return CompletableFuture.completedFuture(new LoadedRoom(roomId, snap, tail, last, skipped));
    }

    @Override
    public CompletableFuture<CompactionResult> compact(String roomId) {
        requireRoom(roomId);
        if (closed) {
            return closedFuture(roomId);
        }
        return compactor.compact(roomId);
    }

    private CompactionResult compactNow(String roomId) {
        Room r = rooms.get(roomId);
        if (r == null) {
            return CompactionResult.nothing(roomId, 0);
        }
        byte[] snapshot;
        long base;
        List<Long> seqs;
        List<byte[]> values;
        r.lock.lock();
        try {
            if (r.deleted || r.seqs.isEmpty()) {
                return CompactionResult.nothing(roomId, r.snapshotSeq);
            }
            snapshot = r.snapshot;
            base = r.snapshotSeq;
            seqs = List.copyOf(r.seqs);
            values = List.copyOf(r.values);
        } finally {
            r.lock.unlock();
        }
        List<byte[]> inputs = new ArrayList<>(values.size() + 1);
        int skipped = 0;
        long before = 0;
        long removedBytes = 0;
        if (snapshot != null) {
            before += snapshot.length;
            if (Validation.valid(codec, roomId, base, snapshot, Validation.SNAPSHOT)) {
                inputs.add(snapshot);
            } else {
                skipped++;
            }
        }
        for (int i = 0; i < values.size(); i++) {
            removedBytes += values.get(i).length;
            if (Validation.valid(codec, roomId, seqs.get(i), values.get(i), "entry")) {
                inputs.add(values.get(i));
            } else {
                skipped++;
            }
        }
        before += removedBytes;
        byte[] merged = inputs.isEmpty() ? null : inputs.size() == 1 ? inputs.get(0) : codec.merge(inputs);
        long through = seqs.get(seqs.size() - 1);
        r.lock.lock();
        try {
            if (r.deleted || r.snapshotSeq != base || r.seqs.size() < seqs.size()
                    || !r.seqs.get(seqs.size() - 1).equals(through)) {
                return CompactionResult.nothing(roomId, r.snapshotSeq);
            }
            r.seqs.subList(0, seqs.size()).clear();
            r.values.subList(0, seqs.size()).clear();
            r.logBytes -= removedBytes;
            r.snapshot = merged;
            r.snapshotSeq = through;
        } finally {
            r.lock.unlock();
        }
        compactions.incrementAndGet();
        return new CompactionResult(roomId, seqs.size(), skipped, before, merged == null ? 0 : merged.length, through);
    }

    @Override
    public CompletableFuture<Boolean> delete(String roomId) {
        requireRoom(roomId);
        if (closed) {
            return closedFuture(roomId);
        }
        Room r = rooms.remove(roomId);
        if (r == null) {
            return CompletableFuture.completedFuture(false);
        }
        r.lock.lock();
        try {
            r.deleted = true;
        } finally {
            r.lock.unlock();
        }
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletableFuture<RoomPage> listRooms(String after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1");
        }
        if (closed) {
            return closedFuture(null);
        }
        String from = after == null ? "" : after;
        List<String> ids = new ArrayList<>();
        for (String id : rooms.keySet()) {
            if (Utf8Order.compare(id, from) > 0) {
                ids.add(id);
            }
        }
        ids.sort(Utf8Order.COMPARATOR);
        if (ids.size() > limit) {
            List<String> page = ids.subList(0, limit);
            return CompletableFuture.completedFuture(new RoomPage(page, Optional.of(page.get(limit - 1))));
        }
        return CompletableFuture.completedFuture(new RoomPage(ids, Optional.empty()));
    }

    @Override
    public CompletableFuture<Optional<RoomInfo>> info(String roomId) {
        requireRoom(roomId);
        if (closed) {
            return closedFuture(roomId);
        }
        Room r = rooms.get(roomId);
        if (r == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        r.lock.lock();
        try {
            if (r.deleted) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            long last = r.seqs.isEmpty() ? r.snapshotSeq : r.seqs.get(r.seqs.size() - 1);
            return CompletableFuture.completedFuture(Optional.of(new RoomInfo(roomId,
                    r.snapshot == null ? 0 : r.snapshot.length, r.logBytes, r.seqs.size(), last)));
        } finally {
            r.lock.unlock();
        }
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind());
        m.put("rooms", rooms.size());
        m.put("appends", appends.get());
        m.put("compactions", compactions.get());
        return m;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        compactor.close(Duration.ofSeconds(2));
    }

    /** @return the settings this store was made with */
    public StorageSettings settings() {
        return settings;
    }

    private static void requireRoom(String roomId) {
        if (roomId == null || roomId.isEmpty()) {
            throw new IllegalArgumentException("room id must not be empty");
        }
    }

    private static <T> CompletableFuture<T> closedFuture(String roomId) {
        return CompletableFuture.failedFuture(new StorageException(roomId, "storage is closed", null, false));
    }
}
