package io.epicenter.server.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.epicenter.server.EpicenterServer;
import io.epicenter.server.TestServers;
import io.epicenter.server.testing.Frames;
import io.epicenter.server.testing.RawWsClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reconnect storm: 2,000 connections in waves (every client of a wave connects at once, as after
 * a restart or a network blip) against a server allowed fewer connections than a wave. Every
 * connection is either served (gets its sync step 1 and a 102 answer) or told to retry (1013 with
 * a reason); none hangs (every read is bounded by the test timeout). Afterwards nothing is left.
 *
 * <p>Scale: {@code -Depicenter.storm.connections} (default 2000), {@code -Depicenter.storm.waves}
 * (default 4).
 */
class OpsStormTest {

    static final int CONNECTIONS = Integer.getInteger("epicenter.storm.connections", 2000);
    static final int WAVES = Integer.getInteger("epicenter.storm.waves", 4);

    @Test
    void everyConnectionOfAStormIsServedOrToldToRetry() throws Exception {
        int perWave = CONNECTIONS / WAVES;
        int limit = perWave * 3 / 5; // 60 % of a wave fits
        Logger syncLog = Logger.getLogger("io.epicenter.sync");
        Level before = syncLog.getLevel();
        syncLog.setLevel(Level.WARNING);
        EpicenterServer server = TestServers.start(Map.of("storage.kind", "memory",
                                                          "plugins.sync.eviction-delay", "PT0.1S",
                                                          "plugins.sync.limits.max-connections", String.valueOf(limit)));
        AtomicInteger served = new AtomicInteger();
        AtomicInteger retry = new AtomicInteger();
        ConcurrentLinkedQueue<String> other = new ConcurrentLinkedQueue<>();
        try {
            for (int wave = 0; wave < WAVES; wave++) {
                CountDownLatch go = new CountDownLatch(1);
                CountDownLatch connected = new CountDownLatch(perWave);
                CountDownLatch leave = new CountDownLatch(1);
                List<Thread> clients = new ArrayList<>();
                for (int i = 0; i < perWave; i++) {
                    String room = "/sync/storm-" + (i % 50);
                    long client = (long) wave * perWave + i + 1;
                    clients.add(Thread.ofVirtual().start(() -> {
                        boolean counted = false;
                        try {
                            go.await();
                            try (RawWsClient c = RawWsClient.open(server.port(), room)) {
                                byte[] first;
                                try {
                                    first = c.next();
                                } catch (RawWsClient.ClosedException e) {
                                    counted = true;
                                    connected.countDown();
                                    if (e.closed.code() == 1013 && e.closed.reason().startsWith("try again later")) {
                                        retry.incrementAndGet();
                                    } else {
                                        other.add("closed " + e.closed);
                                    }
                                    return;
                                }
                                if (first[0] != 0) {
                                    other.add("first message type " + first[0]);
                                }
                                c.sendBinary(Frames.update(Frames.textInsert(client, 0, "storm")));
                                c.sendBinary(Frames.syncStatus(client));
                                c.next(102);
                                served.incrementAndGet();
                                counted = true;
                                connected.countDown();
                                leave.await(); // stay connected until the whole wave is in
                                c.closeNormally();
                            }
                        } catch (Exception e) {
                            other.add(e.toString());
                        } finally {
                            if (!counted) {
                                connected.countDown();
                            }
                        }
                    }));
                }
                go.countDown();
                connected.await();
                leave.countDown();
                for (Thread t : clients) {
                    t.join();
                }
                SoakChecks.awaitConnections(server, 0);
            }
            System.out.printf("storm: %d connections in %d waves: %d served, %d told to retry (limit %d)%n",
                              CONNECTIONS, WAVES, served.get(), retry.get(), limit);
            assertThat(other).as("connections neither served nor told to retry").isEmpty();
            assertThat(served.get() + retry.get()).isEqualTo(perWave * WAVES);
            assertThat(served.get()).isGreaterThanOrEqualTo(limit * WAVES); // every wave fills the server
            assertThat(retry.get()).isPositive();
            Scrape s = Scrape.of(server);
            assertThat(s.count("epicenter_sync_limit_refusals_total", "limit", "connections")).isEqualTo(retry.get());
            assertThat(s.count("epicenter_sync_client_addresses")).isZero();
            OpsSoakTest.awaitQuiet(server);
        } finally {
            server.stop();
            syncLog.setLevel(before);
        }
    }
}
