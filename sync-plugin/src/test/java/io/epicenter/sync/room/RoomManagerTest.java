package io.epicenter.sync.room;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.epicenter.crdt.id.StateVector;
import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.crdt.update.Updates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Room lifecycle with a store that really keeps rooms: single-flight load, eviction, races. */
class RoomManagerTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** Keeps persisted state in memory; counts loads; can be told to fail. */
    static final class MapStore implements RoomStore {
        final Map<String, byte[]> rooms = new ConcurrentHashMap<>();
        final AtomicInteger loads = new AtomicInteger();
        final AtomicInteger persists = new AtomicInteger();
        volatile boolean failLoad;
        volatile boolean failPersist;
        volatile long loadMillis;

        @Override
        public Optional<byte[]> load(String roomId) throws Exception {
            loads.incrementAndGet();
            if (loadMillis > 0) {
                Thread.sleep(loadMillis);
            }
            if (failLoad) {
                throw new IllegalStateException("disk on fire");
            }
            return Optional.ofNullable(rooms.get(roomId));
        }

        @Override
        public void persist(String roomId, byte[] state) {
            persists.incrementAndGet();
            if (failPersist) {
                throw new IllegalStateException("disk full");
            }
            rooms.put(roomId, state);
        }
    }

    private RoomManager manager(RoomStore store, Duration delay) {
        return new RoomManager(store, delay, timer, DecodeLimits.defaults());
    }

    private static Map<Long, Long> sv(Room room) {
        return StateVector.decode(room.transaction(tx -> tx.encodeStateVector()));
    }

    @Test
    void concurrentAcquirersShareOneLoad() throws Exception {
        MapStore store = new MapStore();
        store.loadMillis = 200;
        RoomManager m = manager(store, Duration.ofSeconds(60));
        List<Thread> threads = new ArrayList<>();
        List<Room> got = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    got.add(m.acquire("r"));
                } catch (RoomUnavailableException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(store.loads.get()).isEqualTo(1);
        assertThat(got).hasSize(8).allMatch(r -> r == got.get(0));
        assertThat(got.get(0).state()).isEqualTo(Room.State.ACTIVE);
    }

    @Test
    void aFailedLoadLeavesNothingBehindAndTellsEveryWaiter() throws Exception {
        MapStore store = new MapStore();
        store.failLoad = true;
        RoomManager m = manager(store, Duration.ofSeconds(60));
        assertThatThrownBy(() -> m.acquire("r")).isInstanceOf(RoomUnavailableException.class)
                .satisfies(e -> assertThat(((RoomUnavailableException) e).closeCode()).isEqualTo(1011));
        assertThat(m.roomCount()).isZero();
        store.failLoad = false;
        store.rooms.put("r", TestUpdates.insert(7, "stored"));
        byte[] svBytes = m.withRoom("r", tx -> tx.encodeStateVector());
        assertThat(svBytes).isEqualTo(Updates.encodeStateVectorFromUpdate(TestUpdates.insert(7, "stored")));
    }

    @Test
    void evictionPersistsThenRemovesAndAFailedPersistKeepsTheRoom() throws Exception {
        MapStore store = new MapStore();
        RoomManager m = manager(store, Duration.ofMillis(50));
        Room room = m.acquire("r");
        room.applyValidated(TestUpdates.insert(3, "abc"), null);
        store.failPersist = true;
        m.release(room);
        awaitTrue(() -> store.persists.get() >= 2); // retried
        assertThat(m.peek("r")).contains(room);
        assertThat(room.state()).isEqualTo(Room.State.DRAINING);
        store.failPersist = false;
        awaitTrue(() -> m.roomCount() == 0);
        assertThat(room.state()).isEqualTo(Room.State.CLOSED);
        Room again = m.acquire("r");
        assertThat(again).isNotSameAs(room);
        assertThat(sv(again)).containsEntry(3L, 3L);
    }

    @Test
    void acquiringDuringTheDelayRevivesTheSameRoom() throws Exception {
        MapStore store = new MapStore();
        RoomManager m = manager(store, Duration.ofMillis(300));
        Room room = m.acquire("r");
        room.applyValidated(TestUpdates.insert(3, "abc"), null);
        m.release(room);
        assertThat(room.state()).isEqualTo(Room.State.DRAINING);
        Room again = m.acquire("r");
        assertThat(again).isSameAs(room);
        assertThat(again.state()).isEqualTo(Room.State.ACTIVE);
        Thread.sleep(500);
        assertThat(m.peek("r")).contains(room); // the cancelled eviction did not run
        assertThat(store.persists.get()).isZero();
    }

    @Test
    void acquisitionsRacingEvictionsNeverSeeAnEmptyOrStaleRoom() throws Exception {
        MapStore store = new MapStore();
        RoomManager m = manager(store, Duration.ofNanos(1)); // evict as soon as possible
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        // a second holder that keeps grabbing and releasing the room, so evictions and revivals interleave
        Thread churn = Thread.ofVirtual().start(() -> {
            while (!done.get()) {
                try {
                    m.release(m.acquire("r"));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        });
        for (int i = 1; i <= 300 && failure.get() == null; i++) {
            Room room = m.acquire("r");
            Map<Long, Long> sv = sv(room);
            for (long c = 1; c < i; c++) {
                assertThat(sv).as("client %d written before acquisition %d", c, i).containsEntry(c, 1L);
            }
            room.applyValidated(TestUpdates.insert(i, "x"), null);
            m.release(room);
        }
        done.set(true);
        churn.join();
        assertThat(failure.get()).isNull();
        assertThat(store.persists.get()).isPositive(); // evictions did happen
    }

    @Test
    void leavingBroadcastsAwarenessRemovalOfOwnedIdsOnly() throws Exception {
        RoomManager m = manager(RoomStore.NONE, Duration.ofSeconds(60));
        Room room = m.acquire("r");
        TestUpdates.RecordingPeer a = new TestUpdates.RecordingPeer("a");
        TestUpdates.RecordingPeer b = new TestUpdates.RecordingPeer("b");
        room.join(a);
        room.join(b);
        room.awareness(a, (io.epicenter.sync.protocol.Message.Awareness) io.epicenter.sync.protocol.Messages.parse(
                awareness(5, 1, "{\"x\":1}")));
        // the same client id re-announced from b (a reconnect): b owns it now
        room.awareness(b, (io.epicenter.sync.protocol.Message.Awareness) io.epicenter.sync.protocol.Messages.parse(
                awareness(5, 2, "{\"x\":2}")));
        int before = b.frames().size();
        room.leave(a);
        assertThat(b.frames()).hasSize(before); // nothing removed: a no longer owns 5
        assertThat(room.awarenessSize()).isEqualTo(1);
        TestUpdates.RecordingPeer c = new TestUpdates.RecordingPeer("c");
        room.join(c);
        room.leave(b);
        assertThat(c.frames().get(c.frames().size() - 1)).isEqualTo(awareness(5, 3, "null"));
        assertThat(room.awarenessSize()).isZero();
    }

    private static byte[] awareness(long client, long clock, String json) {
        java.io.ByteArrayOutputStream upd = new java.io.ByteArrayOutputStream();
        TestUpdates.varUint(upd, 1);
        TestUpdates.varUint(upd, client);
        TestUpdates.varUint(upd, clock);
        byte[] j = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        TestUpdates.varUint(upd, j.length);
        upd.writeBytes(j);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        TestUpdates.varUint(out, 1);
        TestUpdates.varUint(out, upd.size());
        out.writeBytes(upd.toByteArray());
        return out.toByteArray();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(10);
        }
    }
}
