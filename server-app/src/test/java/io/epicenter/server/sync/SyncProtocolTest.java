package io.epicenter.server.sync;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.epicenter.crdt.doc.Doc;
import io.epicenter.crdt.update.Updates;
import io.epicenter.server.TestServers;
import io.epicenter.server.testing.Await;
import io.epicenter.server.testing.Frames;
import io.epicenter.server.testing.RawWsClient;
import io.epicenter.server.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.epicenter.server.sync.SyncFixture.b64;
import static io.epicenter.server.sync.SyncFixture.basicCase;
import static io.epicenter.server.sync.SyncFixture.protocolFrame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The y-websocket protocol as served at /sync/{roomId}, with real Yjs bytes from the shared vectors.
 * Rooms hold documents here (the default); {@link SyncProtocolLogTest} runs the same with update logs.
 */
class SyncProtocolTest {

    private static final Duration QUIET = Duration.ofMillis(300);
    static SyncFixture fx;
    /** {@code plugins.sync.room-state} of {@link #fx} */
    static String roomState;

    @BeforeAll
    static void start() {
        fx = SyncFixture.start(Map.of()); // the default: document
        roomState = "document";
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static List<byte[]> updates(JsonNode c) {
        List<byte[]> out = new ArrayList<>();
        c.path("updates").forEach(u -> out.add(b64(u)));
        return out;
    }

    @Test
    void emptyRoomHandshakeIsByteExact() {
        WsClient a = fx.connect("p-empty");
        assertThat(a.next()).isEqualTo(protocolFrame("sync-step1-empty-doc"));
        a.send(protocolFrame("sync-step1-empty-doc"));
        assertThat(a.next()).isEqualTo(new byte[] {0, 1, 2, 0, 0}); // an empty step 2 is still sent
        a.expectNothing(QUIET);
    }

    @Test
    void updatesReachOthersButNotTheSenderAndLateJoinersGetEverything() {
        JsonNode abc = basicCase("text-insert-abc");
        byte[] u = b64(abc.path("updates").get(0));
        WsClient a = fx.connect("p-bcast");
        WsClient b = fx.connect("p-bcast");
        WsClient c = fx.connect("p-bcast");
        a.serverStep1();
        b.serverStep1();
        c.serverStep1();

        a.send(Frames.update(u));
        assertThat(b.next()).isEqualTo(Frames.update(u));
        assertThat(c.next()).isEqualTo(Frames.update(u));
        a.expectNothing(QUIET);

        // a step 2 from a client is applied and relayed as an update
        JsonNode map = basicCase("map-set-basic");
        byte[] m = b64(map.path("updates").get(0));
        b.send(Frames.step2(m));
        assertThat(a.next()).isEqualTo(Frames.update(m));
        assertThat(c.next()).isEqualTo(Frames.update(m));
        b.expectNothing(QUIET);

        WsClient late = fx.connect("p-bcast");
        byte[] expectedSv = Updates.encodeStateVectorFromUpdate(Updates.mergeUpdates(List.of(u, m)));
        assertThat(late.serverStep1()).isEqualTo(expectedSv);
        byte[] state = late.syncFromEmpty();
        assertThat(Updates.encodeStateVectorFromUpdate(state)).isEqualTo(expectedSv);
    }

    @Test
    void stepOneWithAStateVectorGetsOnlyTheDiff() {
        JsonNode typing = basicCase("text-append-char-by-char");
        List<byte[]> us = updates(typing);
        WsClient a = fx.connect("p-diff");
        a.serverStep1();
        for (byte[] u : us) {
            a.send(Frames.update(u));
        }
        // sync status round trip: all five are applied now
        a.send(new byte[] {102, 1});
        assertThat(a.next()).isEqualTo(new byte[] {102, 1});

        WsClient b = fx.connect("p-diff");
        assertThat(b.serverStep1()).isEqualTo(b64(typing.path("expected").path("stateVector")));
        byte[] sv = Updates.encodeStateVectorFromUpdate(Updates.mergeUpdates(us.subList(0, 2)));
        b.send(Frames.step1(sv));
        byte[] diff = Frames.parseSync(b.next(f -> Frames.isSync(f, 1))).payload();
        // the bytes depend on the room's representation: encodeStateAsUpdate(sv) of a document (which
        // has merged the typed characters into one item), or Yjs's diffUpdate of the merged log
        Doc all = doc(us);
        assertThat(diff).isEqualTo(roomState.equals("log") ? Updates.diffUpdate(Updates.mergeUpdates(us), sv)
                                                            : all.encodeStateAsUpdate(sv));
        assertThat(diff.length).isLessThan(Updates.mergeUpdates(us).length);
        Doc peer = doc(us.subList(0, 2));
        peer.applyUpdate(diff);
        assertThat(peer.encodeStateAsUpdate()).isEqualTo(all.encodeStateAsUpdate());
    }

    private static Doc doc(List<byte[]> updates) {
        Doc d = new Doc(1, true);
        updates.forEach(d::applyUpdate);
        return d;
    }

    @Test
    void syncStatusIsEchoedOnlyToItsSenderAfterItsUpdatesWereApplied() {
        List<byte[]> us = updates(basicCase("text-concurrent-4-clients-with-deletes"));
        WsClient a = fx.connect("p-102");
        WsClient b = fx.connect("p-102");
        a.serverStep1();
        b.serverStep1();
        for (byte[] u : us) {
            a.send(Frames.update(u));
        }
        byte[] status = {102, 7, 1, 2, 3}; // payload is opaque to the server: echoed exactly
        a.send(status);
        assertThat(a.next()).isEqualTo(status);
        // everything a sent before the status is in the room by now
        WsClient late = fx.connect("p-102");
        assertThat(late.serverStep1()).isEqualTo(Updates.encodeStateVectorFromUpdate(Updates.mergeUpdates(us)));
        for (byte[] u : us) {
            assertThat(b.next()).isEqualTo(Frames.update(u));
        }
        b.expectNothing(QUIET); // never the 102
    }

    @Test
    void awarenessIsRelayedRememberedAndQueried() {
        byte[] two = protocolFrame("awareness-two-clients");
        WsClient a = fx.connect("p-aw");
        WsClient b = fx.connect("p-aw");
        a.serverStep1();
        b.serverStep1();
        a.send(two);
        assertThat(b.next()).isEqualTo(two); // relayed as is
        a.expectNothing(QUIET);              // not back to the sender

        WsClient c = fx.connect("p-aw");
        c.serverStep1();
        assertThat(Frames.parseAwareness(c.next())).containsOnlyKeys(101L, 202L); // present states on connect
        c.send(Frames.QUERY_AWARENESS);
        Map<Long, String> answer = Frames.parseAwareness(c.next());
        assertThat(answer).containsOnlyKeys(101L, 202L);
        assertThat(answer.get(101L)).contains("Alice");

        // stale clock: not accepted, not relayed
        a.send(Frames.awareness(101, 1, "{\"user\":\"stale\"}"));
        b.expectNothing(QUIET);

        WsClient lonely = fx.connect("p-aw-empty");
        lonely.serverStep1();
        lonely.send(Frames.QUERY_AWARENESS);
        assertThat(lonely.next()).isEqualTo(new byte[] {1, 1, 0});
    }

    @Test
    void awarenessOfAClosedConnectionIsRemovedForAllItsIds() {
        WsClient a = fx.connect("p-aw-close");
        WsClient b = fx.connect("p-aw-close");
        a.serverStep1();
        b.serverStep1();
        a.send(Frames.awareness(5, 1, "{\"user\":\"x\"}"));
        a.send(Frames.awareness(6, 3, "{\"user\":\"y\"}"));
        b.next();
        b.next();
        a.close();
        byte[] removal = b.next();
        assertThat(Frames.parseAwareness(removal)).containsEntry(5L, null).containsEntry(6L, null).hasSize(2);
        assertThat(Frames.awarenessClocks(removal)).containsEntry(5L, 2L).containsEntry(6L, 4L);
        b.send(Frames.QUERY_AWARENESS);
        assertThat(b.next()).isEqualTo(new byte[] {1, 1, 0});
    }

    @Test
    void awarenessOfADroppedConnectionIsRemoved() {
        WsClient a = fx.connect("p-aw-drop");
        WsClient b = fx.connect("p-aw-drop");
        a.serverStep1();
        b.serverStep1();
        a.send(protocolFrame("awareness-two-clients"));
        b.next();
        int before = fx.connections();
        a.abort(); // TCP gone, no close frame: Helidon calls nothing
        byte[] removal = b.next();
        assertThat(Frames.parseAwareness(removal)).containsEntry(101L, null).containsEntry(202L, null);
        Await.await("connection count drops", () -> fx.connections() == before - 1);
    }

    @Test
    void deliveryRuleHoldsWhenADependencyArrivesLaterFromAnotherConnection() {
        JsonNode cross = basicCase("pending-cross-client-dependency");
        List<byte[]> us = updates(cross); // [41 extends 40 (pending), 40's second, 40's first]
        WsClient a = fx.connect("p-deliver");
        WsClient b = fx.connect("p-deliver");
        WsClient c = fx.connect("p-deliver");
        WsClient observer = fx.connect("p-deliver");
        for (WsClient x : List.of(a, b, c, observer)) {
            x.serverStep1();
        }
        a.send(Frames.update(us.get(0)));
        b.send(Frames.update(us.get(1)));
        c.send(Frames.update(us.get(2)));
        // every connection ends up with everything it lacks, including what its own message made integrable
        assertThat(List.of(a.next(), a.next())).containsExactlyInAnyOrder(Frames.update(us.get(1)), Frames.update(us.get(2)));
        assertThat(List.of(b.next(), b.next())).containsExactlyInAnyOrder(Frames.update(us.get(0)), Frames.update(us.get(2)));
        assertThat(List.of(c.next(), c.next())).containsExactlyInAnyOrder(Frames.update(us.get(0)), Frames.update(us.get(1)));
        assertThat(List.of(observer.next(), observer.next(), observer.next()))
                .containsExactlyInAnyOrder(Frames.update(us.get(0)), Frames.update(us.get(1)), Frames.update(us.get(2)));

        WsClient late = fx.connect("p-deliver");
        byte[] expectedSv = b64(cross.path("expected").path("stateVector"));
        assertThat(late.serverStep1()).isEqualTo(expectedSv);
        assertThat(Updates.encodeStateVectorFromUpdate(late.syncFromEmpty())).isEqualTo(expectedSv);
    }

    @Test
    void pendingStructsThatNeverResolveAreKeptForLateJoiners() {
        JsonNode unresolved = basicCase("pending-unresolved");
        List<byte[]> us = updates(unresolved);
        WsClient a = fx.connect("p-pending");
        a.serverStep1();
        for (byte[] u : us) {
            a.send(Frames.update(u));
        }
        a.send(new byte[] {102});
        assertThat(a.next()).isEqualTo(new byte[] {102});
        WsClient late = fx.connect("p-pending");
        late.serverStep1();
        byte[] state = late.syncFromEmpty();
        assertThat(state).isEqualTo(Updates.mergeUpdates(us)); // nothing dropped
    }

    @Test
    void unknownMessageTypesAreIgnoredAndTheConnectionStaysOpen() {
        WsClient a = fx.connect("p-unknown");
        a.serverStep1();
        a.send(new byte[] {77, 1, 2, 3});
        a.send(protocolFrame("auth-permission-denied")); // type 2 from a client: not for the server
        a.send(Frames.QUERY_AWARENESS);
        assertThat(a.next()).isEqualTo(new byte[] {1, 1, 0});
        assertThat(a.isOpen()).isTrue();
    }

    @Test
    void clientPingsAreAnswered() throws Exception {
        WsClient a = fx.connect("p-ping");
        a.serverStep1();
        a.ws.sendPing(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8))).join();
        ByteBuffer pong = a.pongs.poll(WsClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(pong).isNotNull();
        byte[] b = new byte[pong.remaining()];
        pong.get(b);
        assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void serverPingsKeepHealthyConnectionsOpen() {
        WsClient a = fx.connect("p-keepalive");
        a.serverStep1();
        SyncFixture.sleep(Duration.ofMillis(4500)); // > 2 ping intervals; the JDK client answers pings
        a.send(Frames.QUERY_AWARENESS);
        assertThat(a.next()).isEqualTo(new byte[] {1, 1, 0});
    }

    @Test
    void roomIdsAreValidatedBeforeTheUpgrade() throws Exception {
        Map<String, String> none = Map.of();
        assertThat(WsClient.refusedStatus(fx.rawUri("/sync/"), none)).isEqualTo(400);
        assertThat(WsClient.refusedStatus(fx.rawUri("/sync/a%2Fb"), none)).isEqualTo(400);
        assertThat(WsClient.refusedStatus(fx.rawUri("/sync/%2F"), none)).isEqualTo(400);
        assertThat(WsClient.refusedStatus(fx.rawUri("/sync/a/b"), none)).isEqualTo(400);
        assertThat(WsClient.refusedStatus(fx.rawUri("/sync/" + "a".repeat(513)), none)).isEqualTo(400);
        assertThat(WsClient.refusedStatus(fx.rawUri("/sync/%C3%A9" + "a".repeat(511)), none)).isEqualTo(400);
        assertThat(RawWsClient.upgradeStatus(fx.port(), "/sync/%zz")).startsWith("HTTP/1.1 400");
        assertThat(RawWsClient.upgradeStatus(fx.port(), "/sync/%ff")).startsWith("HTTP/1.1 400");
        assertThat(RawWsClient.upgradeStatus(fx.port(), "/sync/ok%20room?token=x")).startsWith("HTTP/1.1 101");

        // the limits themselves are fine, and ids are percent-decoded UTF-8
        fx.track(WsClient.connect(fx.rawUri("/sync/" + "a".repeat(512)))).serverStep1();
        WsClient e1 = fx.track(WsClient.connect(fx.rawUri("/sync/caf%C3%A9%20x")));
        WsClient e2 = fx.connect("café x");
        e1.serverStep1();
        e2.serverStep1();
        byte[] u = b64(basicCase("text-insert-abc").path("updates").get(0));
        e1.send(Frames.update(u));
        assertThat(e2.next()).isEqualTo(Frames.update(u)); // the same room
    }

    @Test
    void rootAndHealthReportRoomsAndConnections() {
        int conns = fx.connections();
        WsClient a = fx.connect("p-status-1");
        WsClient b = fx.connect("p-status-2");
        a.serverStep1();
        b.serverStep1();
        Await.await("two more connections", () -> fx.connections() == conns + 2);
        assertThat(fx.rooms()).isGreaterThanOrEqualTo(2);
        assertThat(fx.status().path("roomsByState").path("active").asInt()).isGreaterThanOrEqualTo(2);
        String health = TestServers.get(fx.server, "/observe/health").body();
        assertThat(health).contains("\"sync\"", "\"rooms\"", "\"connections\"");
        a.close();
        b.close();
        Await.await("connections back", () -> fx.connections() == conns);
    }
}
