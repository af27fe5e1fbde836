package io.epicenter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.epicenter.plugin.storage.StorageException;
import io.epicenter.storage.memory.MemoryStorage;
import io.epicenter.storage.testing.FailingStorage;
import io.epicenter.storage.testing.FailingStorage.Op;
import org.junit.jupiter.api.Test;

class FailingStorageTest {

    private final FailingStorage s = new FailingStorage(new MemoryStorage(StorageSettings.defaults(), TextUpdates.codec()));

    private static StorageException failure(CompletableFuture<?> f) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(f::join);
        assertThat(t).isInstanceOf(CompletionException.class);
        assertThat(t.getCause()).isInstanceOf(StorageException.class).hasMessageContaining(FailingStorage.MESSAGE);
        return (StorageException) t.getCause();
    }

    @Test
    void failsOnCommandWithTheRoomIdAndHeals() {
        s.failAlways(Op.APPEND);
        StorageException e = failure(s.append("r1", TextUpdates.typed(1, 0, 'a')));
        assertThat(e.roomId()).contains("r1");
        assertThat(e.retryable()).isTrue();
        assertThat(e).hasMessageStartingWith("room r1: ");
        assertThat(s.load("r1").join().exists()).isFalse(); // nothing stored
        s.heal();
        assertThat(s.append("r1", TextUpdates.typed(1, 0, 'a')).join()).isPositive();
        assertThat(s.injectedFailures(Op.APPEND)).isEqualTo(1);
    }

    @Test
    void failNextCountsDown() {
        s.failNext(Op.LOAD, 2);
        failure(s.load("a"));
        failure(s.load("a"));
        assertThat(s.load("a").join().exists()).isFalse();
    }

    @Test
    void failRoomsOnlyThoseRooms() {
        s.failRooms("bad");
        failure(s.append("bad", TextUpdates.typed(1, 0, 'a')));
        failure(s.compact("bad"));
        assertThat(s.append("good", TextUpdates.typed(1, 0, 'a')).join()).isPositive();
    }

    @Test
    void storedButReportedFailedLeavesTheUpdateStored() {
        s.failNextAfterStoring(1);
        failure(s.append("dup", TextUpdates.typed(1, 0, 'a')));
        assertThat(s.load("dup").join().tail()).hasSize(1);
        s.append("dup", TextUpdates.typed(1, 0, 'a')).join(); // the caller's retry: a harmless duplicate
        assertThat(TextUpdates.text(s.load("dup").join().updates())).isEqualTo("a");
    }

    @Test
    void delaySlowsCompletion() {
        s.delay(Op.APPEND, Duration.ofMillis(150));
        long t0 = System.nanoTime();
        CompletableFuture<Long> f = s.append("slow", TextUpdates.typed(1, 0, 'a'));
        assertThat(f).isNotDone();
        f.join();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(140));
        s.close();
        assertThatThrownBy(() -> s.load("slow").join()).cause().isInstanceOf(StorageException.class);
    }
}
