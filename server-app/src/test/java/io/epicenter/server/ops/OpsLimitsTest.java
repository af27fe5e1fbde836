package io.epicenter.server.ops;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.epicenter.server.EpicenterServer;
import io.epicenter.server.TestServers;
import io.epicenter.server.testing.Frames;
import io.epicenter.server.testing.RawWsClient;
import org.junit.jupiter.api.Test;

import static io.epicenter.server.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Each limit of plugins.sync.limits.*: the refusal the client sees, and that it is counted. */
class OpsLimitsTest {

    private static EpicenterServer start(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        m.put("storage.kind", "memory");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return TestServers.start(m);
    }

    private static long refusals(EpicenterServer s, String limit) {
        return Scrape.of(s).count("epicenter_sync_limit_refusals_total", "limit", limit);
    }

    @Test
    void anUpdatePastTheDocumentSizeIsRefusedWith1008AndTheRoomIsUnchanged() throws IOException {
        EpicenterServer s = start("plugins.sync.limits.max-document-bytes", "100");
        try (RawWsClient a = RawWsClient.open(s.port(), "/sync/doc-size"); RawWsClient b = RawWsClient.open(s.port(), "/sync/doc-size")) {
            a.next(0);
            b.next(0);
            a.sendBinary(Frames.update(Frames.textInsert(1, 0, "small")));
            b.next(0); // relayed
            a.sendBinary(Frames.update(Frames.textInsert(2, 0, "x".repeat(200))));
            RawWsClient.Closed closed = a.awaitClose();
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).startsWith("document too large");
            // b stays connected and never got the refused update
            b.sendBinary(Frames.syncStatus(5));
            assertThat(b.next()).isEqualTo(Frames.syncStatus(5));
            assertThat(Scrape.of(s).count("epicenter_sync_updates_applied_total")).isEqualTo(1);
            assertThat(refusals(s, "document_size")).isEqualTo(1);
        } finally {
            s.stop();
        }
    }

    @Test
    void aConnectionThatWouldLoadOneRoomTooManyIsToldToRetryAndLoadedRoomsKeepWorking() throws IOException {
        EpicenterServer s = start("plugins.sync.limits.max-rooms", "2");
        try (RawWsClient a = RawWsClient.open(s.port(), "/sync/r1"); RawWsClient b = RawWsClient.open(s.port(), "/sync/r2");
             RawWsClient c = RawWsClient.open(s.port(), "/sync/r3"); RawWsClient a2 = RawWsClient.open(s.port(), "/sync/r1")) {
            a.next(0);
            b.next(0);
            RawWsClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(1013);
            assertThat(closed.reason()).startsWith("try again later: room limit reached");
            a2.next(0); // a loaded room still admits connections
            a.sendBinary(Frames.update(Frames.textInsert(1, 0, "still works")));
            assertThat(a2.next(0)).isNotEmpty();
            assertThat(refusals(s, "rooms")).isEqualTo(1);
            assertThat(Scrape.of(s).count("epicenter_sync_connection_closes_total", "by", "server", "code", "1013")).isEqualTo(1);
        } finally {
            s.stop();
        }
    }

    @Test
    void connectionLimitsTotalPerRoomAndPerAddressCloseWith1013() throws IOException {
        EpicenterServer s = start("plugins.sync.limits.max-connections", "3", "plugins.sync.limits.max-connections-per-room", "2");
        try (RawWsClient a = RawWsClient.open(s.port(), "/sync/c1"); RawWsClient b = RawWsClient.open(s.port(), "/sync/c1")) {
            a.next(0);
            b.next(0);
            try (RawWsClient full = RawWsClient.open(s.port(), "/sync/c1")) {
                RawWsClient.Closed closed = full.awaitClose();
                assertThat(closed.code()).isEqualTo(1013);
                assertThat(closed.reason()).isEqualTo("try again later: room is full (2 connections)");
            }
            try (RawWsClient c = RawWsClient.open(s.port(), "/sync/c2")) {
                c.next(0);
                try (RawWsClient over = RawWsClient.open(s.port(), "/sync/c3")) {
                    RawWsClient.Closed closed = over.awaitClose();
                    assertThat(closed.code()).isEqualTo(1013);
                    assertThat(closed.reason()).isEqualTo("try again later: server connection limit reached (3)");
                }
            }
            assertThat(refusals(s, "room_connections")).isEqualTo(1);
            assertThat(refusals(s, "connections")).isEqualTo(1);
        } finally {
            s.stop();
        }

        EpicenterServer p = start("plugins.sync.limits.max-connections-per-address", "1");
        try (RawWsClient a = RawWsClient.open(p.port(), "/sync/p1"); RawWsClient b = RawWsClient.open(p.port(), "/sync/p2",
                                                                             Map.of("X-Forwarded-For", "203.0.113.9"), 0)) {
            a.next(0);
            // X-Forwarded-For is not trusted by default: same address
            RawWsClient.Closed closed = b.awaitClose();
            assertThat(closed.code()).isEqualTo(1013);
            assertThat(closed.reason()).isEqualTo("try again later: too many connections from your address (limit 1)");
            assertThat(refusals(p, "address_connections")).isEqualTo(1);
            assertThat(Scrape.of(p).count("epicenter_sync_client_addresses")).isEqualTo(1);
        } finally {
            p.stop();
        }
    }

    @Test
    void trustedForwardedForIsTheClientAddress() throws IOException {
        EpicenterServer s = start("plugins.sync.limits.max-connections-per-address", "1",
                                  "plugins.sync.limits.trust-forwarded-for", "true");
        try (RawWsClient a = RawWsClient.open(s.port(), "/sync/f", Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.1"), 0);
             RawWsClient b = RawWsClient.open(s.port(), "/sync/f", Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.2"), 0);
             RawWsClient c = RawWsClient.open(s.port(), "/sync/f", Map.of("X-Forwarded-For", "203.0.113.1"), 0)) {
            a.next(0);
            b.next(0); // the last entry (what our proxy saw) counts, not what the client claimed before it
            assertThat(c.awaitClose().code()).isEqualTo(1013);
            assertThat(Scrape.of(s).count("epicenter_sync_client_addresses")).isEqualTo(2);
        } finally {
            s.stop();
        }
        await("addresses released", () -> true);
    }

    @Test
    void updatesBeyondTheRateAreRefusedWith1008() throws IOException {
        EpicenterServer s = start("plugins.sync.limits.updates-per-second", "0.001", "plugins.sync.limits.update-burst", "3");
        try (RawWsClient a = RawWsClient.open(s.port(), "/sync/rate")) {
            a.next(0);
            for (int i = 0; i < 4; i++) {
                a.sendBinary(Frames.update(Frames.textInsert(1, i, "x")));
            }
            RawWsClient.Closed closed = a.awaitClose();
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).startsWith("update rate limit exceeded");
            assertThat(Scrape.of(s).count("epicenter_sync_updates_applied_total")).isEqualTo(3);
            assertThat(refusals(s, "update_rate")).isEqualTo(1);
        } finally {
            s.stop();
        }
    }

    @Test
    void awarenessBeyondTheRateIsCoalescedToTheLatestStateAndDroppedOnlyPastTheBuffer() throws IOException {
        EpicenterServer s = start("plugins.sync.limits.awareness-per-second", "2", "plugins.sync.limits.awareness-burst", "1");
        try (RawWsClient a = RawWsClient.open(s.port(), "/sync/aw"); RawWsClient b = RawWsClient.open(s.port(), "/sync/aw")) {
            a.next(0);
            b.next(0);
            a.sendBinary(Frames.awareness(1, 1, "{\"c\":1}")); // within the budget: relayed as is
            assertThat(Frames.awarenessEntries(b.next(1))).containsExactly("1:1");
            for (int clock = 2; clock <= 5; clock++) {
                a.sendBinary(Frames.awareness(1, clock, "{\"c\":" + clock + "}"));
            }
            // the latest state arrives; the states in between may have been skipped (coalesced)
            List<String> seen = new java.util.ArrayList<>();
            while (!seen.contains("1:5")) {
                seen.addAll(Frames.awarenessEntries(b.next(1)));
            }
            assertThat(seen.size()).isLessThanOrEqualTo(4);
            Scrape sc = Scrape.of(s);
            assertThat(sc.count("epicenter_sync_awareness_coalesced_total")).isGreaterThanOrEqualTo(1);
            assertThat(sc.count("epicenter_sync_awareness_dropped_total")).isZero();

            // one message with 70 client ids while over budget: 64 are kept, 6 dropped
            a.sendBinary(Frames.awareness(1, 6, "{}"));
            Object[] many = new Object[70 * 3];
            for (int i = 0; i < 70; i++) {
                many[3 * i] = 100 + i;
                many[3 * i + 1] = 1;
                many[3 * i + 2] = "{}";
            }
            a.sendBinary(Frames.awareness(many));
            await("dropped counted", () -> Scrape.of(s).count("epicenter_sync_awareness_dropped_total") >= 6);
        } finally {
            s.stop();
        }
    }

    @Test
    void aRefusedConnectionThatKeepsSendingIsCutAfterThePreAdmissionBudget() throws IOException {
        EpicenterServer s = start("auth.token", "s3cret", "plugins.sync.close-timeout", "PT60S",
                                  "plugins.sync.limits.preauth-messages", "4");
        try (RawWsClient c = RawWsClient.open(s.port(), "/sync/pre")) {
            RawWsClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(4401);
            // never answer the close; keep sending: without the budget the server would read (and
            // drop) everything until close-timeout (60 s) cuts the connection
            try {
                for (int i = 0; i < 10; i++) {
                    c.sendBinary(Frames.update(Frames.textInsert(1, i, "x")));
                }
            } catch (IOException e) {
                // already cut
            }
            assertThat(c.awaitEof()).isTrue();
            assertThat(refusals(s, "preauth")).isEqualTo(1);
            assertThat(Scrape.of(s).count("epicenter_sync_updates_applied_total")).isZero();
        } finally {
            s.stop();
        }
    }
}
