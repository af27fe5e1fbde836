package io.epicenter.server.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.epicenter.crdt.update.Updates;
import io.epicenter.server.EpicenterServer;
import io.epicenter.server.TestServers;
import io.epicenter.server.testing.Frames;
import io.epicenter.server.testing.WsClient;
import io.epicenter.storage.testing.FailingStorage.Op;
import io.epicenter.storage.testing.FailingStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow and failing storage under the production wiring: {@code storage.kind: failing} is SQLite
 * wrapped in a {@link FailingStorage} the test controls.
 */
class StorageFailureTest {

    @TempDir
    Path dir;

    private EpicenterServer start(String kind, Map<String, String> extra) {
        Map<String, String> m = new java.util.HashMap<>(extra);
        m.put("storage.kind", kind);
        return StorageRestartTest.start(dir, m);
    }

    private static int ready(EpicenterServer s) {
        return TestServers.get(s, "/observe/health/ready").statusCode();
    }

    @Test
    void aFailingStoreTurnsReadinessDownDelays102AndLosesNothingOnceItHeals() {
        EpicenterServer s = start(FailingStorageProvider.KIND, Map.of());
        FailingStorage fs = FailingStorageProvider.last();
        try (WsClient a = WsClient.connect(s.port(), "fail"); WsClient b = WsClient.connect(s.port(), "fail")) {
            a.nextStep1();
            b.nextStep1();
            assertThat(ready(s)).isEqualTo(200);
            Docs.Writer w = new Docs.Writer(71);
            a.sendUpdateAnd102(w.set("before", 0), 0);
            assertThat(Frames.syncStatusTag(a.next(Frames::isSyncStatus))).isZero();

            fs.failAlways(Op.APPEND);
            a.sendUpdateAnd102(w.set("during1", 1), 1);
            a.sendUpdateAnd102(w.set("during2", 2), 2);
            // broadcast does not wait for the disk
            byte[] first = Frames.payload(b.next(m -> Frames.isSync(m, 2))); // "before"
            byte[] second = Frames.payload(b.next(m -> Frames.isSync(m, 2)));
            assertThat(Docs.keys(Updates.mergeUpdates(List.of(first, second)))).contains("before", "during1");
            // ... but the 102 does
            assertThat(a.poll(Frames::isSyncStatus, Duration.ofMillis(700))).isNull();
            StorageRestartTest.await(() -> ready(s) == 503);
            String health = TestServers.get(s, "/observe/health/ready").body();
            assertThat(health).contains("storage", "failingRooms", FailingStorage.MESSAGE);
            // a late joiner still gets everything from memory
            try (WsClient late = WsClient.connect(s.port(), "fail")) {
                assertThat(Docs.keys(late.fullState())).contains("before", "during1", "during2");
            }

            fs.heal();
            assertThat(Frames.syncStatusTag(a.next(Frames::isSyncStatus))).isEqualTo(1);
            assertThat(Frames.syncStatusTag(a.next(Frames::isSyncStatus))).isEqualTo(2);
            StorageRestartTest.await(() -> ready(s) == 200);
        } finally {
            s.stop();
        }
        EpicenterServer again = start("sqlite", Map.of());
        try (WsClient c = WsClient.connect(again.port(), "fail")) {
            assertThat(Docs.keys(c.fullState())).contains("before", "during1", "during2");
        } finally {
            again.stop();
        }
    }

    @Test
    void concurrentConnectsDuringASlowLoadAllSeeTheFullStateAndAFailedLoadCloses1011() throws Exception {
        EpicenterServer s = start(FailingStorageProvider.KIND, Map.of());
        byte[] expectedSv;
        try (WsClient a = WsClient.connect(s.port(), "slow")) {
            a.nextStep1();
            Docs.Writer w = new Docs.Writer(81);
            for (int i = 0; i < 10; i++) {
                a.sendUpdateAnd102(w.set("k" + i, i), i);
            }
            for (int i = 0; i < 10; i++) {
                a.next(Frames::isSyncStatus);
            }
            expectedSv = Updates.encodeStateVectorFromUpdate(a.fullState());
        } finally {
            s.stop();
        }

        EpicenterServer again = start(FailingStorageProvider.KIND, Map.of());
        FailingStorage fs = FailingStorageProvider.last();
        try {
            fs.failNext(Op.LOAD, 1);
            try (WsClient refused = WsClient.connect(again.port(), "slow")) {
                assertThat(refused.awaitClose()).isEqualTo(new WsClient.Closed(1011, "failed to load room: storage error"));
            }
            fs.delay(Op.LOAD, Duration.ofMillis(800));
            List<CompletableFuture<Set<String>>> seen = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                seen.add(CompletableFuture.supplyAsync(() -> {
                    try (WsClient c = WsClient.connect(again.port(), "slow")) {
                        // the first thing a client gets is the loaded room's step 1, never an empty one
                        assertThat(c.nextStep1()).isEqualTo(expectedSv);
                        return Docs.keys(c.fullState());
                    }
                }));
            }
            for (CompletableFuture<Set<String>> f : seen) {
                assertThat(f.join()).hasSize(10);
            }
        } finally {
            fs.heal();
            again.stop();
        }
    }

    @Test
    void aClientReconnectingWhileTheRoomIsBeingEvictedGetsEverything() {
        EpicenterServer s = start(FailingStorageProvider.KIND, Map.of("plugins.sync.eviction-delay", "PT0.1S"));
        FailingStorage fs = FailingStorageProvider.last();
        try {
            fs.delay(Op.COMPACT, Duration.ofMillis(600)); // eviction is slow to store the room
            Docs.Writer w = new Docs.Writer(91);
            try (WsClient a = WsClient.connect(s.port(), "evicting")) {
                a.nextStep1();
                a.sendUpdateAnd102(w.set("one", 1), 1);
                a.next(Frames::isSyncStatus);
            }
            sleep(250); // eviction started: compacting
            try (WsClient b = WsClient.connect(s.port(), "evicting")) {
                assertThat(Docs.keys(b.fullState())).containsExactly("one");
                b.sendUpdateAnd102(w.set("two", 2), 2);
                b.next(Frames::isSyncStatus);
            }
            StorageRestartTest.await(() -> StorageRestartTest.syncStatus(s).path("rooms").asInt(-1) == 0);
            try (WsClient c = WsClient.connect(s.port(), "evicting")) {
                assertThat(Docs.keys(c.fullState())).containsExactlyInAnyOrder("one", "two");
            }
            // and the same with a failing compaction: the room stays loaded until it can be stored
            fs.heal().failAlways(Op.COMPACT);
            sleep(500);
            assertThat(StorageRestartTest.syncStatus(s).path("rooms").asInt(-1)).isEqualTo(1);
            fs.heal();
            StorageRestartTest.await(() -> StorageRestartTest.syncStatus(s).path("rooms").asInt(-1) == 0);
        } finally {
            fs.heal();
            s.stop();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
