package io.epicenter.server.storage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.epicenter.crdt.update.Updates;
import io.epicenter.server.EpicenterServer;
import io.epicenter.server.testing.Frames;
import io.epicenter.server.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The document API over a real SQLite store, with a token. */
class StorageApiTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "s3cret-api-token";
    private static final int MAX = 64 * 1024;

    @TempDir
    static Path dir;
    static EpicenterServer server;

    @BeforeAll
    static void start() {
        server = StorageRestartTest.start(dir, Map.of("auth.token", TOKEN,
                                                      "plugins.sync.max-message-bytes", String.valueOf(MAX)));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static HttpResponse<byte[]> http(EpicenterServer s, String method, String path, String token, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/octet-stream");
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RuntimeException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    private static HttpResponse<byte[]> call(String method, String path, byte[] body) {
        return http(server, method, path, TOKEN, body);
    }

    static JsonNode json(HttpResponse<byte[]> res) {
        try {
            return JSON.readTree(res.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + res.statusCode() + "): " + new String(res.body()), e);
        }
    }

    /** Write keys into a room through the API and wait for durability; @return the updates */
    private static List<byte[]> apiWrite(String room, long client, String... keys) {
        Docs.Writer w = new Docs.Writer(client);
        List<byte[]> updates = new ArrayList<>();
        for (String k : keys) {
            byte[] u = w.set(k, k.toUpperCase());
            updates.add(u);
            HttpResponse<byte[]> res = call("POST", "/rooms/" + room + "/update", u);
            assertThat(res.statusCode()).as(new String(res.body())).isEqualTo(200);
            assertThat(json(res).path("durable").asBoolean()).isTrue();
        }
        return updates;
    }

    @Test
    void withoutTheTokenEveryCallIs401() {
        for (String[] c : new String[][] {{"GET", "/rooms"}, {"GET", "/rooms/x"}, {"GET", "/rooms/x/update"},
                                          {"POST", "/rooms/x/update"}, {"DELETE", "/rooms/x"}}) {
            HttpResponse<byte[]> none = http(server, c[0], c[1], null, c[0].equals("POST") ? new byte[] {0, 0} : null);
            assertThat(none.statusCode()).as(c[0] + " " + c[1]).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(http(server, c[0], c[1], "wrong", null).statusCode()).isEqualTo(401);
        }
        assertThat(new String(http(server, "GET", "/rooms", null, null).body())).doesNotContain(TOKEN);
    }

    @Test
    void exportApplyToAnotherRoomGivesTheSameContentAndADiffWithAStateVector() {
        List<byte[]> src = apiWrite("api-src", 41, "alpha", "beta", "gamma");
        HttpResponse<byte[]> export = call("GET", "/rooms/api-src/update", null);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/octet-stream"));
        assertThat(Docs.map(export.body())).containsEntry("alpha", "ALPHA").containsEntry("gamma", "GAMMA").hasSize(3);

        // a client of the target room sees the applied update at once
        try (WsClient watcher = WsClient.connect(server.port(), "api-dst", TOKEN)) {
            watcher.nextStep1();
            HttpResponse<byte[]> applied = call("POST", "/rooms/api-dst/update", export.body());
            assertThat(applied.statusCode()).as(new String(applied.body())).isEqualTo(200);
            JsonNode body = json(applied);
            assertThat(body.path("applied").asBoolean()).isTrue();
            assertThat(body.path("durable").asBoolean()).isTrue();
            byte[] relayed = Frames.payload(watcher.next(m -> Frames.isSync(m, 2)));
            assertThat(Docs.map(relayed)).hasSize(3);
        }
        assertThat(Docs.map(call("GET", "/rooms/api-dst/update", null).body())).isEqualTo(Docs.map(export.body()));

        // diff: a peer that has only the first update gets the rest
        byte[] sv = Updates.encodeStateVectorFromUpdate(src.get(0));
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(sv);
        HttpResponse<byte[]> diff = call("GET", "/rooms/api-src/update?stateVector=" + b64, null);
        assertThat(diff.statusCode()).isEqualTo(200);
        assertThat(Docs.keys(diff.body())).doesNotContain("alpha");
        assertThat(Docs.keys(Updates.mergeUpdates(List.of(src.get(0), diff.body())))).containsExactlyInAnyOrder("alpha", "beta", "gamma");
        // a peer that has everything gets an empty update
        byte[] all = Updates.encodeStateVectorFromUpdate(export.body());
        HttpResponse<byte[]> nothing = call("GET", "/rooms/api-src/update?stateVector="
                + Base64.getUrlEncoder().encodeToString(all), null);
        assertThat(Updates.isEmpty(nothing.body())).isTrue();

        assertThat(call("GET", "/rooms/api-src/update?stateVector=%25%25%25", null).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/rooms/no-such-room/update", null).statusCode()).isEqualTo(404);
    }

    @Test
    void listAndInfoShowLoadedAndStoredRoomsPaged() {
        apiWrite("list-a", 51, "x");
        apiWrite("list-b", 52, "y");
        apiWrite("list-c", 53, "z");
        List<String> ids = new ArrayList<>();
        String after = "list-";
        for (int page = 0; page < 10; page++) {
            JsonNode body = json(call("GET", "/rooms?limit=2&after=" + after, null));
            for (JsonNode r : body.path("rooms")) {
                ids.add(r.path("id").asText());
            }
            if (body.path("next").isNull() || body.path("next").isMissingNode()) {
                break;
            }
            after = body.path("next").asText();
        }
        assertThat(ids).containsSubsequence("list-a", "list-b", "list-c");
        assertThat(ids).doesNotHaveDuplicates();

        JsonNode info = json(call("GET", "/rooms/list-b", null));
        assertThat(info.path("id").asText()).isEqualTo("list-b");
        assertThat(info.path("stored").asBoolean()).isTrue();
        assertThat(info.path("storedBytes").asLong()).isPositive();
        assertThat(info.path("updatesInLog").asLong()).isEqualTo(1);
        assertThat(info.path("loaded").asBoolean()).isTrue();
        assertThat(info.path("connections").asInt()).isZero();
        assertThat(call("GET", "/rooms/never-seen", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/rooms?limit=0", null).statusCode()).isEqualTo(400);
    }

    @Test
    void deleteClosesConnectionsWith4404AndRemovesTheRoomFromStorage() {
        apiWrite("api-del", 61, "gone");
        try (WsClient c = WsClient.connect(server.port(), "api-del", TOKEN)) {
            c.nextStep1();
            HttpResponse<byte[]> del = call("DELETE", "/rooms/api-del", null);
            assertThat(del.statusCode()).as(new String(del.body())).isEqualTo(200);
            assertThat(json(del).path("deleted").asBoolean()).isTrue();
            assertThat(json(del).path("closedConnections").asInt()).isEqualTo(1);
            assertThat(c.awaitClose()).isEqualTo(new WsClient.Closed(4404, "room deleted"));
        }
        assertThat(call("GET", "/rooms/api-del", null).statusCode()).isEqualTo(404); // neither loaded nor stored
        try (WsClient again = WsClient.connect(server.port(), "api-del", TOKEN)) {
            assertThat(again.nextStep1()).isEqualTo(new byte[] {0}); // empty
            assertThat(Docs.keys(again.fullState())).isEmpty();
        }
        assertThat(call("DELETE", "/rooms/never-existed", null).statusCode()).isEqualTo(404);
    }

    @Test
    void corruptUpdatesAre400AndOversizedBodiesAre413() {
        HttpResponse<byte[]> corrupt = call("POST", "/rooms/api-bad/update", new byte[] {5, 1, 2, 3, 4, 5, 6});
        assertThat(corrupt.statusCode()).isEqualTo(400);
        assertThat(json(corrupt).path("error").asText()).startsWith("corrupt update");
        HttpResponse<byte[]> big = call("POST", "/rooms/api-bad/update", new byte[MAX + 1]);
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(json(big).path("error").asText()).contains("too large");
        assertThat(call("GET", "/rooms/api-bad", null).statusCode()).isEqualTo(404); // nothing was created
    }
}
