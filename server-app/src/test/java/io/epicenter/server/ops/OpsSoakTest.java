package io.epicenter.server.ops;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.epicenter.server.EpicenterServer;
import io.epicenter.server.TestServers;
import io.epicenter.server.testing.Frames;
import io.epicenter.server.testing.RawWsClient;
import org.junit.jupiter.api.Test;

import static io.epicenter.server.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak: churn many rooms (connect, write, leave, evict after a tiny delay) and check that the
 * server returns to where it started: heap (after GC, within a tolerance), live threads, open file
 * descriptors, and every internal map (rooms, connections, awareness states, per-address counters,
 * outbound queues, pending storage appends), read through /observe/metrics and GET /.
 *
 * <p>Scale: {@code -Depicenter.soak.rooms=100000} (default 10,000), {@code -Depicenter.soak.concurrency}
 * (default 8), {@code -Depicenter.soak.storage=sqlite} to churn through the real store (default
 * {@code ops-discard}, see {@link DiscardStorageProvider}). See bench/README.md.
 */
class OpsSoakTest {

    static final int ROOMS = Integer.getInteger("epicenter.soak.rooms", 10_000);
    static final int CONCURRENCY = Integer.getInteger("epicenter.soak.concurrency", 8);
    static final String STORAGE = System.getProperty("epicenter.soak.storage", "ops-discard");
    static final long HEAP_TOLERANCE = 24L << 20;

    @Test
    void tenThousandRoomsChurnedLeaveNothingBehind() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("storage.kind", STORAGE);
        config.put("plugins.sync.eviction-delay", "PT0.01S");
        Path dataDir = null;
        if (STORAGE.equals("sqlite")) {
            dataDir = Files.createTempDirectory("epicenter-soak");
            config.put("storage.data-dir", dataDir.toString());
        }
        // one log line per connect/load/disconnect/eviction is 40,000 lines here: keep warnings only
        Logger syncLog = Logger.getLogger("io.epicenter.sync");
        Level before = syncLog.getLevel();
        syncLog.setLevel(Level.WARNING);
        EpicenterServer server = TestServers.start(config);
        try {
            int warmup = Math.min(500, ROOMS / 10);
            churn(server, "warm-", warmup);
            awaitQuiet(server);
            long heap0 = usedHeapAfterGc();
            int threads0 = threads();
            long fds0 = openFds();
            Scrape s0 = Scrape.of(server);

            long t0 = System.nanoTime();
            churn(server, "soak-", ROOMS);
            awaitQuiet(server);
            System.out.printf("soak: %d rooms churned in %d ms (%d concurrent)%n", ROOMS,
                              (System.nanoTime() - t0) / 1_000_000, CONCURRENCY);

            Scrape s1 = Scrape.of(server);
            assertThat(s1.count("epicenter_sync_updates_applied_total") - s0.count("epicenter_sync_updates_applied_total"))
                    .isEqualTo(ROOMS);
            assertThat(s1.count("epicenter_sync_room_loads_total") - s0.count("epicenter_sync_room_loads_total")).isEqualTo(ROOMS);
            assertThat(s1.count("epicenter_sync_room_evictions_total") - s0.count("epicenter_sync_room_evictions_total"))
                    .isEqualTo(ROOMS);
            assertThat(s1.count("epicenter_sync_connection_closes_total", "by", "client", "code", "1000")
                       - s0.count("epicenter_sync_connection_closes_total", "by", "client", "code", "1000")).isEqualTo(ROOMS);
            assertThat(s1.count("epicenter_sync_slow_consumer_closes_total")).isZero();

            String root = TestServers.get(server, "/").body();
            assertThat(root).contains("\"rooms\":0").contains("\"connections\":0");

            // file descriptors and threads are released asynchronously (socket close, pool shrink)
            await("file descriptors back to baseline (" + fds0 + ")", () -> openFds() <= fds0 + 4);
            await("threads back to baseline (" + threads0 + ")", () -> threads() <= threads0 + 4);
            long heap1 = usedHeapAfterGc();
            System.out.printf("soak: heap %d KiB -> %d KiB, threads %d -> %d, fds %d -> %d%n", heap0 >> 10, heap1 >> 10,
                              threads0, threads(), fds0, openFds());
            assertThat(heap1).as("heap after GC (baseline %d)", heap0).isLessThanOrEqualTo(heap0 + HEAP_TOLERANCE);
        } finally {
            server.stop();
            syncLog.setLevel(before);
            if (dataDir != null) {
                try (Stream<Path> files = Files.walk(dataDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** Every internal map of the sync plugin is empty again. */
    static void awaitQuiet(EpicenterServer server) {
        await("rooms, connections, awareness, addresses, queues and pending appends all zero", () -> {
            Scrape s = Scrape.of(server);
            return s.count("epicenter_sync_rooms", "state", "loading") + s.count("epicenter_sync_rooms", "state", "active")
                   + s.count("epicenter_sync_rooms", "state", "draining") == 0
                   && s.count("epicenter_sync_connections") == 0
                   && s.count("epicenter_sync_awareness_states") == 0
                   && s.count("epicenter_sync_client_addresses") == 0
                   && s.count("epicenter_sync_outbound_queue_bytes_sum") == 0
                   && s.count("epicenter_sync_storage_pending_updates") == 0;
        });
    }

    /** Connect to {@code n} distinct rooms, write an update and an awareness state, wait for the 102, leave. */
    static void churn(EpicenterServer server, String prefix, int n) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            workers.add(Thread.ofVirtual().name("soak-" + w).start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n && failures.isEmpty()) {
                    try {
                        oneRoom(server.port(), prefix + i, i + 1);
                    } catch (Throwable t) {
                        failures.add(new AssertionError("room " + prefix + i + ": " + t, t));
                    }
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.peek());
        }
    }

    private static void oneRoom(int port, String room, long client) throws IOException {
        try (RawWsClient c = RawWsClient.open(port, "/sync/" + room)) {
            c.next(0);
            c.sendBinary(Frames.update(Frames.textInsert(client, 0, "soak")));
            c.sendBinary(Frames.awareness(client, 1, "{\"user\":\"soak\"}"));
            c.sendBinary(Frames.syncStatus(client));
            c.next(102);
            RawWsClient.Closed closed = c.closeNormally();
            if (closed.code() != 1000) {
                throw new AssertionError("closed with " + closed);
            }
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    static long openFds() {
        Path fd = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fd)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(fd)) {
            return s.count();
        } catch (IOException e) {
            return 0;
        }
    }
}
