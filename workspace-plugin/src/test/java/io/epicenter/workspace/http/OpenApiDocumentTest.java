package io.epicenter.workspace.http;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.epicenter.workspace.schema.FieldDef;
import io.epicenter.workspace.schema.FieldType;
import io.epicenter.workspace.schema.TableDef;
import io.epicenter.workspace.schema.WorkspaceDef;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiDocumentTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteWithUniqueOperationIds() {
        TableDef posts = new TableDef("posts", List.of(new FieldDef("id", FieldType.ID, true, List.of()),
                                                       new FieldDef("title", FieldType.TEXT, true, List.of()),
                                                       new FieldDef("status", FieldType.SELECT, false, List.of("a", "b"))));
        WorkspaceDef w = new WorkspaceDef("blog", "Blog", List.of(posts),
                                          List.of(new FieldDef("theme", FieldType.TEXT, false, List.of())), "x");
        TableDef inputs = new TableDef("q", List.of(new FieldDef("n", FieldType.INTEGER, true, List.of())));
        Map<String, Object> doc = OpenApiDocument.build("1", List.of(w), List.of(
                new OpenApiDocument.ActionInfo("blog", "q", false, OpenApiDocument.inputSchema(inputs), "a query"),
                new OpenApiDocument.ActionInfo("blog", "m", true, OpenApiDocument.inputSchema(inputs), "a mutation")), true);
        assertThat(doc.get("openapi")).isEqualTo("3.0.3");
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        assertThat(paths).containsKeys("/workspaces/blog/tables/posts", "/workspaces/blog/tables/posts/{rowId}",
                                       "/workspaces/blog/kv", "/workspaces/blog/sync",
                                       "/workspaces/blog/actions/q", "/workspaces/blog/actions/m");
        Set<Object> ids = new HashSet<>();
        int ops = 0;
        for (Object item : paths.values()) {
            for (Object op : ((Map<String, Object>) item).values()) {
                ids.add(((Map<String, Object>) op).get("operationId"));
                ops++;
            }
        }
        assertThat(ids).hasSize(ops);
        Map<String, Object> q = (Map<String, Object>) ((Map<String, Object>) paths.get("/workspaces/blog/actions/q")).get("get");
        Map<String, Object> param = (Map<String, Object>) ((List<Object>) q.get("parameters")).get(0);
        assertThat(param).containsEntry("name", "n").containsEntry("required", true)
                .containsEntry("schema", Map.of("type", "integer"));
        assertThat(doc.get("security")).isEqualTo(List.of(Map.of("bearer", List.of())));
    }
}
