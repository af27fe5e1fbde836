package io.epicenter.server.workspace;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.epicenter.server.EpicenterServer;
import io.epicenter.server.config.ConfigLoader;

/** A server (production wiring) with the test workspace "blog" defined in a temp dir, plus HTTP helpers. */
final class WorkspaceFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Every field type; a kv section. */
    static final String BLOG = """
            id: blog
            name: Blog
            tables:
              posts:
                id: id
                title: { type: text, required: true }
                views: integer
                rating: real
                published: boolean
                day: date
                updated: datetime
                status: { type: select, options: [draft, live] }
                tags: { type: tags, options: [a, b, c] }
                meta: json
              notes:
                key: id
                text: text
            kv:
              theme: { type: select, options: [light, dark] }
              per-page: integer
            """;

    final EpicenterServer server;

    private WorkspaceFixture(EpicenterServer server) {
        this.server = server;
    }

    /**
     * @param dir a temp dir (definitions go to dir/workspaces)
     * @param overrides more config
     */
    static WorkspaceFixture start(Path dir, Map<String, String> overrides) throws IOException {
        return start(dir, overrides, Map.of());
    }

    /** @param env environment variables as the config loader reads them (list keys comma-separated) */
    static WorkspaceFixture start(Path dir, Map<String, String> overrides, Map<String, String> env) throws IOException {
        Path defs = Files.createDirectories(dir.resolve("workspaces"));
        Files.writeString(defs.resolve("blog.yaml"), BLOG);
        Map<String, String> all = new HashMap<>();
        all.put("plugins.workspace.dir", defs.toString());
        all.put("server.plugins-dir", dir.resolve("plugins").toString());
        all.put("storage.kind", "memory");
        all.putAll(overrides);
        all.putIfAbsent("server.port", "0");
        all.putIfAbsent("server.host", "127.0.0.1");
        return new WorkspaceFixture(EpicenterServer.start(ConfigLoader.load(all, Optional.empty(), env)));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> call(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RuntimeException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    HttpResponse<String> get(String path, String... headers) {
        return call("GET", path, null, headers);
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return call("POST", path, body, headers);
    }

    HttpResponse<String> put(String path, String body, String... headers) {
        return call("PUT", path, body, headers);
    }

    HttpResponse<String> delete(String path, String... headers) {
        return call("DELETE", path, null, headers);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
