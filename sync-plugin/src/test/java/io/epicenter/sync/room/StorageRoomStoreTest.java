package io.epicenter.sync.room;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.epicenter.crdt.id.StateVector;
import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.plugin.storage.LoadedRoom;
import io.epicenter.storage.StorageSettings;
import io.epicenter.storage.memory.MemoryStorage;
import io.epicenter.storage.testing.FailingStorage;
import io.epicenter.storage.testing.FailingStorage.Op;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The room lifecycle over a real (in-memory) store, with failures injected. */
class StorageRoomStoreTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final FailingStorage storage = new FailingStorage(new MemoryStorage(StorageSettings.defaults()));
    private final StorageRoomStore store = new StorageRoomStore(storage, timer, Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        storage.heal();
        store.close();
        timer.shutdownNow();
    }

    private RoomManager manager(Duration evictionDelay) {
        return new RoomManager(store, evictionDelay, timer, DecodeLimits.defaults());
    }

    private static Map<Long, Long> sv(Room room) {
        return StateVector.decode(room.transaction(tx -> tx.encodeStateVector()));
    }

    private LoadedRoom stored(String room) throws Exception {
        return storage.delegate().load(room).get(5, TimeUnit.SECONDS);
    }

    @Test
    void failedAppendsAreKeptInOrderAndRetriedUntilTheyAreDurable() throws Exception {
        storage.failAlways(Op.APPEND);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            acks.add(store.appended("r", TestUpdates.insert(i, "u" + i)));
        }
        awaitTrue(() -> storage.injectedFailures(Op.APPEND) >= 2); // first attempt and at least one retry
        assertThat(acks).noneMatch(CompletableFuture::isDone);
        assertThat(store.failingRooms()).containsExactly("r");
        assertThat(store.pendingUpdates("r")).isEqualTo(5);
        assertThat(store.lastError()).contains(FailingStorage.MESSAGE);

        storage.heal();
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(store.failingRooms()).isEmpty();
        assertThat(store.pendingUpdates()).isZero();
        List<byte[]> tail = stored("r").tail();
        List<byte[]> expected = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            expected.add(TestUpdates.insert(i, "u" + i));
        }
        assertThat(tail).containsExactlyElementsOf(expected); // stored once each, in acceptance order
    }

    @Test
    void anAppendReportedFailedAfterItWasStoredIsStoredAgainHarmlessly() throws Exception {
        storage.failNextAfterStoring(1);
        CompletableFuture<Void> ack = store.appended("r", TestUpdates.insert(1, "twice"));
        ack.get(10, TimeUnit.SECONDS);
        assertThat(stored("r").tail()).hasSize(2);
        RoomManager m = manager(Duration.ofSeconds(60));
        Room room = m.acquire("r");
        assertThat(sv(room)).containsEntry(1L, 5L);
    }

    @Test
    void concurrentAcquirersOfASlowLoadShareItAndSeeTheStoredState() throws Exception {
        storage.delegate().append("r", TestUpdates.insert(7, "stored")).get(5, TimeUnit.SECONDS);
        storage.delay(Op.LOAD, Duration.ofMillis(300));
        RoomManager m = manager(Duration.ofSeconds(60));
        List<Thread> threads = new ArrayList<>();
        List<Map<Long, Long>> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 6; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    seen.add(sv(m.acquire("r")));
                } catch (RoomUnavailableException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(seen).hasSize(6).allSatisfy(sv -> assertThat(sv).containsEntry(7L, 6L));
        assertThat(m.roomCount()).isEqualTo(1);
    }

    @Test
    void aFailedLoadRemovesTheRoomAndTheNextAcquireLoadsAgain() throws Exception {
        storage.delegate().append("r", TestUpdates.insert(7, "stored")).get(5, TimeUnit.SECONDS);
        storage.failNext(Op.LOAD, 1);
        RoomManager m = manager(Duration.ofSeconds(60));
        assertThatThrownBy(() -> m.acquire("r")).isInstanceOf(RoomUnavailableException.class)
                .hasMessage("failed to load room: storage error")
                .satisfies(e -> assertThat(((RoomUnavailableException) e).closeCode()).isEqualTo(1011));
        assertThat(m.roomCount()).isZero();
        assertThat(sv(m.acquire("r"))).containsEntry(7L, 6L);
    }

    @Test
    void evictionWaitsForDurabilityAndCompactionAndAFailureKeepsTheRoom() throws Exception {
        RoomManager m = manager(Duration.ofMillis(50));
        Room room = m.acquire("r");
        room.applyValidated(TestUpdates.insert(3, "abc"), null).get(5, TimeUnit.SECONDS);
        room.applyValidated(TestUpdates.insert(4, "def"), null).get(5, TimeUnit.SECONDS);
        storage.failAlways(Op.COMPACT);
        m.release(room);
        awaitTrue(() -> storage.injectedFailures(Op.COMPACT) >= 2); // retried after the delay
        assertThat(m.peek("r")).contains(room);
        assertThat(room.state()).isEqualTo(Room.State.DRAINING);

        storage.heal();
        awaitTrue(() -> m.roomCount() == 0);
        assertThat(room.state()).isEqualTo(Room.State.CLOSED);
        LoadedRoom stored = stored("r");
        assertThat(stored.snapshot()).isPresent(); // compacted into one snapshot
        assertThat(stored.tail()).isEmpty();
        assertThat(sv(m.acquire("r"))).containsEntry(3L, 3L).containsEntry(4L, 3L);
    }

    @Test
    void aRoomWhoseAppendsFailIsNotEvictedUntilTheyAreStored() throws Exception {
        RoomManager m = manager(Duration.ofMillis(50));
        Room room = m.acquire("r");
        storage.failAlways(Op.APPEND);
        CompletableFuture<Void> ack = room.applyValidated(TestUpdates.insert(3, "abc"), null);
        m.release(room);
        Thread.sleep(400);
        assertThat(m.peek("r")).contains(room); // kept: its update is only in memory
        assertThat(ack).isNotDone();
        storage.heal();
        ack.get(10, TimeUnit.SECONDS);
        awaitTrue(() -> m.roomCount() == 0);
        assertThat(sv(m.acquire("r"))).containsEntry(3L, 3L);
    }

    @Test
    void deleteClosesTheRoomDropsPendingUpdatesAndStartsEmpty() throws Exception {
        RoomManager m = manager(Duration.ofSeconds(60));
        Room room = m.acquire("r");
        room.applyValidated(TestUpdates.insert(3, "abc"), null).get(5, TimeUnit.SECONDS);
        storage.failAlways(Op.APPEND);
        CompletableFuture<Void> stuck = room.applyValidated(TestUpdates.insert(4, "def"), null);
        storage.heal();
        boolean[] closed = new boolean[1];
        assertThat(m.delete("r", () -> closed[0] = true)).isTrue();
        assertThat(closed[0]).isTrue();
        assertThat(room.state()).isEqualTo(Room.State.CLOSED);
        stuck.get(5, TimeUnit.SECONDS); // nothing left to store: acknowledged
        room.applyValidated(TestUpdates.insert(5, "late"), null); // a holder of the old room: dropped
        assertThat(stored("r").exists()).isFalse();
        Room fresh = m.acquire("r");
        assertThat(fresh).isNotSameAs(room);
        assertThat(sv(fresh)).isEmpty();
        Thread.sleep(300); // no retry of the dropped update re-creates the room
        assertThat(stored("r").exists()).isFalse();
    }

    @Test
    void closeMakesALastAttemptForWhatIsPending() throws Exception {
        storage.failAlways(Op.APPEND);
        CompletableFuture<Void> ack = store.appended("r", TestUpdates.insert(1, "x"));
        awaitTrue(() -> store.failingRooms().contains("r"));
        storage.heal();
        store.close(); // right away, before the scheduled retry: the final attempt stores it
        assertThat(ack).isCompleted();
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
