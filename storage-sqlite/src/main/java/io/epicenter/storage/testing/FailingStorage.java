package io.epicenter.storage.testing;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.epicenter.plugin.storage.CompactionResult;
import io.epicenter.plugin.storage.LoadedRoom;
import io.epicenter.plugin.storage.RoomInfo;
import io.epicenter.plugin.storage.RoomPage;
import io.epicenter.plugin.storage.Storage;
import io.epicenter.plugin.storage.StorageException;

/**
 * For tests: wraps a store and fails its operations on command (running as root, tests cannot
 * rely on file permissions to make a disk fail). An injected failure is a future completed
 * exceptionally with a retryable {@link StorageException} whose message contains
 * {@value #MESSAGE}; it completes on another thread, as a real store's would.
 *
 * <pre>{@code
 * FailingStorage s = new FailingStorage(new MemoryStorage(StorageSettings.defaults()));
 * s.failAlways(FailingStorage.Op.APPEND);     // every append fails ...
 * s.heal();                                    // ... until healed
 * s.failNext(FailingStorage.Op.LOAD, 2);      // the next two loads fail
 * s.failNextAfterStoring(1);                   // the next append is stored, but reported failed
 * s.delay(FailingStorage.Op.APPEND, Duration.ofMillis(200)); // a slow disk
 * }</pre>
 * Thread-safe.
 */
public final class FailingStorage implements Storage {

    /** Text in the message of every injected failure. */
    public static final String MESSAGE = "injected failure";

    /** The operations that can be made to fail. */
    public enum Op { LOAD, APPEND, COMPACT, DELETE, LIST, INFO }

    private final Storage delegate;
    private final Set<Op> always = ConcurrentHashMap.newKeySet();
    private final Map<Op, AtomicInteger> next = new EnumMap<>(Op.class);
    private final Map<Op, AtomicInteger> injected = new EnumMap<>(Op.class);
    private final Map<Op, Duration> delays = new ConcurrentHashMap<>();
    private final Set<String> failingRooms = ConcurrentHashMap.newKeySet();
    private final AtomicInteger appendsStoredThenFailed = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();

    /** @param delegate the store that does the work when nothing is injected */
    public FailingStorage(Storage delegate) {
        this.delegate = delegate;
        for (Op op : Op.values()) {
            next.put(op, new AtomicInteger());
            injected.put(op, new AtomicInteger());
        }
    }

    /** @return the wrapped store */
    public Storage delegate() {
        return delegate;
    }

    /**
     * Fail every call of these operations until {@link #heal()}.
     *
     * @param ops operations
     * @return this
     */
    public FailingStorage failAlways(Op... ops) {
        always.addAll(Set.of(ops));
        return this;
    }

    /**
     * Fail the next {@code times} calls of an operation.
     *
     * @param op the operation
     * @param times how many calls
     * @return this
     */
    public FailingStorage failNext(Op op, int times) {
        next.get(op).addAndGet(times);
        return this;
    }

    /**
     * Fail every operation on these rooms until {@link #heal()}.
     *
     * @param roomIds rooms
     * @return this
     */
    public FailingStorage failRooms(String... roomIds) {
        failingRooms.addAll(Set.of(roomIds));
        return this;
    }

    /**
     * Let the next {@code times} appends reach the store but report them failed (the
     * "stored, but the acknowledgement was lost" case: a retry then stores the update twice).
     *
     * @param times how many appends
     * @return this
     */
    public FailingStorage failNextAfterStoring(int times) {
        appendsStoredThenFailed.addAndGet(times);
        return this;
    }

    /**
     * Delay the completion of every call of an operation (a slow disk); {@link Duration#ZERO} removes it.
     *
     * @param op the operation
     * @param delay how long
     * @return this
     */
    public FailingStorage delay(Op op, Duration delay) {
        if (delay.isZero()) {
            delays.remove(op);
        } else {
            delays.put(op, delay);
        }
        return this;
    }

    /**
     * Stop injecting failures and delays.
     *
     * @return this
     */
    public FailingStorage heal() {
        lock.lock();
        try {
            always.clear();
            failingRooms.clear();
            next.values().forEach(n -> n.set(0));
            appendsStoredThenFailed.set(0);
            delays.clear();
        } finally {
            lock.unlock();
        }
        return this;
    }

    /**
     * @param op an operation
     * @return how many of its calls failed by injection so far
     */
    public int injectedFailures(Op op) {
        return injected.get(op).get();
    }

    private boolean shouldFail(Op op, String roomId) {
        if (always.contains(op) || (roomId != null && failingRooms.contains(roomId))) {
            return true;
        }
        AtomicInteger n = next.get(op);
        while (true) {
            int left = n.get();
            if (left <= 0) {
                return false;
            }
            if (n.compareAndSet(left, left - 1)) {
                return true;
            }
        }
    }

    private <T> CompletableFuture<T> run(Op op, String roomId, Supplier<CompletableFuture<T>> call) {
        Executor later = later(op);
        if (shouldFail(op, roomId)) {
            injected.get(op).incrementAndGet();
            CompletableFuture<T> f = new CompletableFuture<>();
            later.execute(() -> f.completeExceptionally(injectedFailure(roomId, op)));
            return f;
        }
        return call.get().whenCompleteAsync((r, e) -> { }, later);
    }

    private Executor later(Op op) {
        Duration d = delays.get(op);
        Executor virtual = r -> Thread.ofVirtual().name("failing-storage").start(r);
        return d == null ? virtual : CompletableFuture.delayedExecutor(d.toNanos(), TimeUnit.NANOSECONDS, virtual);
    }

    private static StorageException injectedFailure(String roomId, Op op) {
        return new StorageException(roomId, op.name().toLowerCase() + " failed: " + MESSAGE, null, true);
    }

    @Override
    public String kind() {
        return delegate.kind();
    }

    @Override
    public CompletableFuture<LoadedRoom> load(String roomId) {
        return run(Op.LOAD, roomId, () -> delegate.load(roomId));
    }

    @Override
    public CompletableFuture<Long> append(String roomId, byte[] update) {
        CompletableFuture<Long> f = run(Op.APPEND, roomId, () -> delegate.append(roomId, update));
        if (appendsStoredThenFailed.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            injected.get(Op.APPEND).incrementAndGet();
            return f.thenCompose(seq -> CompletableFuture.failedFuture(injectedFailure(roomId, Op.APPEND)));
        }
        return f;
    }

    @Override
    public CompletableFuture<CompactionResult> compact(String roomId) {
        return run(Op.COMPACT, roomId, () -> delegate.compact(roomId));
    }

    @Override
    public CompletableFuture<Boolean> delete(String roomId) {
        return run(Op.DELETE, roomId, () -> delegate.delete(roomId));
    }

    @Override
    public CompletableFuture<RoomPage> listRooms(String after, int limit) {
        return run(Op.LIST, null, () -> delegate.listRooms(after, limit));
    }

    @Override
    public CompletableFuture<Optional<RoomInfo>> info(String roomId) {
        return run(Op.INFO, roomId, () -> delegate.info(roomId));
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
