package io.epicenter.storage;

import static io.epicenter.storage.TextUpdates.expectedText;
import static io.epicenter.storage.TextUpdates.text;
import static io.epicenter.storage.TextUpdates.typed;
import static io.epicenter.storage.TextUpdates.typing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.epicenter.plugin.storage.LoadedRoom;
import io.epicenter.plugin.storage.Storage;
import io.epicenter.plugin.storage.StorageException;
import io.epicenter.storage.sqlite.SqliteStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStorageTest extends StorageContract {

    @TempDir
    Path dir;

    @Override
    protected Storage open(int compactAfterUpdates, long compactAfterBytes) {
        return open(compactAfterUpdates, compactAfterBytes, 4096);
    }

    private SqliteStorage open(int compactAfterUpdates, long compactAfterBytes, int maxBatch) {
        StorageSettings s = new StorageSettings(dir.resolve("data"), compactAfterUpdates, compactAfterBytes);
        return SqliteStorage.open(SqliteStorage.Options.of(s).withCodec(TextUpdates.codec()).withMaxBatch(maxBatch));
    }

    private SqliteStorage sqlite() {
        return (SqliteStorage) storage;
    }

    @Test
    void reopeningReturnsEverythingAppended() {
        appendAll("p", typing(1, 50));
        await(storage.compact("p"));
        List<byte[]> more = new ArrayList<>();
        for (int i = 50; i < 70; i++) {
            more.add(typed(1, i, TextUpdates.charAt(i)));
        }
        appendAll("p", more);
        appendAll("q", typing(2, 5));
        reopen(0, 0);
        LoadedRoom p = await(storage.load("p"));
        assertThat(p.snapshot()).isPresent();
        assertThat(p.tail()).hasSize(20);
        assertThat(text(p.updates())).isEqualTo(expectedText(70));
        assertThat(text(await(storage.load("q")).updates())).isEqualTo(expectedText(5));
        assertThat(await(storage.listRooms(null, 10)).roomIds()).containsExactly("p", "q");
        // and the log continues after the old sequence numbers
        long next = await(storage.append("q", typed(2, 5, 'f')));
        assertThat(next).isGreaterThan(await(storage.load("p")).lastSequence());
    }

    @Test
    void dataDirectoryLayoutAndPragmas() throws Exception {
        appendAll("x", typing(1, 3));
        Path data = dir.resolve("data");
        assertThat(data.resolve("epicenter.db")).exists();
        assertThat(data.resolve("epicenter.db-wal")).exists();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("epicenter.db"));
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
        }
        assertThat(sqlite().status()).containsEntry("synchronous", "FULL");
    }

    @Test
    void groupCommitSharesTransactionsAndEverythingIsDurable() throws Exception {
        int rooms = 20;
        int perRoom = 50;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int r = 0; r < rooms; r++) {
                String room = "g" + r;
                long client = r + 1;
                writers.add(CompletableFuture.runAsync(() -> {
                    // one update at a time per room, as a room's lane would
                    for (byte[] u : typing(client, perRoom)) {
                        await(storage.append(room, u));
                    }
                }, pool));
            }
            writers.forEach(StorageContract::await);
        }
        long commits = sqlite().commits();
        assertThat(sqlite().appendsCommitted()).isEqualTo(rooms * perRoom);
        assertThat(commits).as("commits for %d appends", rooms * perRoom).isLessThan(rooms * perRoom / 2);
        reopen(0, 0);
        for (int r = 0; r < rooms; r++) {
            assertThat(text(await(storage.load("g" + r)).updates())).isEqualTo(expectedText(perRoom));
        }
    }

    @Test
    void withoutGroupCommitEveryAppendIsItsOwnTransaction() {
        storage.close();
        storage = open(0, 0, 1);
        List<CompletableFuture<Long>> fs = new ArrayList<>();
        for (byte[] u : typing(1, 40)) {
            fs.add(storage.append("solo", u));
        }
        fs.forEach(StorageContract::await);
        assertThat(sqlite().commits()).isEqualTo(40);
        assertThat(text(await(storage.load("solo")).updates())).isEqualTo(expectedText(40));
    }

    @Test
    void tornOrCorruptEntriesAreSkippedAndTheRestLoads() throws Exception {
        appendAll("torn", typing(3, 20));
        storage.close();
        Path db = dir.resolve("data").resolve("epicenter.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            long room;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM rooms WHERE name = 'torn'")) {
                room = rs.getLong(1);
            }
            // a truncated value in the middle (entry 10 of 20) ...
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE log SET value = substr(value, 1, 4) WHERE seq = (SELECT seq FROM log WHERE room = ? ORDER BY seq LIMIT 1 OFFSET 9)")) {
                ps.setLong(1, room);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            // ... and garbage as the last entry, and a half-written update after it
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO log(room, value) VALUES (?, ?)")) {
                ps.setLong(1, room);
                ps.setBytes(2, new byte[] {(byte) 0xff, (byte) 0xfe, 0x13, 0x37, 0x00});
                ps.executeUpdate();
                byte[] half = typed(3, 20, 'u');
                ps.setBytes(2, Arrays.copyOf(half, half.length / 2));
                ps.executeUpdate();
                ps.setBytes(2, new byte[0]);
                ps.executeUpdate();
            }
        }
        storage = open(0, 0);
        LoadedRoom r = await(storage.load("torn"));
        assertThat(r.skippedEntries()).isEqualTo(4);
        assertThat(r.tail()).hasSize(19);
        assertThat(TextUpdates.clocks(r.updates())).hasSize(19).doesNotContain(9L);
        // appending goes on after the bad tail, and compaction drops the bad entries
        await(storage.append("torn", typed(3, 9, TextUpdates.charAt(9))));
        var res = await(storage.compact("torn"));
        assertThat(res.skippedEntries()).isEqualTo(4);
        LoadedRoom after = await(storage.load("torn"));
        assertThat(after.skippedEntries()).isZero();
        assertThat(text(after.updates())).isEqualTo(expectedText(20));
    }

    @Test
    void aCorruptSnapshotDoesNotStopTheTailFromLoading() throws Exception {
        appendAll("snap", typing(3, 10));
        await(storage.compact("snap"));
        List<byte[]> more = new ArrayList<>();
        for (int i = 10; i < 15; i++) {
            more.add(typed(3, i, TextUpdates.charAt(i)));
        }
        appendAll("snap", more);
        storage.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve("epicenter.db"));
             Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE rooms SET snapshot = x'0102' WHERE name = 'snap'")).isEqualTo(1);
        }
        storage = open(0, 0);
        LoadedRoom r = await(storage.load("snap"));
        assertThat(r.snapshot()).isEmpty();
        assertThat(r.skippedEntries()).isEqualTo(1);
        assertThat(TextUpdates.clocks(r.tail())).containsExactlyInAnyOrder(10L, 11L, 12L, 13L, 14L);
    }

    @Test
    void onlineBackupRestoresEverythingAcknowledged() throws Exception {
        appendAll("b1", typing(1, 30));
        await(storage.compact("b1"));
        appendAll("b2", typing(2, 10));
        Path copy = dir.resolve("backup").resolve("epicenter.db");
        assertThat(await(sqlite().backup(copy))).isEqualTo(copy.toAbsolutePath());
        appendAll("b3", typing(3, 1)); // after the backup: not in it
        assertThatThrownBy(() -> await(sqlite().backup(copy))).cause().hasMessageContaining("exists");
        // restore: the copy becomes the data directory's database
        try (SqliteStorage restored = SqliteStorage.open(SqliteStorage.Options.of(
                new StorageSettings(copy.getParent(), 0, 0)).withCodec(TextUpdates.codec()))) {
            assertThat(text(await(restored.load("b1")).updates())).isEqualTo(expectedText(30));
            assertThat(text(await(restored.load("b2")).updates())).isEqualTo(expectedText(10));
            assertThat(await(restored.load("b3")).exists()).isFalse();
        }
    }

    @Test
    void aFailingOperationFailsOnlyItsOwnFutureAndARetrySucceeds() throws Exception {
        Path db = dir.resolve("data").resolve("epicenter.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER poison BEFORE INSERT ON log WHEN length(NEW.value) = 3 "
                    + "BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
        }
        byte[] poison = {9, 9, 9};
        List<CompletableFuture<Long>> ok = new ArrayList<>();
        List<byte[]> us = typing(1, 60);
        CompletableFuture<Long> bad = null;
        for (int i = 0; i < us.size(); i++) {
            ok.add(storage.append("ok", us.get(i)));
            if (i == 30) {
                bad = storage.append("bad", poison); // lands in a batch with good appends
            }
        }
        ok.forEach(StorageContract::await);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(bad::join);
        assertThat(t).cause().isInstanceOf(StorageException.class).hasMessageContaining("room bad: append failed")
                .hasMessageContaining("disk says no");
        assertThat(((StorageException) t.getCause()).retryable()).isTrue();
        assertThat(storage.status()).containsEntry("failures", 1L);
        assertThat(text(await(storage.load("ok")).updates())).isEqualTo(expectedText(60));
        assertThat(await(storage.load("bad")).exists()).isFalse();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER poison");
        }
        assertThat(await(storage.append("bad", poison))).isPositive(); // the caller's retry
        assertThat(await(storage.info("bad")).orElseThrow().logEntries()).isEqualTo(1);
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() {
        assertThatThrownBy(() -> open(0, 0))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("already open");
    }

    @Test
    void statusHasNumbers() {
        appendAll("s", typing(1, 3));
        assertThat(storage.status()).containsKeys("appends", "commits", "queued", "failures")
                .containsEntry("kind", "sqlite");
        assertThat(Files.exists(sqlite().databaseFile())).isTrue();
    }
}
