package io.epicenter.server.workspace;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.epicenter.crdt.types.YMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.epicenter.server.workspace.WorkspaceFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Tables and kv over REST, against a real server; Yjs clients on the same document. */
class WorkspaceRestTest {

    @TempDir
    static Path dir;
    private static WorkspaceFixture fx;
    private static final String POSTS = "/workspaces/blog/tables/posts";

    @BeforeAll
    static void start() throws Exception {
        fx = WorkspaceFixture.start(dir, Map.of(), Map.of("EPICENTER_PLUGINS_SYNC_ALLOWED_ORIGINS", "https://app.example"));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static final String FULL = """
            {"id":"p1","title":"Hello","views":3,"rating":4.5,"published":true,"day":"2026-11-25",
             "updated":"2026-11-25T15:30:00Z","status":"live","tags":["a","b"],"meta":{"k":[1,2,{"x":null}],"s":"v"}}
            """;

    @Test
    void crudRoundTripWithEveryFieldType() {
        HttpResponse<String> created = fx.post(POSTS, FULL);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue(POSTS + "/p1");
        assertThat(created.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode row = json(fx.get(POSTS + "/p1"));
        assertThat(row).isEqualTo(json(created));
        assertThat(row.get("title").asText()).isEqualTo("Hello");
        assertThat(row.get("views").isIntegralNumber()).isTrue();
        assertThat(row.get("views").asLong()).isEqualTo(3);
        assertThat(row.get("rating").asDouble()).isEqualTo(4.5);
        assertThat(row.get("published").asBoolean()).isTrue();
        assertThat(row.get("day").asText()).isEqualTo("2026-11-25");
        assertThat(row.get("updated").asText()).isEqualTo("2026-11-25T15:30:00Z");
        assertThat(row.get("status").asText()).isEqualTo("live");
        assertThat(row.get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(row.get("meta").toString()).isEqualTo("{\"k\":[1,2,{\"x\":null}],\"s\":\"v\"}");

        // replace (200): fields not given are removed
        HttpResponse<String> replaced = fx.post(POSTS, "{\"id\":\"p1\",\"title\":\"Again\",\"views\":4}");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(json(replaced).toString()).isEqualTo("{\"id\":\"p1\",\"title\":\"Again\",\"views\":4}");

        // partial update; null removes an optional field
        HttpResponse<String> updated = fx.put(POSTS + "/p1", "{\"views\":null,\"status\":\"draft\",\"tags\":[\"c\"]}");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(json(updated).toString()).isEqualTo("{\"id\":\"p1\",\"title\":\"Again\",\"status\":\"draft\",\"tags\":[\"c\"]}");
        assertThat(json(fx.get(POSTS + "/p1"))).isEqualTo(json(updated));

        assertThat(fx.delete(POSTS + "/p1").statusCode()).isEqualTo(204);
        assertThat(fx.get(POSTS + "/p1").statusCode()).isEqualTo(404);
        assertThat(fx.delete(POSTS + "/p1").statusCode()).isEqualTo(404);
        assertThat(fx.put(POSTS + "/p1", "{\"views\":1}").statusCode()).isEqualTo(404);
    }

    @Test
    void rowIdsArePercentDecoded() {
        HttpResponse<String> r = fx.post("/workspaces/blog/tables/notes", "{\"key\":\"hello wörld+1\",\"text\":\"t\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/workspaces/blog/tables/notes/hello%20w%C3%B6rld%2B1");
        assertThat(json(fx.get(location)).get("key").asText()).isEqualTo("hello wörld+1");
        assertThat(fx.delete(location).statusCode()).isEqualTo(204);
    }

    @Test
    void rowIdsWithASlashAreRefused() {
        HttpResponse<String> r = fx.post("/workspaces/blog/tables/notes", "{\"key\":\"a/b\",\"text\":\"t\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("fields").get("key").asText()).contains("/");
    }

    @Test
    void postWithoutIdGeneratesOne() {
        HttpResponse<String> r = fx.post("/workspaces/blog/tables/notes", "{\"text\":\"no id\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        String key = json(r).get("key").asText();
        assertThat(key).isNotBlank();
        assertThat(json(fx.get("/workspaces/blog/tables/notes/" + key)).get("text").asText()).isEqualTo("no id");
    }

    @Test
    void validationErrorsNameTheFields() {
        HttpResponse<String> r = fx.post(POSTS, """
                {"id":"bad","views":1.5,"rating":"x","published":"yes","day":"25/11/2026","updated":"2026-11-25",
                 "status":"gone","tags":["a","a"],"nope":1}
                """);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = json(r);
        assertThat(body.get("error").asText()).isNotBlank();
        List<String> fields = new ArrayList<>();
        body.get("fields").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("title", "views", "rating", "published", "day", "updated", "status", "tags", "nope");
        assertThat(body.get("fields").get("title").asText()).isEqualTo("required");
        assertThat(fx.get(POSTS + "/bad").statusCode()).isEqualTo(404);

        fx.post(POSTS, "{\"id\":\"v1\",\"title\":\"t\"}");
        HttpResponse<String> patch = fx.put(POSTS + "/v1", "{\"title\":null,\"views\":\"many\",\"id\":\"other\"}");
        assertThat(patch.statusCode()).isEqualTo(400);
        assertThat(json(patch).get("fields").has("title")).isTrue();
        assertThat(json(patch).get("fields").has("views")).isTrue();
        assertThat(json(patch).get("fields").has("id")).isTrue();

        assertThat(fx.post(POSTS, "[1,2]").statusCode()).isEqualTo(400);
        assertThat(fx.post(POSTS, "{not json").statusCode()).isEqualTo(400);
        assertThat(json(fx.post(POSTS, "{\"id\":\"big\",\"title\":\"t\",\"views\":9007199254740993}")).get("fields").has("views")).isTrue();
    }

    @Test
    void unknownWorkspaceTableAndWrongMethod() {
        assertThat(fx.get("/workspaces/nope/tables/posts").statusCode()).isEqualTo(404);
        assertThat(json(fx.get("/workspaces/blog/tables/nope")).get("error").asText()).contains("nope");
        assertThat(fx.get("/workspaces/blog/tables/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> patch = fx.call("PATCH", POSTS + "/x", "{}");
        assertThat(patch.statusCode()).isEqualTo(405);
        assertThat(patch.headers().firstValue("Allow")).hasValue("GET, PUT, DELETE");
    }

    @Test
    void pagingListsValidRowsInIdOrder() {
        for (int i = 0; i < 7; i++) {
            assertThat(fx.post("/workspaces/blog/tables/notes", "{\"key\":\"page-" + i + "\",\"text\":\"n" + i + "\"}").statusCode())
                    .isIn(200, 201);
        }
        List<String> seen = new ArrayList<>();
        Integer offset = 0;
        int pages = 0;
        int total = -1;
        while (offset != null) {
            JsonNode page = json(fx.get("/workspaces/blog/tables/notes?limit=3&offset=" + offset));
            total = page.get("total").asInt();
            assertThat(page.get("rows").size()).isLessThanOrEqualTo(3);
            page.get("rows").forEach(r -> seen.add(r.get("key").asText()));
            offset = page.get("next").isNull() ? null : page.get("next").asInt();
            pages++;
        }
        assertThat(seen).hasSize(total).isSorted().contains("page-0", "page-6");
        assertThat(pages).isEqualTo((total + 2) / 3);
        JsonNode bad = json(fx.get("/workspaces/blog/tables/notes?limit=0&offset=-1"));
        assertThat(bad.get("fields").has("limit")).isTrue();
        assertThat(bad.get("fields").has("offset")).isTrue();
    }

    @Test
    void rowsWrittenByYjsClientsAreReadAndChecked() {
        try (YClient client = YClient.connect(fx.ws("/workspaces/blog/sync")).awaitSynced()) {
            // the server created the table maps up front
            YClient.await(() -> client.read(d -> d.getMap("tables").get("posts") instanceof YMap), "the posts map");
            client.edit(d -> {
                YMap posts = (YMap) d.getMap("tables").get("posts");
                YMap good = new YMap();
                posts.set("y-good", good);
                good.set("id", "y-good");
                good.set("title", "from yjs");
                good.set("views", 7);
                good.set("tags", List.of("a"));
                YMap bad = new YMap();
                posts.set("y-bad", bad);
                bad.set("id", "y-bad");
                bad.set("views", "seven");
            });
            YClient.await(() -> fx.get(POSTS + "/y-good").statusCode() == 200, "REST to see the client's row");
            JsonNode good = json(fx.get(POSTS + "/y-good"));
            assertThat(good.get("views").asLong()).isEqualTo(7);
            assertThat(good.get("tags").toString()).isEqualTo("[\"a\"]");

            HttpResponse<String> bad = fx.get(POSTS + "/y-bad");
            assertThat(bad.statusCode()).isEqualTo(422);
            assertThat(json(bad).get("fields").has("title")).isTrue();
            assertThat(json(bad).get("fields").has("views")).isTrue();
            JsonNode list = json(fx.get(POSTS + "?limit=1000"));
            List<String> valid = new ArrayList<>();
            list.get("rows").forEach(r -> valid.add(r.get("id").asText()));
            assertThat(valid).contains("y-good").doesNotContain("y-bad");
            List<String> invalid = new ArrayList<>();
            list.get("invalid").forEach(r -> invalid.add(r.get("id").asText()));
            assertThat(invalid).contains("y-bad");

            // a REST write reaches the client live, as plain values in a Y.Map
            fx.post(POSTS, "{\"id\":\"from-rest\",\"title\":\"hi\",\"views\":2,\"tags\":[\"b\"],\"meta\":{\"n\":1}}");
            YClient.await(() -> client.read(d -> ((YMap) d.getMap("tables").get("posts")).get("from-rest") != null), "the REST row");
            Map<String, Object> seen = client.read(d -> ((YMap) ((YMap) d.getMap("tables").get("posts")).get("from-rest")).toJson());
            assertThat(seen).containsEntry("title", "hi").containsEntry("views", 2.0)
                    .containsEntry("tags", List.of("b")).containsEntry("meta", Map.of("n", 1.0));

            // and a client's edit of that row is visible to the next REST read
            client.edit(d -> ((YMap) ((YMap) d.getMap("tables").get("posts")).get("from-rest")).set("title", "edited"));
            YClient.await(() -> json(fx.get(POSTS + "/from-rest")).get("title").asText().equals("edited"), "the client's edit");
        }
    }

    @Test
    void syncPathAndWorkspacePathAreOneDocument() {
        try (YClient viaSync = YClient.connect(fx.ws("/sync/blog")).awaitSynced();
             YClient viaWorkspace = YClient.connect(fx.ws("/workspaces/blog/sync")).awaitSynced()) {
            viaSync.edit(d -> d.getMap("kv").set("theme", "dark"));
            YClient.await(() -> "dark".equals(viaWorkspace.read(d -> d.getMap("kv").get("theme"))), "the kv edit");
            YClient.await(() -> json(fx.get("/workspaces/blog/kv")).get("values").path("theme").asText().equals("dark"), "REST kv");
        }
        assertThat(TestRefused.status(fx.ws("/workspaces/nope/sync"))).isEqualTo(404);
    }

    @Test
    void concurrentRestAndClientWritesConverge() throws Exception {
        try (YClient client = YClient.connect(fx.ws("/workspaces/blog/sync")).awaitSynced()) {
            YClient.await(() -> client.read(d -> d.getMap("tables").get("notes") instanceof YMap), "the notes map");
            Thread rest = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 30; i++) {
                    fx.post("/workspaces/blog/tables/notes", "{\"key\":\"c-" + i + "\",\"text\":\"rest\"}");
                    fx.put("/workspaces/blog/tables/notes/c-" + (i / 2), "{\"text\":\"rest-put\"}");
                }
            });
            for (int i = 0; i < 30; i++) {
                int n = i;
                client.edit(d -> {
                    YMap notes = (YMap) d.getMap("tables").get("notes");
                    if (notes.get("c-" + n) instanceof YMap row) {
                        row.set("text", "client");
                    } else {
                        YMap row = new YMap();
                        notes.set("k-" + n, row);
                        row.set("key", "k-" + n);
                        row.set("text", "client");
                    }
                });
                Thread.sleep(2);
            }
            rest.join();
            YClient.await(() -> {
                JsonNode list = json(fx.get("/workspaces/blog/tables/notes?limit=1000"));
                Map<String, Object> clientRows = client.read(d -> ((YMap) d.getMap("tables").get("notes")).toJson());
                Map<String, Object> restRows = new java.util.TreeMap<>();
                list.get("rows").forEach(r -> restRows.put(r.get("key").asText(), r.get("text").asText()));
                Map<String, Object> clientTexts = new java.util.TreeMap<>();
                clientRows.forEach((k, v) -> clientTexts.put(k, String.valueOf(((Map<?, ?>) v).get("text"))));
                return restRows.size() >= 60 && restRows.equals(clientTexts);
            }, "REST and the client to converge");
        }
    }

    @Test
    void kvIsValidated() {
        HttpResponse<String> r = fx.put("/workspaces/blog/kv", "{\"theme\":\"light\",\"per-page\":20}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).get("values").get("per-page").asLong()).isEqualTo(20);
        HttpResponse<String> bad = fx.put("/workspaces/blog/kv", "{\"theme\":\"blue\",\"other\":1}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("fields").has("theme")).isTrue();
        assertThat(json(bad).get("fields").has("other")).isTrue();
        assertThat(json(fx.get("/workspaces/blog/kv")).get("values").get("theme").asText()).isIn("light", "dark");
    }

    @Test
    void corsAnswersPreflightForAllowedOrigins() {
        HttpResponse<String> pre = fx.call("OPTIONS", POSTS, null, "Origin", "https://app.example",
                                           "Access-Control-Request-Method", "POST",
                                           "Access-Control-Request-Headers", "authorization, content-type");
        assertThat(pre.statusCode()).isEqualTo(204);
        assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
        assertThat(pre.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST", "PUT", "DELETE");
        assertThat(pre.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase()).contains("authorization");
        HttpResponse<String> get = fx.get(POSTS, "Origin", "https://app.example");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
        assertThat(fx.get(POSTS, "Origin", "https://evil.example").statusCode()).isEqualTo(403);
        assertThat(fx.call("OPTIONS", POSTS, null, "Origin", "https://evil.example", "Access-Control-Request-Method", "GET")
                           .headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void openApiNamesEveryRoute() {
        HttpResponse<String> r = fx.get("/openapi");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode doc = json(r);
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains(POSTS, POSTS + "/{rowId}", "/workspaces/blog/tables/notes",
                                   "/workspaces/blog/tables/notes/{rowId}", "/workspaces/blog/kv", "/workspaces/blog/sync");
        assertThat(doc.get("components").get("schemas").has("blog.posts")).isTrue();
    }

    @Test
    void rootListsWorkspaces() {
        JsonNode ws = json(fx.get("/")).get("plugins").get("workspace").get("workspaces");
        assertThat(ws.get(0).get("id").asText()).isEqualTo("blog");
        assertThat(ws.get(0).get("tables").toString()).isEqualTo("[\"notes\",\"posts\"]");
    }
}
