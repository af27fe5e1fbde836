package io.epicenter.server.sync;

import java.util.Map;

import io.epicenter.server.testing.Frames;
import io.epicenter.server.testing.WsClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Browsers send an Origin: any is accepted by default, an allow-list restricts (403 before the upgrade). */
class SyncOriginTest {

    @Test
    void anyOriginIsAcceptedByDefault() {
        try (SyncFixture fx = SyncFixture.start(Map.of())) {
            WsClient c = fx.connect(fx.uri("o-room"), Map.of("Origin", "http://example.com"));
            assertThat(c.serverStep1()).isEqualTo(new byte[] {0});
            WsClient d = fx.connect(fx.uri("o-room"), Map.of("Origin", "https://app.other.example:8443"));
            d.serverStep1();
            d.send(Frames.update(Frames.textInsert(5, "hi")));
            assertThat(c.next()).isEqualTo(Frames.update(Frames.textInsert(5, "hi")));
        }
    }

    @Test
    void anAllowListRefusesOtherOrigins() {
        try (SyncFixture fx = SyncFixture.start(Map.of(), Map.of("EPICENTER_PLUGINS_SYNC_ALLOWED_ORIGINS",
                                                                 "https://app.example, http://localhost:5173"))) {
            assertThat(WsClient.refusedStatus(fx.uri("o-room"), Map.of("Origin", "http://example.com"))).isEqualTo(403);
            assertThat(WsClient.refusedStatus(fx.uri("o-room"), Map.of("Origin", "https://app.example.evil"))).isEqualTo(403);
            fx.connect(fx.uri("o-room"), Map.of("Origin", "https://app.example")).serverStep1();
            fx.connect(fx.uri("o-room"), Map.of("Origin", "HTTP://LOCALHOST:5173")).serverStep1();
            fx.connect(fx.uri("o-room"), Map.of()).serverStep1(); // no Origin: not a browser
        }
    }
}
