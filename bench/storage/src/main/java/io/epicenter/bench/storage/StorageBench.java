package io.epicenter.bench.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.epicenter.plugin.storage.LoadedRoom;
import io.epicenter.plugin.storage.Storage;
import io.epicenter.storage.StorageSettings;
import io.epicenter.storage.UpdateCodec;
import io.epicenter.storage.memory.MemoryStorage;
import io.epicenter.storage.sqlite.SqliteStorage;

/**
 * Storage benchmark (a plain main: the numbers are I/O bound, JMH adds nothing here).
 * <ul>
 *   <li>durable appends/s: W writers, each appending one update and waiting for its future before the
 *       next (as a room's lane waiting for the 102 ack would), one room or many rooms, with group
 *       commit (batch up to 4096) and without (batch of 1);</li>
 *   <li>time to load a room of N updates from the log, and after compaction (one snapshot); the time
 *       of that compaction;</li>
 *   <li>disk bytes per update (database + WAL, after a checkpoint).</li>
 * </ul>
 * Updates are real Yjs V1 updates of one client typing one character each (about 14 bytes).
 * Arguments: {@code [seconds-per-throughput-run (default 3)] [updates-in-load-room (default 100000)] [dir]}.
 */
public final class StorageBench {

    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.epicenter");

    private StorageBench() {
    }

    public static void main(String[] args) throws Exception {
        QUIET.setLevel(java.util.logging.Level.WARNING); // one line per open/close/compaction would drown the tables
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int loadN = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path base = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("epicenter-storage-bench");
        System.out.printf(Locale.ROOT, "storage bench: %s, %s, %d cores, dir %s%n", System.getProperty("java.vm.name"),
                          Runtime.version(), Runtime.getRuntime().availableProcessors(), base);
        System.out.println();
        System.out.println("| scenario | group commit | writers | rooms | durable updates/s | commits/s | updates per commit | p50 ack ms | p99 ack ms |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        int run = 0;
        for (boolean group : new boolean[] {true, false}) {
            throughput(base.resolve("t" + run++), "one writer, one room", group, 1, 1, seconds);
            throughput(base.resolve("t" + run++), "one room, many writers", group, 64, 1, seconds);
            throughput(base.resolve("t" + run++), "many rooms", group, 256, 1000, seconds);
        }
        System.out.println();
        load(base.resolve("load"), loadN);
        System.out.println();
        memoryBaseline(seconds);
        deleteRecursively(base);
    }

    // ------------------------------------------------------------------------------------------

    private static void throughput(Path dir, String name, boolean group, int writers, int rooms, double seconds)
            throws Exception {
        StorageSettings settings = new StorageSettings(dir, 0, 0); // no compaction: measure appends only
        try (SqliteStorage s = SqliteStorage.open(SqliteStorage.Options.of(settings).withMaxBatch(group ? 4096 : 1))) {
            // warm-up
            for (int i = 0; i < 200; i++) {
                s.append("warm", typed(1, i)).join();
            }
            long commits0 = s.commits();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong done = new AtomicLong();
            List<long[]> latencies = new ArrayList<>();
            List<CompletableFuture<Void>> fs = new ArrayList<>();
            long t0 = System.nanoTime();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < writers; w++) {
                    String room = "room-" + (w % rooms);
                    long client = 1_000_000L + w;
                    long[] lat = new long[20_001]; // the first 20,000 acks of each writer
                    latencies.add(lat);
                    fs.add(CompletableFuture.runAsync(() -> {
                        int i = 0;
                        while (!stop.get()) {
                            long a = System.nanoTime();
                            s.append(room, typed(client, i)).join();
                            if (i < lat.length - 1) {
                                lat[i + 1] = System.nanoTime() - a;
                            }
                            i++;
                            done.incrementAndGet();
                        }
                        lat[0] = Math.min(i, lat.length - 1);
                    }, pool));
                }
                Thread.sleep((long) (seconds * 1000));
                stop.set(true);
                fs.forEach(CompletableFuture::join);
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long commits = s.commits() - commits0;
            long n = done.get();
            long[] all = latencies.stream().flatMapToLong(l -> java.util.Arrays.stream(l, 1, (int) l[0] + 1)).sorted().toArray();
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %,.0f | %,.0f | %.1f | %.2f | %.2f |%n", name,
                              group ? "yes" : "no", writers, rooms, n / elapsed, commits / elapsed, (double) n / Math.max(1, commits),
                              pct(all, 0.50), pct(all, 0.99));
        }
        deleteRecursively(dir);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }

    // ------------------------------------------------------------------------------------------

    private static void load(Path dir, int n) throws Exception {
        StorageSettings settings = new StorageSettings(dir, 0, 0);
        long client = 3_141_592_653L & 0xffffffffL;
        long payload = 0;
        long t0 = System.nanoTime();
        try (SqliteStorage s = SqliteStorage.open(SqliteStorage.Options.of(settings))) {
            List<CompletableFuture<Long>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] u = typed(client, i);
                payload += u.length;
                fs.add(s.append("big", u));
                if (fs.size() == 10_000) {
                    fs.forEach(CompletableFuture::join);
                    fs.clear();
                }
            }
            fs.forEach(CompletableFuture::join);
        }
        double writeSec = (System.nanoTime() - t0) / 1e9;
        long logDisk = diskBytes(dir);
        System.out.printf(Locale.ROOT, "room of %,d updates (%,d payload bytes, %.1f bytes each), appended in %.1f s (%,.0f/s, pipelined)%n",
                          n, payload, (double) payload / n, writeSec, n / writeSec);
        System.out.println();
        System.out.println("| room of " + String.format(Locale.ROOT, "%,d", n) + " updates | load (cold open + load), ms | load (warm), ms | disk bytes | disk bytes per update |");
        System.out.println("| --- | --- | --- | --- | --- |");
        long[] cold = timeLoad(settings, "big", n);
        System.out.printf(Locale.ROOT, "| log only (no compaction) | %d | %d | %,d | %.1f |%n", cold[0], cold[1], logDisk, (double) logDisk / n);

        long compactMs;
        long snapshotBytes;
        try (SqliteStorage s = SqliteStorage.open(SqliteStorage.Options.of(settings))) {
            long c0 = System.nanoTime();
            snapshotBytes = s.compact("big").join().bytesAfter();
            compactMs = (System.nanoTime() - c0) / 1_000_000;
        }
        vacuum(dir);
        long snapDisk = diskBytes(dir);
        long[] warm = timeLoad(settings, "big", n);
        System.out.printf(Locale.ROOT, "| compacted (one snapshot of %,d bytes) | %d | %d | %,d | %.1f |%n",
                          snapshotBytes, warm[0], warm[1], snapDisk, (double) snapDisk / n);
        System.out.printf(Locale.ROOT, "%ncompaction of the %,d-entry log (read, validate, Updates.mergeUpdates, write): %d ms%n", n, compactMs);
    }

    /** @return {cold ms (open + first load), warm ms (best of 3 more loads)} */
    private static long[] timeLoad(StorageSettings settings, String room, int expectAtLeast) {
        long t0 = System.nanoTime();
        try (SqliteStorage s = SqliteStorage.open(SqliteStorage.Options.of(settings))) {
            LoadedRoom r = s.load(room).join();
            long cold = (System.nanoTime() - t0) / 1_000_000;
            if (r.updates().isEmpty() || r.skippedEntries() > 0) {
                throw new IllegalStateException("bad load: " + r.tail().size() + " entries, " + r.skippedEntries() + " skipped");
            }
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                long a = System.nanoTime();
                s.load(room).join();
                best = Math.min(best, (System.nanoTime() - a) / 1_000_000);
            }
            return new long[] {cold, best};
        }
    }

    private static void vacuum(Path dir) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStorage.DB_FILE));
             var st = c.createStatement()) {
            st.execute("VACUUM");
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    private static long diskBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(SqliteStorage.DB_FILE))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    // ------------------------------------------------------------------------------------------

    private static void memoryBaseline(double seconds) throws Exception {
        try (Storage s = new MemoryStorage(new StorageSettings(Path.of("."), 0, 0), UpdateCodec.YJS)) {
            long t0 = System.nanoTime();
            long n = 0;
            long end = t0 + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                for (int i = 0; i < 1000; i++) {
                    s.append("m", typed(1, (int) n++)).join();
                }
            }
            System.out.printf(Locale.ROOT, "memory store, one writer: %,.0f appends/s (the cost without a disk)%n",
                              n / ((System.nanoTime() - t0) / 1e9));
        }
    }

    // ------------------------------------------------------------------------------------------
    // a Yjs V1 update: client types character number `clock` at the end of root text "t"

    static byte[] typed(long client, int clock) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(24);
        varUint(out, 1);      // one client
        varUint(out, 1);      // one struct
        varUint(out, client);
        varUint(out, clock);
        if (clock == 0) {
            out.write(0x04);  // Item, ContentString, no origin: parent follows
            varUint(out, 1);  // parent is a root type, by name
            varString(out, "t");
        } else {
            out.write(0x84);  // Item, ContentString, origin = previous character
            varUint(out, client);
            varUint(out, clock - 1);
        }
        varString(out, String.valueOf((char) ('a' + clock % 26)));
        varUint(out, 0);      // empty delete set
        return out.toByteArray();
    }

    private static void varUint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static void varString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varUint(out, b.length);
        out.writeBytes(b);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @SuppressWarnings("unused")
    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
