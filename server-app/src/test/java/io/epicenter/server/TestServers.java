package io.epicenter.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.epicenter.server.config.ConfigLoader;
import io.helidon.config.Config;

/** Starts the production wiring ({@link EpicenterServer#start}) on an ephemeral port for tests. */
public final class TestServers {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServers() {
    }

    /**
     * @param overrides config keys (as CLI flags would set them); port defaults to 0
     * @return a started server; stop it when done
     */
    public static EpicenterServer start(Map<String, String> overrides) {
        return EpicenterServer.start(config(overrides));
    }

    /** @return the merged config with these overrides, port 0 and no environment */
    public static Config config(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>();
        all.put("server.port", "0");
        all.put("server.host", "127.0.0.1");
        // tests keep rooms in memory unless they say otherwise (storage.kind=sqlite with a temp storage.data-dir)
        all.put("storage.kind", "memory");
        all.putAll(overrides);
        return ConfigLoader.load(all, Optional.empty(), Map.of());
    }

    /** GET a path and return the response. */
    public static HttpResponse<String> get(EpicenterServer server, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                                     .timeout(Duration.ofSeconds(10)).GET().build(),
                             HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RuntimeException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }
}
