package io.epicenter.server.ops;

import java.io.IOException;
import java.util.Map;

import io.epicenter.server.EpicenterServer;
import io.epicenter.server.TestServers;
import io.epicenter.server.testing.Await;
import io.epicenter.server.testing.Frames;
import io.epicenter.server.testing.RawWsClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a misbehaving client cannot make the server hold: pongs, awareness client ids. */
class OpsMemoryBoundsTest {

    private static long refusals(EpicenterServer s, String limit) {
        return Scrape.of(s).count("epicenter_sync_limit_refusals_total", "limit", limit);
    }

    @Test
    void aPingFloodWhileNotReadingQueuesAtMostOnePong() throws Exception {
        EpicenterServer server = TestServers.start(Map.of("storage.kind", "memory",
                                                          "plugins.sync.ping-interval", "PT60S"));
        try (RawWsClient flood = RawWsClient.open(server.port(), "/sync/pings", Map.of(), 4096);
             RawWsClient writer = RawWsClient.open(server.port(), "/sync/pings")) {
            flood.next(0);
            writer.next(0);
            // 12 MB of updates: more than the socket buffers take, so the server's writer for the
            // flooding connection is blocked while the pings arrive
            int size = 1024 * 1024;
            for (int i = 0; i < 12; i++) {
                writer.sendBinary(Frames.update(Frames.textInsert(100 + i, 0, "y".repeat(size))));
            }
            writer.sendBinary(Frames.syncStatus(1));
            assertThat(writer.next(102)).isEqualTo(Frames.syncStatus(1));
            byte[] payload = new byte[125];
            for (int i = 0; i < 10_000; i++) {
                payload[0] = (byte) i;
                flood.sendFrame(9, payload);
            }
            flood.sendBinary(Frames.syncStatus(2));
            // the server keeps serving others meanwhile, and the flood is not counted beyond one pong
            writer.sendBinary(Frames.syncStatus(3));
            assertThat(writer.next(102)).isEqualTo(Frames.syncStatus(3));
            assertThat(Scrape.of(server).count("epicenter_sync_outbound_queue_bytes_max")).isLessThanOrEqualTo(12L * (size + 64) + 125);
            // now read: the updates, at most a couple of pongs, then the 102 (queued after the pongs)
            int pongs = 0;
            boolean sawStatus = false;
            while (!sawStatus) {
                RawWsClient.Frame f = flood.readFrame();
                if (f.opcode() == 10) {
                    pongs++;
                } else if (f.opcode() == 2 && Frames.isSyncStatus(f.payload())) {
                    sawStatus = true;
                } else if (f.opcode() == 8) {
                    throw new AssertionError("closed: " + f.closeCode() + " " + f.closeReason());
                }
            }
            assertThat(pongs).isBetween(1, 3);
            assertThat(server.port()).isPositive();
            assertThat(Scrape.of(server).count("epicenter_sync_connections")).isEqualTo(2);
        } finally {
            server.stop();
        }
    }

    @Test
    void anAwarenessMessageWithTooManyClientIdsClosesOnlyItsSender() throws IOException {
        EpicenterServer s = TestServers.start(Map.of("storage.kind", "memory"));
        try (RawWsClient a = RawWsClient.open(s.port(), "/sync/aw-ids"); RawWsClient b = RawWsClient.open(s.port(), "/sync/aw-ids")) {
            a.next(0);
            b.next(0);
            Object[] many = new Object[65 * 3];
            for (int i = 0; i < 65; i++) {
                many[3 * i] = 100 + i;
                many[3 * i + 1] = 1;
                many[3 * i + 2] = "{}";
            }
            a.sendBinary(Frames.awareness(many));
            RawWsClient.Closed closed = a.awaitClose();
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).startsWith("too many awareness client ids");
            assertThat(refusals(s, "awareness_ids")).isEqualTo(1);
            assertThat(Scrape.of(s).count("epicenter_sync_awareness_states")).isZero();
            // the other client is unaffected, and 64 ids are allowed
            Object[] ok = new Object[64 * 3];
            System.arraycopy(many, 0, ok, 0, ok.length);
            b.sendBinary(Frames.awareness(ok));
            b.sendBinary(Frames.syncStatus(1));
            assertThat(b.next(102)).isEqualTo(Frames.syncStatus(1));
            Await.await("64 states", () -> Scrape.of(s).count("epicenter_sync_awareness_states") == 64);
            assertThat(refusals(s, "awareness_ids")).isEqualTo(1);
        } finally {
            s.stop();
        }
    }

    @Test
    void aClosedConnectionLeavesNoAwarenessStates() throws IOException {
        EpicenterServer s = TestServers.start(Map.of("storage.kind", "memory"));
        try (RawWsClient b = RawWsClient.open(s.port(), "/sync/aw-gone")) {
            b.next(0);
            try (RawWsClient a = RawWsClient.open(s.port(), "/sync/aw-gone")) {
                a.next(0);
                a.sendBinary(Frames.awareness(7, 1, "{\"u\":1}", 8, 1, "{\"u\":2}"));
                assertThat(Frames.awarenessEntries(b.next(1))).containsExactly("7:1", "8:1");
                assertThat(Scrape.of(s).count("epicenter_sync_awareness_states")).isEqualTo(2);
                a.closeNormally();
            }
            assertThat(Frames.awarenessEntries(b.next(1))).containsExactlyInAnyOrder("7:2", "8:2");
            Await.await("no states", () -> Scrape.of(s).count("epicenter_sync_awareness_states") == 0);
            // a removal of an id never announced is neither kept nor relayed
            b.sendBinary(Frames.awareness(9, 5, "null"));
            b.sendBinary(Frames.syncStatus(1));
            assertThat(b.next(102)).isEqualTo(Frames.syncStatus(1));
            assertThat(Scrape.of(s).count("epicenter_sync_awareness_states")).isZero();
        } finally {
            s.stop();
        }
    }
}
