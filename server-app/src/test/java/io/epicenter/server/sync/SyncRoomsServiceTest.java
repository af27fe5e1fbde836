package io.epicenter.server.sync;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import io.epicenter.crdt.update.Updates;
import io.epicenter.server.TestServers;
import io.epicenter.server.testing.Frames;
import io.epicenter.server.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.epicenter.server.sync.SyncFixture.b64;
import static io.epicenter.server.sync.SyncFixture.basicCase;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another plugin (a real drop-in jar, {@link ProbePlugin}) uses the rooms only through
 * {@code RoomsService} and its own {@code Authorizer}: READ_ONLY access, updates applied in a room's
 * lane, state read back, and the sync protocol mounted on its own path.
 */
class SyncRoomsServiceTest {

    @TempDir
    static Path dir;
    private static SyncFixture fx;

    @BeforeAll
    static void start() throws Exception {
        Path plugins = ProbePlugin.build(dir);
        fx = SyncFixture.start(Map.of("server.plugins-dir", plugins.toString()));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static URI ws(String path, String token) {
        return URI.create("ws://127.0.0.1:" + fx.port() + path + "?token=" + token);
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.port() + path))
                                                       .timeout(Duration.ofSeconds(10))
                                                       .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                               HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readOnlyConnectionsReceiveButTheirUpdatesAreRefused() {
        WsClient writer = fx.connect(ws("/sync/ro-room", "writer"), Map.of());
        WsClient reader = fx.connect(ws("/sync/ro-room", "reader"), Map.of());
        writer.serverStep1();
        reader.serverStep1();
        fx.connect(ws("/sync/ro-room", "nobody"), Map.of()).awaitClose(); // the probe's authorizer denies

        byte[] u = b64(basicCase("text-insert-abc").path("updates").get(0));
        writer.send(Frames.update(u));
        assertThat(reader.next()).isEqualTo(Frames.update(u)); // receives

        byte[] refused = Frames.textInsert(4711, "read only");
        reader.send(Frames.update(refused));
        reader.send(new byte[] {102, 3});
        assertThat(reader.next()).isEqualTo(new byte[] {102, 3}); // processed (and ignored) in order
        writer.expectNothing(Duration.ofMillis(300));
        WsClient check = fx.connect(ws("/sync/ro-room", "writer"), Map.of());
        assertThat(check.serverStep1()).isEqualTo(Updates.encodeStateVectorFromUpdate(u));
        assertThat(reader.isOpen()).isTrue();
    }

    @Test
    void anotherPluginAppliesAndReadsThroughTheLaneAndMountsTheProtocol() throws Exception {
        WsClient viaSync = fx.connect(ws("/sync/probe:doc1", "writer"), Map.of());
        WsClient viaProbe = fx.connect(ws("/probe/ws/doc1", "writer"), Map.of());
        viaSync.serverStep1();
        viaProbe.serverStep1();

        byte[] u = b64(basicCase("map-set-basic").path("updates").get(0));
        assertThat(post("/probe/update/probe:doc1", Base64.getEncoder().encodeToString(u)).body()).isEqualTo("ok");
        assertThat(viaSync.next()).isEqualTo(Frames.update(u));   // origin "probe" is no connection: everyone gets it
        assertThat(viaProbe.next()).isEqualTo(Frames.update(u)); // same room behind both paths

        byte[] state = Base64.getDecoder().decode(TestServers.get(fx.server, "/probe/state/probe:doc1").body());
        assertThat(Updates.encodeStateVectorFromUpdate(state)).isEqualTo(Updates.encodeStateVectorFromUpdate(u));

        HttpResponse<String> bad = post("/probe/update/probe:doc1", Base64.getEncoder().encodeToString(new byte[] {1, 1, 9}));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).startsWith("corrupt update");
        viaSync.expectNothing(Duration.ofMillis(300));
    }
}
