package io.epicenter.server.workspace;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import io.epicenter.crdt.types.YMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.epicenter.server.workspace.WorkspaceFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/** With {@code auth.token}: REST needs {@code Authorization: Bearer}; the sync path uses the sync plugin's auth. */
class WorkspaceAuthTest {

    @TempDir
    static Path dir;
    private static WorkspaceFixture fx;
    private static final String POSTS = "/workspaces/blog/tables/posts";

    @BeforeAll
    static void start() throws Exception {
        fx = WorkspaceFixture.start(dir, Map.of("auth.token", "s3cret"));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void restNeedsTheBearerToken() {
        for (HttpResponse<String> r : new HttpResponse[] {
                fx.get(POSTS), fx.get(POSTS, "Authorization", "Bearer wrong"), fx.get(POSTS + "?token=s3cret"),
                fx.get(POSTS, "Authorization", "Bearer s3cre"), fx.get(POSTS, "Authorization", "s3cret"),
                fx.post(POSTS, "{\"id\":\"x\",\"title\":\"t\"}"), fx.get("/openapi"), fx.get("/workspaces/blog/kv")}) {
            assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(401);
            assertThat(json(r).get("error").asText()).isNotBlank();
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
            assertThat(r.body()).doesNotContain("s3cret");
        }
        assertThat(fx.get(POSTS + "/x", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(404);
        assertThat(fx.post(POSTS, "{\"id\":\"x\",\"title\":\"t\"}", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(201);
        assertThat(fx.get(POSTS, "Authorization", "bearer s3cret").statusCode()).isEqualTo(200);
        assertThat(fx.get("/openapi", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
        // a preflight carries no credentials
        assertThat(fx.call("OPTIONS", POSTS, null, "Origin", "https://x.example", "Access-Control-Request-Method", "POST")
                           .statusCode()).isEqualTo(204);
    }

    @Test
    void syncPathUsesTheSyncPluginsAuth() throws Exception {
        try (YClient c = YClient.connect(fx.ws("/workspaces/blog/sync?token=s3cret")).awaitSynced()) {
            YClient.await(() -> c.read(d -> d.getMap("tables").get("posts") instanceof YMap), "the posts map");
        }
        YClient denied = YClient.connect(fx.ws("/workspaces/blog/sync?token=wrong"));
        assertThat(denied.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4401);
    }
}
