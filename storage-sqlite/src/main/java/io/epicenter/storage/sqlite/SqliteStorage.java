package io.epicenter.storage.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.epicenter.plugin.storage.CompactionResult;
import io.epicenter.plugin.storage.LoadedRoom;
import io.epicenter.plugin.storage.RoomInfo;
import io.epicenter.plugin.storage.RoomPage;
import io.epicenter.plugin.storage.Storage;
import io.epicenter.plugin.storage.StorageException;
import io.epicenter.storage.Compactor;
import io.epicenter.storage.StorageSettings;
import io.epicenter.storage.UpdateCodec;
import io.epicenter.storage.Validation;
import org.sqlite.SQLiteConfig;

/**
 * The default store: one SQLite database, {@code <data-dir>/epicenter.db}, in WAL mode with
 * {@code synchronous=FULL} (every commit is synced to disk before it is acknowledged).
 *
 * <p>Schema: {@code rooms(id, name, snapshot, snapshot_seq, log_entries, log_bytes)} and
 * {@code log(seq AUTOINCREMENT, room, value)}; a room's entries are the log rows with
 * {@code seq > snapshot_seq}, in seq order.
 *
 * <p>Threads:
 * <ul>
 *   <li>one <b>writer</b> (a platform thread: SQLite runs in JNI, where a virtual thread would pin
 *       its carrier through every fsync) owns the only write connection. Appends, deletions and the
 *       write half of compactions are queued to it; it drains everything queued (up to
 *       {@link Options#maxBatch}), runs it in one transaction, commits once (one fsync), and then
 *       completes all their futures on a virtual thread (group commit). If the batch fails, each
 *       operation is retried alone, so one bad operation fails only its own future;</li>
 *   <li>a small pool of <b>readers</b> (platform threads, one read connection each) serves loads,
 *       listings, info and the read half of compactions; WAL lets them read while the writer
 *       writes, each load in one read transaction (a consistent snapshot + tail);</li>
 *   <li>compactions read on a reader, merge on a virtual thread, then queue a write that checks the
 *       room did not change under them (same room row, same snapshot, the same merged entries still
 *       there) and replaces the snapshot and deletes exactly the merged entries in one transaction;
 *       appends racing it get higher sequence numbers and stay.</li>
 * </ul>
 * A lock file ({@code epicenter.lock}) keeps a second process from opening the same directory.
 */
public final class SqliteStorage implements Storage {

    /** File name of the database inside the data directory. */
    public static final String DB_FILE = "epicenter.db";
    /** File name of the lock file inside the data directory. */
    public static final String LOCK_FILE = "epicenter.lock";

    private static final System.Logger LOG = System.getLogger(SqliteStorage.class.getName());
    private static final int QUEUE_CAPACITY = 100_000;
    private static final long MAX_BATCH_BYTES = 32L << 20;

    /**
     * How to open a store.
     *
     * @param settings data directory and compaction thresholds
     * @param maxBatch most operations committed in one transaction (1 disables group commit)
     * @param readers read connections (and threads)
     * @param codec validation and merging of updates
     * @param closeTimeout how long {@link #close} waits for queued work
     */
    public record Options(StorageSettings settings, int maxBatch, int readers, UpdateCodec codec, Duration closeTimeout) {

        /** Validates. */
        public Options {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(codec, "codec");
            Objects.requireNonNull(closeTimeout, "closeTimeout");
            if (maxBatch < 1 || readers < 1) {
                throw new IllegalArgumentException("maxBatch and readers must be >= 1");
            }
        }

        /**
         * @param settings data directory and thresholds
         * @return group commit of up to 4096 operations, 2 readers, the Yjs codec, 10 s close timeout
         */
        public static Options of(StorageSettings settings) {
            return new Options(settings, 4096, 2, UpdateCodec.YJS, Duration.ofSeconds(10));
        }

        /** @return these options with another batch limit */
        public Options withMaxBatch(int n) {
            return new Options(settings, n, readers, codec, closeTimeout);
        }

        /** @return these options with another codec */
        public Options withCodec(UpdateCodec c) {
            return new Options(settings, maxBatch, readers, c, closeTimeout);
        }
    }

    private final Options options;
    private final Path dbFile;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final Connection writeConn;
    private final BlockingQueue<Connection> readConns;
    private final ExecutorService readers;
    private final ExecutorService completer = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("epicenter-storage-complete-", 0).factory());
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
    private final Thread writer;
    private final Compactor compactor;
    private volatile boolean closed;
    private final String synchronous;
    private final String journalMode;

    // writer-thread state
    private final Map<String, Long> roomRows = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 10_000; // room name -> row id, for the most recently written rooms
        }
    };
    private PreparedStatement selectRoom;
    private PreparedStatement insertRoom;
    private PreparedStatement insertLog;
    private PreparedStatement bumpRoom;

    // statistics
    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong compactions = new AtomicLong();
    private volatile long lastCommitNanos;

    private SqliteStorage(Options options) {
        this.options = options;
        Path dir = options.settings().dataDir();
        this.dbFile = dir.resolve(DB_FILE);
        FileChannel channel = null;
        FileLock lock = null;
        List<Connection> opened = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = channel.tryLock();
            if (lock == null) {
                throw new StorageException(null, "data directory " + dir.toAbsolutePath()
                        + " is in use by another process (lock " + LOCK_FILE + ")", null, false);
            }
            Connection w = connect();
            opened.add(w);
            createSchema(w);
            this.synchronous = pragma(w, "synchronous");
            this.journalMode = pragma(w, "journal_mode");
            if (!journalMode.equalsIgnoreCase("wal") || !synchronous.equals("FULL")) {
                throw new SQLException("expected journal_mode=wal and synchronous=FULL, got " + journalMode + " and " + synchronous);
            }
            prepareWriter(w);
            this.writeConn = w;
            this.readConns = new ArrayBlockingQueue<>(options.readers());
            for (int i = 0; i < options.readers(); i++) {
                Connection r = connect();
                opened.add(r);
                readConns.add(r);
            }
        } catch (java.nio.channels.OverlappingFileLockException e) {
            releaseQuietly(null, channel);
            throw new StorageException(null, "data directory " + dir.toAbsolutePath() + " is already open in this process", e, false);
        } catch (IOException | SQLException | RuntimeException e) {
            for (Connection c : opened) {
                closeQuietly(c);
            }
            releaseQuietly(lock, channel);
            if (e instanceof StorageException se) {
                throw se;
            }
            throw new StorageException(null, "cannot open " + dbFile.toAbsolutePath() + ": " + e, e, false);
        }
        this.lockChannel = channel;
        this.fileLock = lock;
        this.readers = Executors.newFixedThreadPool(options.readers(), Thread.ofPlatform().daemon()
                .name("epicenter-storage-read-", 0).factory());
        this.compactor = new Compactor(options.settings(), this::compactNow);
        this.writer = Thread.ofPlatform().daemon().name("epicenter-storage-writer").start(this::writeLoop);
        LOG.log(System.Logger.Level.INFO, "storage sqlite: opened " + dbFile.toAbsolutePath() + " (WAL, synchronous=FULL, "
                + "group commit up to " + options.maxBatch() + ", compact after " + options.settings().compactAfterUpdates()
                + " updates or " + options.settings().compactAfterBytes() + " bytes)");
    }

    /**
     * Open (creating if needed) the database in the data directory.
     *
     * @param options how
     * @return the store
     * @throws StorageException when it cannot be opened
     */
    public static SqliteStorage open(Options options) {
        return new SqliteStorage(options);
    }

    /** @return the database file */
    public Path databaseFile() {
        return dbFile;
    }

    /** @return transactions committed so far (each is one sync to disk) */
    public long commits() {
        return commits.get();
    }

    /** @return appends made durable so far */
    public long appendsCommitted() {
        return appends.get();
    }

    @Override
    public String kind() {
        return SqliteStorageProvider.KIND;
    }

    // ------------------------------------------------------------------------------------------
    // connections and schema

    private Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        return DriverManager.getConnection("jdbc:sqlite:" + dbFile.toAbsolutePath(), config.toProperties());
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            String v = rs.next() ? rs.getString(1) : "";
            if (name.equals("synchronous")) {
                return switch (v) {
                    case "0" -> "OFF";
                    case "1" -> "NORMAL";
                    case "2" -> "FULL";
                    case "3" -> "EXTRA";
                    default -> v;
                };
            }
            return v;
        }
    }

    private static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("""
                    CREATE TABLE IF NOT EXISTS rooms (
                      id INTEGER PRIMARY KEY,
                      name TEXT NOT NULL UNIQUE,
                      snapshot BLOB,
                      snapshot_seq INTEGER NOT NULL DEFAULT 0,
                      log_entries INTEGER NOT NULL DEFAULT 0,
                      log_bytes INTEGER NOT NULL DEFAULT 0)""");
            s.executeUpdate("""
                    CREATE TABLE IF NOT EXISTS log (
                      seq INTEGER PRIMARY KEY AUTOINCREMENT,
                      room INTEGER NOT NULL,
                      value BLOB NOT NULL)""");
            s.executeUpdate("CREATE INDEX IF NOT EXISTS log_room_seq ON log(room, seq)");
            s.executeUpdate("PRAGMA user_version = 1");
        }
    }

    private void prepareWriter(Connection w) throws SQLException {
        selectRoom = w.prepareStatement("SELECT id FROM rooms WHERE name = ?");
        insertRoom = w.prepareStatement("INSERT INTO rooms(name) VALUES (?) RETURNING id");
        insertLog = w.prepareStatement("INSERT INTO log(room, value) VALUES (?, ?) RETURNING seq");
        bumpRoom = w.prepareStatement("UPDATE rooms SET log_entries = log_entries + ?, log_bytes = log_bytes + ? "
                + "WHERE id = ? RETURNING name, log_entries, log_bytes");
    }

    // ------------------------------------------------------------------------------------------
    // the SPI

    @Override
    public CompletableFuture<Long> append(String roomId, byte[] update) {
        Objects.requireNonNull(update, "update");
        Append op = new Append(requireRoom(roomId), update);
        submit(op);
        return op.future;
    }

    @Override
    public CompletableFuture<Boolean> delete(String roomId) {
        Delete op = new Delete(requireRoom(roomId));
        submit(op);
        return op.future;
    }

    @Override
    public CompletableFuture<CompactionResult> compact(String roomId) {
        requireRoom(roomId);
        if (closed) {
            return CompletableFuture.failedFuture(closedException(roomId));
        }
        return compactor.compact(roomId);
    }

    @Override
    public CompletableFuture<LoadedRoom> load(String roomId) {
        requireRoom(roomId);
        return read(roomId, "load", c -> {
            Snapshot snap = readRoom(c, roomId, true);
            if (snap == null) {
                return LoadedRoom.empty(roomId);
            }
            int skipped = 0;
            Optional<byte[]> snapshot = Optional.empty();
            if (snap.snapshot != null) {
                if (Validation.valid(options.codec(), roomId, snap.snapshotSeq, snap.snapshot, Validation.SNAPSHOT)) {
                    snapshot = Optional.of(snap.snapshot);
                } else {
                    skipped++;
                }
            }
            List<byte[]> tail = new ArrayList<>();
            long last = snap.snapshotSeq;
            for (int i = 0; i < snap.seqs.size(); i++) {
                long seq = snap.seqs.get(i);
                byte[] value = snap.values.get(i);
                last = Math.max(last, seq);
                if (Validation.valid(options.codec(), roomId, seq, value, "entry")) {
                    tail.add(value);
                } else {
                    skipped++;
                }
            }
            return new LoadedRoom(roomId, snapshot, tail, last, skipped);
        });
    }

    @Override
    public CompletableFuture<RoomPage> listRooms(String after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1");
        }
        String from = after == null ? "" : after;
        return read(null, "list rooms", c -> {
            List<String> ids = new ArrayList<>();
            // SQLite compares TEXT by its UTF-8 bytes, the order the SPI specifies; the index on name serves it
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM rooms WHERE name > ? ORDER BY name LIMIT ?")) {
                ps.setString(1, from);
                ps.setLong(2, (long) limit + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            if (ids.size() > limit) {
                List<String> page = ids.subList(0, limit);
                return new RoomPage(page, Optional.of(page.get(limit - 1)));
            }
            return new RoomPage(ids, Optional.empty());
        });
    }

    @Override
    public CompletableFuture<Optional<RoomInfo>> info(String roomId) {
        requireRoom(roomId);
        return read(roomId, "info", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, coalesce(length(snapshot), 0), snapshot_seq, "
                    + "log_entries, log_bytes, (SELECT max(seq) FROM log WHERE log.room = rooms.id) FROM rooms WHERE name = ?")) {
                ps.setString(1, roomId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<RoomInfo>empty();
                    }
                    long last = Math.max(rs.getLong(3), rs.getLong(6));
                    return Optional.of(new RoomInfo(roomId, rs.getLong(2), rs.getLong(5), rs.getLong(4), last));
                }
            }
        });
    }

    /**
     * Online backup: writes a consistent, compact copy of the database (as of now, every
     * acknowledged append included) to {@code target} with {@code VACUUM INTO}, while the store keeps
     * serving. Restore by stopping the server and putting the copy in place as
     * {@code <data-dir>/epicenter.db} (removing any {@code epicenter.db-wal} and {@code -shm} there).
     *
     * @param target the backup file; must not exist (its directory is created)
     * @return completes with {@code target} once the copy is written
     */
    public CompletableFuture<Path> backup(Path target) {
        Path abs = target.toAbsolutePath();
        return read(null, "backup", c -> {
            if (Files.exists(abs)) {
                throw new StorageException(null, "backup target exists: " + abs, null, false);
            }
            try {
                Files.createDirectories(abs.getParent());
            } catch (IOException e) {
                throw new StorageException(null, "cannot create " + abs.getParent() + ": " + e, e);
            }
            return abs;
        }).thenApplyAsync(path -> {
            // VACUUM cannot run inside a transaction: a connection of its own, outside the readers
            try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
                ps.setString(1, path.toString());
                ps.execute();
            } catch (SQLException e) {
                throw new StorageException(null, "backup to " + path + " failed: " + e.getMessage(), e);
            }
            LOG.log(System.Logger.Level.INFO, "storage sqlite: backed up " + dbFile.toAbsolutePath() + " to " + path);
            return path;
        }, readers);
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind());
        m.put("file", dbFile.toString());
        m.put("journal-mode", journalMode);
        m.put("synchronous", synchronous);
        m.put("appends", appends.get());
        m.put("commits", commits.get());
        m.put("failures", failures.get());
        m.put("compactions", compactions.get());
        m.put("queued", queue.size());
        m.put("last-commit-micros", lastCommitNanos / 1000);
        return m;
    }

    @Override
    public void close() {
        closeLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            closeLock.writeLock().unlock();
        }
        long started = System.nanoTime();
        compactor.close(Duration.ofSeconds(2));
        queue.add(Stop.INSTANCE); // after closed=true nothing else is queued, so this is the last op
        try {
            writer.join(options.closeTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "storage sqlite: writer did not finish within " + options.closeTimeout());
            writer.interrupt();
        }
        for (Op op; (op = queue.poll()) != null; ) {
            op.fail(closedException(op.room()));
        }
        readers.shutdown();
        try {
            readers.awaitTermination(options.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Connection c; (c = readConns.poll()) != null; ) {
            closeQuietly(c);
        }
        if (!writer.isAlive()) {
            try (Statement s = writeConn.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.DEBUG, "storage sqlite: checkpoint at close failed: " + e);
            }
            closeQuietly(writeConn);
        }
        completer.shutdown();
        releaseQuietly(fileLock, lockChannel);
        LOG.log(System.Logger.Level.INFO, "storage sqlite: closed " + dbFile.toAbsolutePath() + " in "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms (" + appends.get() + " appends in "
                + commits.get() + " commits)");
    }

    // ------------------------------------------------------------------------------------------
    // reads

    @FunctionalInterface
    private interface ReadJob<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> CompletableFuture<T> read(String roomId, String what, ReadJob<T> job) {
        if (closed) {
            return CompletableFuture.failedFuture(closedException(roomId));
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            readers.execute(() -> {
                Connection c = readConns.poll();
                if (c == null) {
                    f.completeExceptionally(closedException(roomId));
                    return;
                }
                try {
                    T result = inReadTransaction(c, job);
                    completer.execute(() -> f.complete(result));
                } catch (SQLException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, (roomId == null ? "storage sqlite: " : "room " + roomId + ": ")
                            + what + " failed: " + e);
                    StorageException se = e instanceof StorageException s ? s
                            : new StorageException(roomId, what + " failed: " + e.getMessage(), e);
                    completer.execute(() -> f.completeExceptionally(se));
                } finally {
                    readConns.add(c);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(closedException(roomId));
        }
        return f;
    }

    private static <T> T inReadTransaction(Connection c, ReadJob<T> job) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN");
            try {
                T result = job.run(c);
                s.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException ignored) {
                    // the transaction is gone already
                }
                throw e;
            }
        }
    }

    /** What a read found for a room: its row, snapshot and log entries after the snapshot. */
    private static final class Snapshot {
        long rowId;
        byte[] snapshot;
        long snapshotSeq;
        final List<Long> seqs = new ArrayList<>();
        final List<byte[]> values = new ArrayList<>();
    }

    private static Snapshot readRoom(Connection c, String roomId, boolean withLog) throws SQLException {
        Snapshot s = new Snapshot();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, snapshot, snapshot_seq FROM rooms WHERE name = ?")) {
            ps.setString(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                s.rowId = rs.getLong(1);
                s.snapshot = rs.getBytes(2);
                s.snapshotSeq = rs.getLong(3);
            }
        }
        if (withLog) {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, value FROM log WHERE room = ? AND seq > ? ORDER BY seq")) {
                ps.setLong(1, s.rowId);
                ps.setLong(2, s.snapshotSeq);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        s.seqs.add(rs.getLong(1));
                        s.values.add(rs.getBytes(2));
                    }
                }
            }
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------
    // compaction (runs on a compactor thread with the room's compaction lock held)

    private CompactionResult compactNow(String roomId) throws Exception {
        Snapshot s = read(roomId, "compaction read", c -> readRoom(c, roomId, true)).join();
        if (s == null) {
            return CompactionResult.nothing(roomId, 0);
        }
        if (s.seqs.isEmpty()) {
            return CompactionResult.nothing(roomId, s.snapshotSeq);
        }
        UpdateCodec codec = options.codec();
        List<byte[]> inputs = new ArrayList<>(s.seqs.size() + 1);
        long before = 0;
        int skipped = 0;
        if (s.snapshot != null) {
            before += s.snapshot.length;
            if (Validation.valid(codec, roomId, s.snapshotSeq, s.snapshot, Validation.SNAPSHOT)) {
                inputs.add(s.snapshot);
            } else {
                skipped++;
            }
        }
        long removedBytes = 0;
        for (int i = 0; i < s.seqs.size(); i++) {
            byte[] v = s.values.get(i);
            removedBytes += v == null ? 0 : v.length;
            if (Validation.valid(codec, roomId, s.seqs.get(i), v, "entry")) {
                inputs.add(v);
            } else {
                skipped++;
            }
        }
        before += removedBytes;
        byte[] merged = inputs.isEmpty() ? null : inputs.size() == 1 ? inputs.get(0) : codec.merge(inputs);
        long through = s.seqs.get(s.seqs.size() - 1);
        CompactCommit op = new CompactCommit(roomId, s.rowId, s.snapshotSeq, through, s.seqs.size(), removedBytes, merged);
        submit(op);
        if (!op.future.join()) {
            // the room was deleted (or changed) meanwhile: nothing to do
            return CompactionResult.nothing(roomId, s.snapshotSeq);
        }
        compactions.incrementAndGet();
        return new CompactionResult(roomId, s.seqs.size(), skipped, before, merged == null ? 0 : merged.length, through);
    }

    // ------------------------------------------------------------------------------------------
    // the writer

    private sealed interface Op permits RoomOp, Stop {
        String room();

        void fail(Throwable e);
    }

    /** An operation on one room whose caller waits on {@link #future}. */
    private abstract static sealed class RoomOp<T> implements Op permits Append, Delete, CompactCommit {
        final String room;
        final CompletableFuture<T> future = new CompletableFuture<>();

        RoomOp(String room) {
            this.room = room;
        }

        @Override
        public String room() {
            return room;
        }

        @Override
        public void fail(Throwable e) {
            future.completeExceptionally(e);
        }
    }

    private static final class Append extends RoomOp<Long> {
        final byte[] value;
        long seq;

        Append(String room, byte[] value) {
            super(room);
            this.value = value;
        }
    }

    private static final class Delete extends RoomOp<Boolean> {
        boolean existed;

        Delete(String room) {
            super(room);
        }
    }

    private static final class CompactCommit extends RoomOp<Boolean> {
        final long rowId;
        final long baseSeq;
        final long throughSeq;
        final int entries;
        final long removedBytes;
        final byte[] snapshot;
        boolean applied;

        CompactCommit(String room, long rowId, long baseSeq, long throughSeq, int entries, long removedBytes, byte[] snapshot) {
            super(room);
            this.rowId = rowId;
            this.baseSeq = baseSeq;
            this.throughSeq = throughSeq;
            this.entries = entries;
            this.removedBytes = removedBytes;
            this.snapshot = snapshot;
        }
    }

    private enum Stop implements Op {
        INSTANCE;

        @Override
        public String room() {
            return null;
        }

        @Override
        public void fail(Throwable e) {
        }
    }

    private void submit(Op op) {
        closeLock.readLock().lock();
        try {
            if (closed) {
                op.fail(closedException(op.room()));
                return;
            }
            if (!queue.offer(op)) {
                failures.incrementAndGet();
                op.fail(new StorageException(op.room(), "storage queue is full (" + QUEUE_CAPACITY
                        + " operations waiting for the disk)", null));
            }
        } finally {
            closeLock.readLock().unlock();
        }
    }

    private void writeLoop() {
        List<Op> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            long bytes = 0;
            while (batch.size() < options.maxBatch() && bytes < MAX_BATCH_BYTES) {
                Op next = queue.poll();
                if (next == null) {
                    break;
                }
                batch.add(next);
                if (next instanceof Append a) {
                    bytes += a.value.length;
                }
            }
            int stopAt = batch.indexOf(Stop.INSTANCE);
            if (stopAt >= 0) {
                stop = true;
                batch = new ArrayList<>(batch.subList(0, stopAt));
            }
            try {
                if (!batch.isEmpty()) {
                    execute(batch);
                }
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.ERROR, "storage sqlite: writer failed on a batch of " + batch.size() + ": " + e);
                for (Op op : batch) {
                    op.fail(new StorageException(op.room(), describe(op) + " failed: " + e, e));
                }
            }
            batch.clear();
        }
    }

    private void execute(List<Op> batch) {
        long started = System.nanoTime();
        Map<Long, long[]> deltas = new HashMap<>();
        List<long[]> due = new ArrayList<>();
        List<String> dueRooms = new ArrayList<>();
        try (Statement s = writeConn.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                for (Op op : batch) {
                    apply(op, deltas);
                }
                for (Map.Entry<Long, long[]> d : deltas.entrySet()) {
                    bumpRoom.setLong(1, d.getValue()[0]);
                    bumpRoom.setLong(2, d.getValue()[1]);
                    bumpRoom.setLong(3, d.getKey());
                    try (ResultSet rs = bumpRoom.executeQuery()) {
                        if (rs.next()) {
                            dueRooms.add(rs.getString(1));
                            due.add(new long[] {rs.getLong(2), rs.getLong(3)});
                        }
                    }
                }
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException ignored) {
                    // no transaction left to roll back
                }
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            roomRows.clear(); // rows created or deleted in the rolled-back transaction
            failed(batch, e);
            return;
        }
        lastCommitNanos = System.nanoTime() - started;
        commits.incrementAndGet();
        int appended = 0;
        for (Op op : batch) {
            if (op instanceof Append) {
                appended++;
            }
        }
        appends.addAndGet(appended);
        List<Op> done = List.copyOf(batch);
        completer.execute(() -> {
            for (Op op : done) {
                switch (op) {
                    case Append a -> a.future.complete(a.seq);
                    case Delete d -> d.future.complete(d.existed);
                    case CompactCommit c -> c.future.complete(c.applied);
                    case Stop x -> { }
                }
            }
        });
        for (int i = 0; i < dueRooms.size(); i++) {
            compactor.logSize(dueRooms.get(i), due.get(i)[0], due.get(i)[1]);
        }
    }

    private void failed(List<Op> batch, Exception e) {
        if (batch.size() > 1) {
            LOG.log(System.Logger.Level.WARNING, "storage sqlite: transaction of " + batch.size()
                    + " operations failed, retrying each alone: " + e);
            for (Op op : batch) {
                execute(List.of(op));
            }
            return;
        }
        Op op = batch.get(0);
        failures.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "room " + op.room() + ": " + describe(op) + " failed: " + e);
        StorageException se = new StorageException(op.room(), describe(op) + " failed: " + e.getMessage(), e);
        completer.execute(() -> op.fail(se));
    }

    private static String describe(Op op) {
        return switch (op) {
            case Append a -> "append";
            case Delete d -> "delete";
            case CompactCommit c -> "compaction";
            case Stop x -> "stop";
        };
    }

    private void apply(Op op, Map<Long, long[]> deltas) throws SQLException {
        switch (op) {
            case Append a -> {
                long row = roomRow(a.room, true);
                insertLog.setLong(1, row);
                insertLog.setBytes(2, a.value);
                try (ResultSet rs = insertLog.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("insert returned no sequence number");
                    }
                    a.seq = rs.getLong(1);
                }
                long[] d = deltas.computeIfAbsent(row, k -> new long[2]);
                d[0]++;
                d[1] += a.value.length;
            }
            case Delete d -> {
                long row = roomRow(d.room, false);
                d.existed = row > 0;
                if (row > 0) {
                    try (PreparedStatement ps = writeConn.prepareStatement("DELETE FROM log WHERE room = ?")) {
                        ps.setLong(1, row);
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = writeConn.prepareStatement("DELETE FROM rooms WHERE id = ?")) {
                        ps.setLong(1, row);
                        ps.executeUpdate();
                    }
                    roomRows.remove(d.room);
                    deltas.remove(row);
                }
            }
            case CompactCommit c -> c.applied = commitCompaction(c);
            case Stop x -> { }
        }
    }

    private boolean commitCompaction(CompactCommit c) throws SQLException {
        try (PreparedStatement ps = writeConn.prepareStatement("SELECT id, snapshot_seq FROM rooms WHERE name = ?")) {
            ps.setString(1, c.room);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(1) != c.rowId || rs.getLong(2) != c.baseSeq) {
                    return false;
                }
            }
        }
        try (PreparedStatement ps = writeConn.prepareStatement("SELECT count(*) FROM log WHERE room = ? AND seq > ? AND seq <= ?")) {
            ps.setLong(1, c.rowId);
            ps.setLong(2, c.baseSeq);
            ps.setLong(3, c.throughSeq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(1) != c.entries) {
                    return false;
                }
            }
        }
        try (PreparedStatement ps = writeConn.prepareStatement("UPDATE rooms SET snapshot = ?, snapshot_seq = ?, "
                + "log_entries = log_entries - ?, log_bytes = log_bytes - ? WHERE id = ?")) {
            ps.setBytes(1, c.snapshot);
            ps.setLong(2, c.throughSeq);
            ps.setLong(3, c.entries);
            ps.setLong(4, c.removedBytes);
            ps.setLong(5, c.rowId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = writeConn.prepareStatement("DELETE FROM log WHERE room = ? AND seq <= ?")) {
            ps.setLong(1, c.rowId);
            ps.setLong(2, c.throughSeq);
            ps.executeUpdate();
        }
        return true;
    }

    private long roomRow(String room, boolean create) throws SQLException {
        Long cached = roomRows.get(room);
        if (cached != null) {
            return cached;
        }
        selectRoom.setString(1, room);
        try (ResultSet rs = selectRoom.executeQuery()) {
            if (rs.next()) {
                long id = rs.getLong(1);
                roomRows.put(room, id);
                return id;
            }
        }
        if (!create) {
            return -1;
        }
        insertRoom.setString(1, room);
        try (ResultSet rs = insertRoom.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("insert of room returned no id");
            }
            long id = rs.getLong(1);
            roomRows.put(room, id);
            return id;
        }
    }

    // ------------------------------------------------------------------------------------------

    private static String requireRoom(String roomId) {
        if (roomId == null || roomId.isEmpty()) {
            throw new IllegalArgumentException("room id must not be empty");
        }
        return roomId;
    }

    private StorageException closedException(String roomId) {
        return new StorageException(roomId, "storage is closed", null, false);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    private static void releaseQuietly(FileLock lock, FileChannel channel) {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException ignored) {
            // released with the channel
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
