package io.epicenter.server.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.epicenter.server.EpicenterServer;
import io.epicenter.server.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without definitions nothing is mounted; bad definitions stop the server with a precise message. */
class WorkspaceStartupTest {

    @TempDir
    Path dir;

    @Test
    void withoutDefinitionsTheRoutesAreAbsentAndSyncWorksAlone() {
        EpicenterServer server = TestServers.start(Map.of("plugins.workspace.dir", dir.resolve("none").toString(),
                                                          "storage.kind", "memory"));
        try {
            assertThat(TestServers.get(server, "/workspaces/blog/tables/posts").statusCode()).isEqualTo(404);
            assertThat(TestServers.get(server, "/openapi").statusCode()).isEqualTo(404);
            assertThat(TestServers.get(server, "/").body()).contains("\"workspaces\":[]");
            try (YClient a = YClient.connect(java.net.URI.create("ws://127.0.0.1:" + server.port() + "/sync/alone")).awaitSynced();
                 YClient b = YClient.connect(java.net.URI.create("ws://127.0.0.1:" + server.port() + "/sync/alone")).awaitSynced()) {
                a.edit(d -> d.getMap("map").set("k", "v"));
                YClient.await(() -> "v".equals(b.read(d -> d.getMap("map").get("k"))), "sync without workspaces");
            }
            assertThat(TestRefused.status(java.net.URI.create("ws://127.0.0.1:" + server.port() + "/workspaces/blog/sync")))
                    .isEqualTo(404);
        } finally {
            server.stop();
        }
    }

    @Test
    void badDefinitionsFailStartupNamingFileTableAndField() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "id: w\ntables:\n  posts:\n    id: id\n    title: strnig\n");
        assertThatThrownBy(() -> TestServers.start(Map.of("plugins.workspace.dir", dir.toString(), "storage.kind", "memory")))
                .hasMessageContaining("workspace")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("table 'posts'")
                .hasMessageContaining("field 'title'");
    }

    @Test
    void workspacesNeedTheSyncPlugin() throws Exception {
        Files.writeString(dir.resolve("w.yaml"), "id: w\ntables:\n  t:\n    id: id\n");
        assertThatThrownBy(() -> TestServers.start(Map.of("plugins.workspace.dir", dir.toString(), "storage.kind", "memory",
                                                          "plugins.sync.enabled", "false")))
                .hasMessageContaining("sync");
    }
}
