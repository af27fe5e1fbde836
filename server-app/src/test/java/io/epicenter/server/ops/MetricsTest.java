package io.epicenter.server.ops;

import java.util.List;
import java.util.Map;

import io.epicenter.server.EpicenterServer;
import io.epicenter.server.TestServers;
import io.epicenter.server.testing.Frames;
import io.epicenter.server.testing.RawWsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.epicenter.server.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The sync plugin's meters at /observe/metrics, driven by real WebSocket traffic. */
class MetricsTest {

    /** Every metric the README documents (section Operations → Metrics). */
    static final List<String> DOCUMENTED = List.of(
            "epicenter_sync_rooms", "epicenter_sync_connections", "epicenter_sync_connections_opened_total",
            "epicenter_sync_connection_closes_total", "epicenter_sync_client_addresses",
            "epicenter_sync_messages_received_total", "epicenter_sync_messages_received_bytes_total",
            "epicenter_sync_messages_sent_total", "epicenter_sync_messages_sent_bytes_total",
            "epicenter_sync_updates_applied_total", "epicenter_sync_updates_applied_bytes_total",
            "epicenter_sync_broadcast_deliveries_total", "epicenter_sync_outbound_queue_bytes_max",
            "epicenter_sync_outbound_queue_bytes_sum", "epicenter_sync_slow_consumer_closes_total",
            "epicenter_sync_awareness_states", "epicenter_sync_awareness_coalesced_total",
            "epicenter_sync_awareness_dropped_total", "epicenter_sync_limit_refusals_total",
            "epicenter_sync_room_loads_total", "epicenter_sync_room_load_failures_total",
            "epicenter_sync_room_load_seconds_count", "epicenter_sync_room_evictions_total",
            "epicenter_sync_storage_appends_total", "epicenter_sync_storage_append_failures_total",
            "epicenter_sync_storage_append_seconds_count", "epicenter_sync_storage_compactions_total",
            "epicenter_sync_storage_compaction_failures_total", "epicenter_sync_storage_persist_failures_total",
            "epicenter_sync_storage_pending_updates", "epicenter_sync_storage_failing_rooms");

    private EpicenterServer server;

    @BeforeEach
    void start() {
        server = TestServers.start(Map.of("storage.kind", "memory", "plugins.sync.eviction-delay", "PT0.05S"));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void everyDocumentedMetricIsServed() {
        Scrape s = Scrape.of(server);
        for (String name : DOCUMENTED) {
            // closes by code appear with the first close of that code (the code is a tag)
            assertThat(s.hasMetric(name) || name.equals("epicenter_sync_connection_closes_total")).as(name).isTrue();
        }
        assertThat(s.count("epicenter_sync_rooms", "state", "active")).isZero();
        assertThat(s.count("epicenter_sync_connections")).isZero();
    }

    @Test
    void trafficIsCounted() throws Exception {
        int port = server.port();
        try (RawWsClient a = RawWsClient.open(port, "/sync/metrics-room"); RawWsClient b = RawWsClient.open(port, "/sync/metrics-room")) {
            a.next(0); // step 1 from the server
            b.next(0);
            Scrape open = Scrape.of(server);
            assertThat(open.count("epicenter_sync_connections")).isEqualTo(2);
            assertThat(open.count("epicenter_sync_rooms", "state", "active")).isEqualTo(1);

            byte[] upd = Frames.update(Frames.textInsert(7, 0, "hello"));
            a.sendBinary(upd);
            a.sendBinary(Frames.syncStatus(1));
            assertThat(a.next(102)).isEqualTo(Frames.syncStatus(1)); // after the update was applied and stored
            b.next(0); // the relayed update
            a.sendBinary(Frames.awareness(7, 1, "{\"user\":\"a\"}"));
            b.next(1);

            Scrape s = Scrape.of(server);
            assertThat(s.count("epicenter_sync_messages_received_total", "type", "sync")).isEqualTo(1);
            assertThat(s.count("epicenter_sync_messages_received_bytes_total", "type", "sync")).isEqualTo(upd.length);
            assertThat(s.count("epicenter_sync_messages_received_total", "type", "sync_status")).isEqualTo(1);
            assertThat(s.count("epicenter_sync_messages_received_total", "type", "awareness")).isEqualTo(1);
            assertThat(s.count("epicenter_sync_messages_sent_total", "type", "sync")).isEqualTo(3); // two step 1s, one update
            assertThat(s.count("epicenter_sync_messages_sent_total", "type", "sync_status")).isEqualTo(1);
            assertThat(s.count("epicenter_sync_messages_sent_total", "type", "awareness")).isEqualTo(1);
            assertThat(s.count("epicenter_sync_updates_applied_total")).isEqualTo(1);
            assertThat(s.count("epicenter_sync_broadcast_deliveries_total")).isEqualTo(2); // the update and the awareness, to b
            assertThat(s.count("epicenter_sync_awareness_states")).isEqualTo(1);
            assertThat(s.count("epicenter_sync_room_loads_total")).isEqualTo(1);
            assertThat(s.count("epicenter_sync_room_load_seconds_count")).isEqualTo(1);
            assertThat(s.count("epicenter_sync_storage_appends_total")).isEqualTo(1);
            assertThat(s.count("epicenter_sync_storage_append_seconds_count")).isEqualTo(1);
            assertThat(s.count("epicenter_sync_connections_opened_total")).isEqualTo(2);

            a.closeNormally();
            b.closeNormally();
        }
        await("room evicted", () -> Scrape.of(server).count("epicenter_sync_room_evictions_total") == 1);
        Scrape end = Scrape.of(server);
        assertThat(end.count("epicenter_sync_connection_closes_total", "by", "client", "code", "1000")).isEqualTo(2);
        assertThat(end.count("epicenter_sync_connections")).isZero();
        assertThat(end.count("epicenter_sync_awareness_states")).isZero();
        assertThat(end.count("epicenter_sync_rooms", "state", "draining")
                   + end.count("epicenter_sync_rooms", "state", "active")).isZero();
        assertThat(end.count("epicenter_sync_storage_compactions_total")).isEqualTo(1); // at eviction
    }
}
