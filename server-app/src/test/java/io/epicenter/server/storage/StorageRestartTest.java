package io.epicenter.server.storage;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.epicenter.server.EpicenterServer;
import io.epicenter.server.TestServers;
import io.epicenter.server.testing.Frames;
import io.epicenter.server.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Rooms survive a restart and an eviction: the production wiring over a real SQLite store. */
class StorageRestartTest {

    @TempDir
    Path dir;

    static EpicenterServer start(Path dataDir, Map<String, String> extra) {
        Map<String, String> m = new HashMap<>();
        m.put("storage.kind", "sqlite");
        m.put("storage.data-dir", dataDir.toString());
        m.putAll(extra);
        return TestServers.start(m);
    }

    @Test
    void everyAcknowledgedUpdateSurvivesARestartAndALateJoinerGetsThem() {
        EpicenterServer s = start(dir, Map.of());
        Set<String> written = new HashSet<>();
        try (WsClient a = WsClient.connect(s.port(), "restart"); WsClient b = WsClient.connect(s.port(), "restart")) {
            a.nextStep1();
            b.nextStep1();
            Docs.Writer wa = new Docs.Writer(11);
            Docs.Writer wb = new Docs.Writer(22);
            for (int i = 0; i < 20; i++) {
                a.sendUpdateAnd102(wa.set("a" + i, i), i);
                b.sendUpdateAnd102(wb.set("b" + i, i), 100 + i);
                written.add("a" + i);
                written.add("b" + i);
            }
            // each connection's 102s come back in order, each after its earlier updates are durable
            for (int i = 0; i < 20; i++) {
                assertThat(Frames.syncStatusTag(a.next(Frames::isSyncStatus))).isEqualTo(i);
                assertThat(Frames.syncStatusTag(b.next(Frames::isSyncStatus))).isEqualTo(100 + i);
            }
        } finally {
            s.stop();
        }

        EpicenterServer again = start(dir, Map.of());
        try (WsClient late = WsClient.connect(again.port(), "restart")) {
            assertThat(Docs.keys(late.fullState())).containsExactlyInAnyOrderElementsOf(written);
        } finally {
            again.stop();
        }
    }

    @Test
    void anEvictedRoomIsCompactedAndComesBackFromDisk() throws Exception {
        EpicenterServer s = start(dir, Map.of("plugins.sync.eviction-delay", "PT0.2S"));
        try {
            try (WsClient a = WsClient.connect(s.port(), "evicted")) {
                a.nextStep1();
                Docs.Writer w = new Docs.Writer(33);
                for (int i = 0; i < 5; i++) {
                    a.sendUpdateAnd102(w.set("k" + i, "v" + i), i);
                }
                for (int i = 0; i < 5; i++) {
                    a.next(Frames::isSyncStatus);
                }
            }
            await(() -> syncStatus(s).path("rooms").asInt(-1) == 0);
            JsonNode info = StorageApiTest.json(StorageApiTest.http(s, "GET", "/rooms/evicted", null, null));
            assertThat(info.path("loaded").asBoolean()).isFalse();
            assertThat(info.path("stored").asBoolean()).isTrue();
            assertThat(info.path("updatesInLog").asLong()).isZero(); // compacted at eviction
            assertThat(info.path("snapshotBytes").asLong()).isPositive();

            try (WsClient back = WsClient.connect(s.port(), "evicted")) {
                assertThat(Docs.map(back.fullState())).containsEntry("k0", "v0").containsEntry("k4", "v4").hasSize(5);
            }
        } finally {
            s.stop();
        }
    }

    @Test
    void anUnknownStorageKindStopsTheStartWithTheKindsFound() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServers.start(Map.of("storage.kind", "nope")))
                .hasMessageContaining("unknown storage.kind 'nope'")
                .hasMessageContaining("sqlite")
                .hasMessageContaining("memory");
    }

    static JsonNode syncStatus(EpicenterServer s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(TestServers.get(s, "/").body())
                    .path("plugins").path("sync");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static void await(java.util.function.BooleanSupplier c) {
        long deadline = System.nanoTime() + WsClient.TIMEOUT.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
