package io.epicenter.server.workspace;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.epicenter.crdt.types.YMap;
import io.epicenter.server.plugin.PluginJars;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.epicenter.server.workspace.WorkspaceFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Actions from a real jar dropped into plugins/ (META-INF/services only, no plugin class). */
class WorkspaceActionsTest {

    @TempDir
    static Path dir;
    private static WorkspaceFixture fx;

    static final String PUBLISH = """
            package sample.actions;
            import io.epicenter.plugin.actions.*;
            import java.util.*;
            public class Publish implements WorkspaceAction {
                public String workspace() { return "blog"; }
                public String name() { return "publish"; }
                public Kind kind() { return Kind.MUTATION; }
                public String description() { return "Publish a post"; }
                public List<ActionInput> inputs() {
                    return List.of(ActionInput.required("id", "text"),
                                   new ActionInput("status", "select", false, List.of("live", "draft")));
                }
                public Object handle(ActionContext ctx, Map<String, Object> in) {
                    String id = (String) in.get("id");
                    if (id.equals("forbidden")) throw new ActionException(403, "not you");
                    if (id.equals("boom")) throw new IllegalStateException("secret details");
                    if (ctx.tables().get("posts", id).isEmpty()) throw new ActionException(404, "no post " + id);
                    return ctx.tables().update("posts", id, Map.of("status", in.getOrDefault("status", "live")));
                }
            }
            """;

    static final String COUNT = """
            package sample.actions;
            import io.epicenter.plugin.actions.*;
            import java.util.*;
            public class Count implements WorkspaceAction {
                public String workspace() { return "*"; }
                public String name() { return "count"; }
                public Kind kind() { return Kind.QUERY; }
                public List<ActionInput> inputs() {
                    return List.of(ActionInput.optional("min", "integer"), ActionInput.optional("published", "boolean"),
                                   ActionInput.optional("tags", "tags"), ActionInput.optional("ratio", "real"));
                }
                public Object handle(ActionContext ctx, Map<String, Object> in) {
                    long min = in.containsKey("min") ? ((Number) in.get("min")).longValue() : 0;
                    long n = ctx.tables().list("posts").stream()
                            .filter(r -> r.get("views") instanceof Number v && v.longValue() >= min).count();
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("workspace", ctx.workspaceId());
                    out.put("count", n);
                    out.put("input", in);
                    return out;
                }
            }
            """;

    static final String SNEAKY = """
            package sample.actions;
            import io.epicenter.plugin.actions.*;
            import java.util.*;
            public class Sneaky implements WorkspaceAction {
                public String workspace() { return "blog"; }
                public String name() { return "sneaky"; }
                public Kind kind() { return Kind.QUERY; }
                public List<ActionInput> inputs() { return List.of(); }
                public Object handle(ActionContext ctx, Map<String, Object> in) {
                    return ctx.tables().delete("posts", "a1");
                }
            }
            """;

    @BeforeAll
    static void start() throws Exception {
        PluginJars.build(dir.resolve("plugins").resolve("sample-actions.jar"),
                         Map.of("sample.actions.Publish", PUBLISH, "sample.actions.Count", COUNT, "sample.actions.Sneaky", SNEAKY),
                         Map.of("io.epicenter.plugin.actions.WorkspaceAction",
                                "sample.actions.Publish\nsample.actions.Count\nsample.actions.Sneaky"));
        fx = WorkspaceFixture.start(dir, Map.of());
        assertThat(fx.post("/workspaces/blog/tables/posts", "{\"id\":\"a1\",\"title\":\"one\",\"views\":5,\"status\":\"draft\"}").statusCode()).isEqualTo(201);
        assertThat(fx.post("/workspaces/blog/tables/posts", "{\"id\":\"a2\",\"title\":\"two\",\"views\":1}").statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void queryTakesTypedInputFromTheQueryString() {
        HttpResponse<String> r = fx.get("/workspaces/blog/actions/count?min=2&published=true&tags=a&tags=b&ratio=0.5");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("workspace").asText()).isEqualTo("blog");
        assertThat(body.get("count").asLong()).isEqualTo(1);
        assertThat(body.get("input").get("min").isIntegralNumber()).isTrue();
        assertThat(body.get("input").get("published").isBoolean()).isTrue();
        assertThat(body.get("input").get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(body.get("input").get("ratio").asDouble()).isEqualTo(0.5);

        HttpResponse<String> bad = fx.get("/workspaces/blog/actions/count?min=abc&what=1");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("fields").get("min").asText()).contains("integer");
        assertThat(json(bad).get("fields").get("what").asText()).contains("unknown");
    }

    @Test
    void mutationRunsValidatesAndIsBroadcast() {
        try (YClient client = YClient.connect(fx.ws("/workspaces/blog/sync")).awaitSynced()) {
            HttpResponse<String> r = fx.post("/workspaces/blog/actions/publish", "{\"id\":\"a1\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).get("status").asText()).isEqualTo("live");
            YClient.await(() -> "live".equals(client.read(d -> {
                Object posts = d.getMap("tables").get("posts");
                return posts instanceof YMap p && p.get("a1") instanceof YMap row ? row.get("status") : null;
            })), "the mutation to reach the client");
        }
        HttpResponse<String> missing = fx.post("/workspaces/blog/actions/publish", "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("fields").get("id").asText()).isEqualTo("required");
        HttpResponse<String> badSelect = fx.post("/workspaces/blog/actions/publish", "{\"id\":\"a1\",\"status\":\"gone\",\"x\":1}");
        assertThat(badSelect.statusCode()).isEqualTo(400);
        assertThat(json(badSelect).get("fields").has("status")).isTrue();
        assertThat(json(badSelect).get("fields").has("x")).isTrue();
        assertThat(fx.post("/workspaces/blog/actions/publish", "not json").statusCode()).isEqualTo(400);
    }

    @Test
    void failuresAnswerWithStatusAndNoDetails() {
        HttpResponse<String> forbidden = fx.post("/workspaces/blog/actions/publish", "{\"id\":\"forbidden\"}");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(json(forbidden).get("error").asText()).isEqualTo("not you");
        assertThat(fx.post("/workspaces/blog/actions/publish", "{\"id\":\"nope\"}").statusCode()).isEqualTo(404);
        HttpResponse<String> boom = fx.post("/workspaces/blog/actions/publish", "{\"id\":\"boom\"}");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).doesNotContain("secret").doesNotContain("Exception");
        assertThat(json(boom).get("error").asText()).isEqualTo("internal error");
        HttpResponse<String> sneaky = fx.get("/workspaces/blog/actions/sneaky");
        assertThat(sneaky.statusCode()).isEqualTo(500);
        assertThat(fx.get("/workspaces/blog/tables/posts/a1").statusCode()).isEqualTo(200);
    }

    @Test
    void wrongMethodAndUnknownAction() {
        HttpResponse<String> getMutation = fx.get("/workspaces/blog/actions/publish");
        assertThat(getMutation.statusCode()).isEqualTo(405);
        assertThat(getMutation.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> postQuery = fx.post("/workspaces/blog/actions/count", "{}");
        assertThat(postQuery.statusCode()).isEqualTo(405);
        assertThat(postQuery.headers().firstValue("Allow")).hasValue("GET");
        assertThat(fx.call("DELETE", "/workspaces/blog/actions/count", null).statusCode()).isEqualTo(405);
        assertThat(fx.get("/workspaces/blog/actions/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void openApiAndRootNameTheActions() {
        JsonNode paths = json(fx.get("/openapi")).get("paths");
        assertThat(paths.get("/workspaces/blog/actions/publish").has("post")).isTrue();
        assertThat(paths.get("/workspaces/blog/actions/count").has("get")).isTrue();
        List<String> params = new ArrayList<>();
        paths.get("/workspaces/blog/actions/count").get("get").get("parameters").forEach(p -> params.add(p.get("name").asText()));
        assertThat(params).containsExactlyInAnyOrder("min", "published", "tags", "ratio");
        JsonNode ws = json(fx.get("/")).get("plugins").get("workspace").get("workspaces").get(0);
        assertThat(ws.get("actions").toString()).contains("publish", "count", "sneaky");
    }
}
