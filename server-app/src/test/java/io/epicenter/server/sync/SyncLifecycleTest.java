package io.epicenter.server.sync;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import io.epicenter.crdt.update.Updates;
import io.epicenter.server.testing.Await;
import io.epicenter.server.testing.Frames;
import io.epicenter.server.testing.RawWsClient;
import io.epicenter.server.testing.WsClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Eviction, keepalive, slow consumers and shutdown. */
class SyncLifecycleTest {

    @Test
    void roomsAreEvictedAfterTheDelayAndAReconnectDuringTheDelayKeepsTheState() {
        try (SyncFixture fx = SyncFixture.start(Map.of("plugins.sync.eviction-delay", "PT1.5S"))) {
            byte[] u = Frames.textInsert(31, "keep me");
            WsClient a = fx.connect("l-evict");
            a.serverStep1();
            a.send(Frames.update(u));
            a.send(new byte[] {102});
            a.next();
            a.close();
            Await.await("room draining", () -> fx.status().path("roomsByState").path("draining").asInt() == 1);

            // back within the delay: the same room, same state, eviction cancelled
            WsClient b = fx.connect("l-evict");
            assertThat(b.serverStep1()).isEqualTo(Updates.encodeStateVectorFromUpdate(u));
            SyncFixture.sleep(Duration.ofMillis(2500));
            assertThat(fx.rooms()).isEqualTo(1);
            WsClient c = fx.connect("l-evict");
            assertThat(c.serverStep1()).isEqualTo(Updates.encodeStateVectorFromUpdate(u));
            b.close();
            c.close();

            // gone after the delay; the store kept it: the room loads again with its state
            Await.await("room evicted", () -> fx.rooms() == 0);
            WsClient d = fx.connect("l-evict");
            assertThat(d.serverStep1()).isEqualTo(Updates.encodeStateVectorFromUpdate(u));
        }
    }

    @Test
    void aPeerThatNeverAnswersPingsIsClosed() throws IOException {
        try (SyncFixture fx = SyncFixture.start(Map.of("plugins.sync.ping-interval", "PT1S"));
             RawWsClient raw = RawWsClient.open(fx.port(), "/sync/l-ping")) {
            WsClient healthy = fx.connect("l-ping");
            healthy.serverStep1();
            RawWsClient.Frame close = raw.readUntilClose(); // reads pings, never answers them
            assertThat(close.closeCode()).isEqualTo(1001);
            assertThat(close.closeReason()).isEqualTo("ping timeout");
            SyncFixture.sleep(Duration.ofMillis(2500));
            healthy.send(Frames.QUERY_AWARENESS); // the JDK client answers pings: still open
            assertThat(healthy.next()).isEqualTo(new byte[] {1, 1, 0});
            Await.await("one connection left", () -> fx.connections() == 1);
        }
    }

    @Test
    void aSlowConsumerIsClosedWith1013WithoutBlockingTheOthers() throws IOException {
        try (SyncFixture fx = SyncFixture.start(Map.of("plugins.sync.max-queued-bytes", String.valueOf(256 * 1024),
                                                       "plugins.sync.close-timeout", "PT30S",
                                                       "plugins.sync.ping-interval", "PT60S"));
             RawWsClient slow = RawWsClient.open(fx.port(), "/sync/l-slow", Map.of(), 4096)) {
            WsClient writer = fx.connect("l-slow");
            WsClient reader = fx.connect("l-slow");
            writer.serverStep1();
            reader.serverStep1();
            Await.await("three connections", () -> fx.connections() == 3);
            // the slow client stops reading; ~16 MB go out to the room
            for (int i = 0; i < 16; i++) {
                byte[] u = Frames.textInsert(1000 + i, "z".repeat(1024 * 1024));
                writer.send(Frames.update(u));
                assertThat(reader.next(f -> Frames.isSync(f, 2))).isEqualTo(Frames.update(u)); // never blocked
            }
            Await.await("slow consumer dropped", () -> fx.connections() == 2);
            // once it reads again it finds the close frame after what was in flight
            RawWsClient.Frame close = slow.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(1013);
            assertThat(close.closeReason()).contains("queue overflow");
            writer.send(new byte[] {102, 1});
            assertThat(writer.next()).isEqualTo(new byte[] {102, 1});
        }
    }

    @Test
    void stopClosesEveryConnectionWith1001() {
        SyncFixture fx = SyncFixture.start(Map.of());
        WsClient a = fx.connect("l-stop-1");
        WsClient b = fx.connect("l-stop-2");
        a.serverStep1();
        b.serverStep1();
        fx.server.stop();
        assertThat(a.awaitClose()).isEqualTo(new WsClient.Closed(1001, "server shutting down"));
        assertThat(b.awaitClose()).isEqualTo(new WsClient.Closed(1001, "server shutting down"));
    }
}
