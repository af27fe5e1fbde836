package io.epicenter.server.ops;

import java.util.Map;

import io.epicenter.server.EpicenterServer;
import io.epicenter.server.TestServers;
import io.epicenter.server.testing.Await;
import io.epicenter.server.testing.Frames;
import io.epicenter.server.testing.RawWsClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that stops reading: the server's memory for it stays bounded by its outbound queue
 * (plugins.sync.max-queued-bytes), it alone is closed (1013, counted as a slow consumer), and the
 * other clients of the room get everything.
 */
class OpsSlowConsumerTest {

    @Test
    void aClientThatNeverReadsIsBoundedAndOnlyItIsClosed() throws Exception {
        // ~12 MB in all: more than the kernel's socket buffers (up to 4 MB each way on loopback) absorb
        int maxQueued = 1024 * 1024;
        int updates = 24;
        int size = 512 * 1024;
        EpicenterServer server = TestServers.start(Map.of("storage.kind", "memory",
                                                          "plugins.sync.max-queued-bytes", String.valueOf(maxQueued),
                                                          "plugins.sync.close-timeout", "PT2S",
                                                          "plugins.sync.ping-interval", "PT60S"));
        try (RawWsClient stuck = RawWsClient.open(server.port(), "/sync/slow", Map.of(), 4096);
             RawWsClient writer = RawWsClient.open(server.port(), "/sync/slow");
             RawWsClient reader = RawWsClient.open(server.port(), "/sync/slow")) {
            stuck.next(0); // then never reads again
            writer.next(0);
            reader.next(0);
            long maxSeen = 0;
            for (int i = 0; i < updates; i++) {
                writer.sendBinary(Frames.update(Frames.textInsert(1000 + i, 0, "y".repeat(size))));
                assertThat(reader.next(0).length).isGreaterThan(size); // the reader keeps up, never blocked
                if (i % 4 == 3) {
                    maxSeen = Math.max(maxSeen, Scrape.of(server).count("epicenter_sync_outbound_queue_bytes_max"));
                }
            }
            writer.sendBinary(Frames.syncStatus(1));
            assertThat(writer.next(102)).isEqualTo(Frames.syncStatus(1));

            Await.await("slow consumer closed", () -> Scrape.of(server).count("epicenter_sync_slow_consumer_closes_total") == 1);
            SoakChecks.awaitConnections(server, 2);
            Scrape s = Scrape.of(server);
            // one frame may always enter an empty queue; beyond that the bound holds
            assertThat(maxSeen).isLessThanOrEqualTo(maxQueued + size + 64);
            assertThat(s.count("epicenter_sync_outbound_queue_bytes_max")).isLessThanOrEqualTo(maxQueued + size + 64);
            assertThat(s.count("epicenter_sync_connection_closes_total", "by", "server", "code", "1013")).isEqualTo(1);
            assertThat(s.count("epicenter_sync_updates_applied_total")).isEqualTo(updates);
            // the others are unaffected
            reader.sendBinary(Frames.syncStatus(2));
            assertThat(reader.next(102)).isEqualTo(Frames.syncStatus(2));
        } finally {
            server.stop();
        }
    }
}
