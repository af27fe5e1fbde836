package io.epicenter.server.sync;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.epicenter.server.EpicenterServer;
import io.epicenter.server.TestServers;
import io.epicenter.server.config.ConfigLoader;
import io.epicenter.server.testing.WsClient;

/** A running server (production wiring) with the sync plugin, plus helpers. */
final class SyncFixture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final EpicenterServer server;
    private final List<WsClient> clients = new ArrayList<>();

    private SyncFixture(EpicenterServer server) {
        this.server = server;
    }

    /** Defaults for tests: short ping and close timeouts so dead connections are found fast. */
    static SyncFixture start(Map<String, String> overrides) {
        return start(overrides, Map.of());
    }

    /** @param env environment variables as ConfigLoader reads them (e.g. list keys, comma-separated) */
    static SyncFixture start(Map<String, String> overrides, Map<String, String> env) {
        Map<String, String> all = new HashMap<>();
        all.put("plugins.sync.ping-interval", "PT2S");
        all.put("plugins.sync.close-timeout", "PT2S");
        all.put("server.port", "0");
        all.put("server.host", "127.0.0.1");
        all.put("storage.kind", "memory"); // no files; storage tests choose sqlite and a temp dir
        all.putAll(overrides);
        return new SyncFixture(EpicenterServer.start(ConfigLoader.load(all, Optional.empty(), env)));
    }

    int port() {
        return server.port();
    }

    URI uri(String room) {
        return URI.create("ws://127.0.0.1:" + port() + "/sync/" + URLEncoder.encode(room, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    URI rawUri(String rawPathAndQuery) {
        return URI.create("ws://127.0.0.1:" + port() + rawPathAndQuery);
    }

    WsClient connect(String room) {
        return track(WsClient.connect(uri(room)));
    }

    WsClient connect(URI uri, Map<String, String> headers) {
        return track(WsClient.connect(uri, headers));
    }

    WsClient track(WsClient c) {
        clients.add(c);
        return c;
    }

    /** @return the sync plugin's entry of {@code GET /} */
    JsonNode status() {
        try {
            return JSON.readTree(TestServers.get(server, "/").body()).path("plugins").path("sync");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    int connections() {
        return status().path("connections").asInt(-1);
    }

    int rooms() {
        return status().path("rooms").asInt(-1);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Reads the shared golden vectors ({@code -Depicenter.shared}). */
    static JsonNode vectors(String file) {
        Path dir = Path.of(System.getProperty("epicenter.shared", "../../shared"), "vectors");
        try {
            return JSON.readTree(Files.readString(dir.resolve(file)));
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read vectors " + dir.resolve(file), e);
        }
    }

    static byte[] b64(JsonNode n) {
        return Base64.getDecoder().decode(n.asText());
    }

    /** @return the named case of updates-basic.json */
    static JsonNode basicCase(String name) {
        for (JsonNode c : vectors("updates-basic.json").path("cases")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no case " + name);
    }

    /** @return the named frame of sync-protocol.json */
    static byte[] protocolFrame(String name) {
        for (JsonNode m : vectors("sync-protocol.json").path("messages")) {
            if (m.path("name").asText().equals(name)) {
                return b64(m.path("base64"));
            }
        }
        throw new AssertionError("no frame " + name);
    }

    @Override
    public void close() {
        for (WsClient c : clients) {
            try {
                c.abort();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        server.stop();
    }
}
