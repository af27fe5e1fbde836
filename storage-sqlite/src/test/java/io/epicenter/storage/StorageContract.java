package io.epicenter.storage;

import static io.epicenter.storage.TextUpdates.expectedText;
import static io.epicenter.storage.TextUpdates.text;
import static io.epicenter.storage.TextUpdates.typed;
import static io.epicenter.storage.TextUpdates.typing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.epicenter.plugin.storage.CompactionResult;
import io.epicenter.plugin.storage.LoadedRoom;
import io.epicenter.plugin.storage.RoomInfo;
import io.epicenter.plugin.storage.RoomPage;
import io.epicenter.plugin.storage.Storage;
import io.epicenter.plugin.storage.StorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SPI's contract, run against each store. */
abstract class StorageContract {

    protected Storage storage;

    /** @return a new, empty store compacting after the given thresholds (0: never) */
    protected abstract Storage open(int compactAfterUpdates, long compactAfterBytes);

    @BeforeEach
    void openStore() {
        storage = open(0, 0);
    }

    @AfterEach
    void closeStore() {
        if (storage != null) {
            storage.close();
        }
    }

    protected void reopen(int compactAfterUpdates, long compactAfterBytes) {
        storage.close();
        storage = open(compactAfterUpdates, compactAfterBytes);
    }

    static <T> T await(CompletableFuture<T> f) {
        return f.orTimeout(20, TimeUnit.SECONDS).join();
    }

    protected void appendAll(String room, List<byte[]> updates) {
        List<CompletableFuture<Long>> fs = new ArrayList<>();
        for (byte[] u : updates) {
            fs.add(storage.append(room, u));
        }
        fs.forEach(StorageContract::await);
    }

    @Test
    void unknownRoomLoadsEmpty() {
        LoadedRoom r = await(storage.load("nobody"));
        assertThat(r.exists()).isFalse();
        assertThat(r.updates()).isEmpty();
        assertThat(r.lastSequence()).isZero();
        assertThat(await(storage.info("nobody"))).isEmpty();
        assertThat(await(storage.delete("nobody"))).isFalse();
    }

    @Test
    void appendThenLoadInOrder() {
        List<Long> seqs = new ArrayList<>();
        for (byte[] u : typing(1, 30)) {
            seqs.add(await(storage.append("room-a", u)));
        }
        assertThat(seqs).isSorted().doesNotHaveDuplicates().allMatch(s -> s > 0);
        LoadedRoom r = await(storage.load("room-a"));
        assertThat(r.exists()).isTrue();
        assertThat(r.snapshot()).isEmpty();
        assertThat(r.tail()).hasSize(30);
        assertThat(r.tail()).containsExactlyElementsOf(typing(1, 30));
        assertThat(r.lastSequence()).isEqualTo(seqs.get(29));
        assertThat(r.skippedEntries()).isZero();
        assertThat(text(r.updates())).isEqualTo(expectedText(30));
    }

    @Test
    void roomsAreSeparate() {
        appendAll("a", typing(1, 5));
        appendAll("b", typing(2, 7));
        assertThat(text(await(storage.load("a")).updates())).isEqualTo(expectedText(5));
        assertThat(text(await(storage.load("b")).updates())).isEqualTo(expectedText(7));
    }

    @Test
    void infoCountsEntriesAndBytes() {
        List<byte[]> us = typing(1, 12);
        appendAll("r", us);
        RoomInfo info = await(storage.info("r")).orElseThrow();
        long bytes = us.stream().mapToLong(u -> u.length).sum();
        assertThat(info.logEntries()).isEqualTo(12);
        assertThat(info.logBytes()).isEqualTo(bytes);
        assertThat(info.snapshotBytes()).isZero();
        assertThat(info.bytes()).isEqualTo(bytes);
        assertThat(info.lastSequence()).isPositive();
    }

    @Test
    void deleteRemovesEverythingAndLaterAppendsStartAnew() {
        appendAll("gone", typing(1, 10));
        await(storage.compact("gone"));
        appendAll("gone", List.of(typed(1, 10, 'x')));
        appendAll("kept", typing(3, 3));
        assertThat(await(storage.delete("gone"))).isTrue();
        assertThat(await(storage.load("gone")).exists()).isFalse();
        assertThat(await(storage.info("gone"))).isEmpty();
        assertThat(await(storage.listRooms(null, 10)).roomIds()).containsExactly("kept");
        appendAll("gone", typing(5, 2));
        LoadedRoom again = await(storage.load("gone"));
        assertThat(again.snapshot()).isEmpty();
        assertThat(text(again.updates())).isEqualTo("ab");
    }

    @Test
    void listRoomsPagesInUtf8Order() {
        List<String> names = List.of("b", "a", "ä", "z", "A", "room/1", "\uD83D\uDE00", "\uFF5E", "aa", "c");
        for (String n : names) {
            await(storage.append(n, typed(1, 0, 'x')));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        while (true) {
            RoomPage page = await(storage.listRooms(after, 3));
            pages++;
            assertThat(page.roomIds().size()).isLessThanOrEqualTo(3);
            seen.addAll(page.roomIds());
            if (page.next().isEmpty()) {
                break;
            }
            after = page.next().get();
        }
        assertThat(pages).isEqualTo(4);
        List<String> expected = new ArrayList<>(names);
        expected.sort(Utf8Order.COMPARATOR);
        assertThat(seen).containsExactlyElementsOf(expected);
        // U+FF5E sorts before U+1F600 in UTF-8 (and after it in UTF-16)
        assertThat(seen.indexOf("\uFF5E")).isLessThan(seen.indexOf("\uD83D\uDE00"));
        assertThat(await(storage.listRooms(expected.get(expected.size() - 1), 5))).isEqualTo(new RoomPage(List.of(), Optional.empty()));
        assertThat(await(storage.listRooms("zz", 5)).roomIds()).containsExactly("ä", "\uFF5E", "\uD83D\uDE00");
    }

    @Test
    void compactOnDemandReplacesTheLogBySnapshot() {
        appendAll("c", typing(9, 40));
        CompactionResult res = await(storage.compact("c"));
        assertThat(res.mergedEntries()).isEqualTo(40);
        assertThat(res.skippedEntries()).isZero();
        assertThat(res.bytesAfter()).isPositive().isLessThan(res.bytesBefore());
        LoadedRoom r = await(storage.load("c"));
        assertThat(r.snapshot()).isPresent();
        assertThat(r.tail()).isEmpty();
        assertThat(r.lastSequence()).isEqualTo(res.throughSequence());
        assertThat(text(r.updates())).isEqualTo(expectedText(40));
        RoomInfo info = await(storage.info("c")).orElseThrow();
        assertThat(info.logEntries()).isZero();
        assertThat(info.logBytes()).isZero();
        assertThat(info.snapshotBytes()).isEqualTo(res.bytesAfter());

        // more typing, then a second compaction merges the old snapshot too
        List<byte[]> more = new ArrayList<>();
        for (int i = 40; i < 50; i++) {
            more.add(typed(9, i, TextUpdates.charAt(i)));
        }
        appendAll("c", more);
        LoadedRoom mid = await(storage.load("c"));
        assertThat(mid.tail()).hasSize(10);
        assertThat(text(mid.updates())).isEqualTo(expectedText(50));
        assertThat(await(storage.compact("c")).mergedEntries()).isEqualTo(10);
        assertThat(text(await(storage.load("c")).updates())).isEqualTo(expectedText(50));
        // nothing left to do
        assertThat(await(storage.compact("c")).mergedEntries()).isZero();
        assertThat(await(storage.compact("never-stored")).mergedEntries()).isZero();
    }

    @Test
    void compactsByItselfPastTheCountThreshold() throws Exception {
        reopen(25, 0);
        appendAll("auto", typing(4, 60));
        waitUntil(() -> await(storage.info("auto")).orElseThrow().logEntries() < 25);
        LoadedRoom r = await(storage.load("auto"));
        assertThat(r.snapshot()).isPresent();
        assertThat(text(r.updates())).isEqualTo(expectedText(60));
    }

    @Test
    void compactsByItselfPastTheByteThreshold() throws Exception {
        reopen(0, 200);
        appendAll("auto-bytes", typing(4, 60)); // about 7 bytes each
        waitUntil(() -> await(storage.info("auto-bytes")).orElseThrow().logBytes() < 200);
        LoadedRoom r = await(storage.load("auto-bytes"));
        assertThat(r.snapshot()).isPresent();
        assertThat(text(r.updates())).isEqualTo(expectedText(60));
    }

    @Test
    void appendsRacingCompactionsSurvive() throws Exception {
        reopen(10, 0); // compacts constantly while we type
        int n = 400;
        List<byte[]> us = typing(5, n);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Void> compactions = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 30; i++) {
                    await(storage.compact("race"));
                }
            }, pool);
            List<CompletableFuture<Long>> fs = new ArrayList<>();
            for (byte[] u : us) {
                fs.add(storage.append("race", u));
                if (fs.size() % 50 == 0) {
                    await(fs.get(fs.size() - 1));
                }
            }
            fs.forEach(StorageContract::await);
            await(compactions);
        }
        assertThat(text(await(storage.load("race")).updates())).isEqualTo(expectedText(n));
        await(storage.compact("race"));
        LoadedRoom r = await(storage.load("race"));
        assertThat(r.tail()).isEmpty();
        assertThat(text(r.updates())).isEqualTo(expectedText(n));
    }

    @Test
    void deleteRacingCompactionLeavesNoRoomBehind() throws Exception {
        for (int round = 0; round < 10; round++) {
            String room = "del-" + round;
            appendAll(room, typing(6, 50));
            CompletableFuture<CompactionResult> c = storage.compact(room);
            CompletableFuture<Boolean> d = storage.delete(room);
            await(d);
            await(c);
            assertThat(await(storage.load(room)).exists()).as(room).isFalse();
            assertThat(await(storage.info(room))).as(room).isEmpty();
        }
    }

    @Test
    void concurrentAppendsFromManyThreadsAllArriveInOrderPerRoom() throws Exception {
        int rooms = 8;
        int perRoom = 60;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int r = 0; r < rooms; r++) {
                String room = "con-" + r;
                long client = 100 + r;
                writers.add(CompletableFuture.runAsync(() -> {
                    List<CompletableFuture<Long>> fs = new ArrayList<>();
                    for (byte[] u : typing(client, perRoom)) {
                        fs.add(storage.append(room, u));
                    }
                    long prev = 0;
                    for (CompletableFuture<Long> f : fs) {
                        long seq = await(f);
                        assertThat(seq).isGreaterThan(prev);
                        prev = seq;
                    }
                }, pool));
            }
            writers.forEach(StorageContract::await);
        }
        for (int r = 0; r < rooms; r++) {
            LoadedRoom lr = await(storage.load("con-" + r));
            assertThat(lr.tail()).containsExactlyElementsOf(typing(100 + r, perRoom));
        }
    }

    @Test
    void callsAfterCloseFailWithoutRetry() {
        appendAll("x", typing(1, 2));
        storage.close();
        storage.close(); // idempotent
        assertThatThrownBy(() -> await(storage.append("x", typed(1, 2, 'c'))))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(StorageException.class)
                .hasMessageContaining("room x")
                .matches(e -> !((StorageException) e).retryable() && ((StorageException) e).roomId().orElseThrow().equals("x"));
        assertThatThrownBy(() -> await(storage.load("x"))).cause().isInstanceOf(StorageException.class);
        storage = null;
    }

    @Test
    void badArgumentsThrowAtOnce() {
        assertThatThrownBy(() -> storage.append("", new byte[] {0, 0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.load(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.listRooms(null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.append("r", null)).isInstanceOf(NullPointerException.class);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitUntil(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
