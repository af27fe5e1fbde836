package io.epicenter.workspace.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.helidon.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefinitionLoaderTest {

    @TempDir
    Path dir;

    private List<WorkspaceDef> load(String yaml) throws IOException {
        Files.writeString(dir.resolve("ws.yaml"), yaml);
        return DefinitionLoader.load(dir, Config.empty());
    }

    @Test
    void everyFieldType() throws IOException {
        List<WorkspaceDef> defs = load("""
                id: blog
                name: The Blog
                tables:
                  posts:
                    id: id
                    title: { type: text, required: true }
                    views: integer
                    score: real
                    published: boolean
                    day: date
                    at: datetime
                    status: { type: select, options: [draft, live] }
                    tags: { type: tags, options: [a, b] }
                    meta: json
                kv:
                  theme: { type: select, options: [light, dark] }
                """);
        assertThat(defs).hasSize(1);
        WorkspaceDef w = defs.get(0);
        assertThat(w.id()).isEqualTo("blog");
        assertThat(w.name()).isEqualTo("The Blog");
        TableDef posts = w.table("posts").orElseThrow();
        assertThat(posts.fields()).extracting(FieldDef::type).containsExactlyInAnyOrder(FieldType.values());
        assertThat(posts.fields()).extracting(FieldDef::name)
                .containsExactly("id", "at", "day", "meta", "published", "score", "status", "tags", "title", "views");
        assertThat(posts.field("title").orElseThrow().required()).isTrue();
        assertThat(posts.field("views").orElseThrow().required()).isFalse();
        assertThat(posts.idField().name()).isEqualTo("id");
        assertThat(w.kv()).extracting(FieldDef::name).containsExactly("theme");
    }

    @Test
    void errorsNameFileTableAndField() throws IOException {
        Path file = dir.resolve("ws.yaml");
        assertThatThrownBy(() -> load("""
                id: blog
                tables:
                  posts:
                    id: id
                    title: strnig
                """)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("table 'posts'")
                .hasMessageContaining("field 'title'")
                .hasMessageContaining("unknown type 'strnig'");
        assertThatThrownBy(() -> load("""
                id: blog
                tables:
                  posts:
                    title: text
                """)).hasMessageContaining("table 'posts': needs exactly one field of type id");
        assertThatThrownBy(() -> load("""
                id: blog
                tables:
                  posts:
                    id: id
                    status: select
                """)).hasMessageContaining("field 'status': type select needs a non-empty 'options' list");
        assertThatThrownBy(() -> load("""
                tables:
                  posts:
                    id: id
                """)).hasMessageContaining("missing 'id'");
    }

    @Test
    void duplicateWorkspaceIdsAcrossFilesAndConfig() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "id: w\ntables:\n  t:\n    id: id\n");
        Files.writeString(dir.resolve("b.yaml"), "id: w\ntables:\n  t:\n    id: id\n");
        assertThatThrownBy(() -> DefinitionLoader.load(dir, Config.empty()))
                .hasMessageContaining("workspace 'w' is defined twice")
                .hasMessageContaining("a.yaml").hasMessageContaining("b.yaml");
    }
}
