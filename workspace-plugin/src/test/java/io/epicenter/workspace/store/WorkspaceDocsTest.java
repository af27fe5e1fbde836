package io.epicenter.workspace.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.epicenter.crdt.doc.Doc;
import io.epicenter.crdt.types.YMap;
import io.epicenter.plugin.actions.ActionException;
import io.epicenter.workspace.schema.FieldDef;
import io.epicenter.workspace.schema.FieldType;
import io.epicenter.workspace.schema.TableDef;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkspaceDocsTest {

    static final TableDef POSTS = new TableDef("posts", List.of(
            new FieldDef("id", FieldType.ID, true, List.of()),
            new FieldDef("title", FieldType.TEXT, true, List.of()),
            new FieldDef("views", FieldType.INTEGER, false, List.of()),
            new FieldDef("rating", FieldType.REAL, false, List.of()),
            new FieldDef("tags", FieldType.TAGS, false, List.of()),
            new FieldDef("meta", FieldType.JSON, false, List.of())));

    private final FakeRooms rooms = new FakeRooms();
    private final WorkspaceDocs docs = new WorkspaceDocs(rooms, 5000);

    private Map<String, Object> upsert(Map<String, Object> row) {
        Map<String, Object> prepared = RowStore.prepareRow(POSTS, row);
        return docs.write("w", doc -> {
            RowStore.upsert(doc, POSTS, prepared);
            return RowStore.get(doc, POSTS, (String) prepared.get("id")).orElseThrow().values();
        });
    }

    private List<RowStore.Stored> all() {
        return docs.read("w", doc -> RowStore.all(doc, POSTS));
    }

    @Test
    void writesReachTheRoomAsPlainYMaps() {
        Map<String, Object> row = upsert(Map.of("id", "p1", "title", "t", "views", 3, "rating", 2, "tags", List.of("a"),
                                                "meta", Map.of("n", 1)));
        assertThat(row).containsEntry("views", 3L).containsEntry("rating", 2.0).containsEntry("meta", Map.of("n", 1L));
        assertThat(rooms.room("w").broadcast).hasSize(1);
        // a fresh Yjs doc with the room's state sees the layout
        Doc peer = new Doc();
        peer.applyUpdate(rooms.room("w").doc.encodeStateAsUpdate());
        YMap stored = (YMap) ((YMap) peer.getMap("tables").get("posts")).get("p1");
        assertThat(stored.toJson()).containsEntry("title", "t").containsEntry("views", 3.0).containsEntry("tags", List.of("a"));
    }

    @Test
    void readsSeeEditsMadeByOthersAndInvalidRowsAreFlagged() {
        upsert(Map.of("id", "p1", "title", "t"));
        Doc client = new Doc();
        client.applyUpdate(rooms.room("w").doc.encodeStateAsUpdate());
        byte[][] update = new byte[1][];
        client.onUpdate(u -> update[0] = u);
        client.transact(t -> {
            YMap posts = (YMap) client.getMap("tables").get("posts");
            ((YMap) posts.get("p1")).set("title", "changed");
            YMap bad = new YMap();
            posts.set("p2", bad);
            bad.set("views", "x");
        });
        rooms.applyUpdate("w", update[0], null).join();
        List<RowStore.Stored> all = all();
        assertThat(all).extracting(RowStore.Stored::id).containsExactly("p1", "p2");
        assertThat(all.get(0).values()).containsEntry("title", "changed");
        assertThat(all.get(1).valid()).isFalse();
        assertThat(all.get(1).errors()).containsKeys("title", "views").doesNotContainKey("id");
    }

    @Test
    void upsertOnlyTouchesChangedFieldsAndRemovesMissingOnes() {
        upsert(Map.of("id", "p1", "title", "t", "views", 1));
        int before = rooms.room("w").broadcast.size();
        upsert(Map.of("id", "p1", "title", "t", "views", 1));
        assertThat(rooms.room("w").broadcast).hasSize(before); // nothing changed: no update
        Map<String, Object> row = upsert(Map.of("id", "p1", "title", "t2"));
        assertThat(row).doesNotContainKey("views").containsEntry("title", "t2");
    }

    @Test
    void failedWritesChangeNothing() {
        upsert(Map.of("id", "p1", "title", "t"));
        int before = rooms.room("w").broadcast.size();
        Map<String, Object> patch = new HashMap<>();
        patch.put("title", null);
        assertThatThrownBy(() -> RowStore.checkPatch(POSTS, "p1", patch)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> docs.write("w", doc -> RowStore.update(doc, POSTS, "nope", Map.of("views", 1))))
                .isInstanceOf(ActionException.class).extracting(e -> ((ActionException) e).status()).isEqualTo(404);
        assertThatThrownBy(() -> docs.write("w", doc -> {
            RowStore.upsert(doc, POSTS, Map.of("id", "half", "title", "x"));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(rooms.room("w").broadcast).hasSize(before);
        java.util.Optional<RowStore.Stored> half = docs.read("w", doc -> RowStore.get(doc, POSTS, "half"));
        assertThat(half).isEmpty();
    }

    @Test
    void aRoomThatLostItsStateRebuildsTheCache() {
        upsert(Map.of("id", "p1", "title", "t"));
        rooms.forget("w");
        assertThat(all()).isEmpty();
        upsert(Map.of("id", "p2", "title", "t"));
        assertThat(all()).extracting(RowStore.Stored::id).containsExactly("p2");
    }

    @Test
    void concurrentWritersConverge() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                int n = i;
                pool.submit(() -> upsert(Map.of("id", "r" + n, "title", "t" + n)));
            }
        }
        assertThat(all()).hasSize(50);
        Doc peer = new Doc();
        peer.applyUpdate(rooms.room("w").doc.encodeStateAsUpdate());
        assertThat(((YMap) peer.getMap("tables").get("posts")).size()).isEqualTo(50);
    }

    @Test
    void kvIsTyped() {
        List<FieldDef> kv = List.of(new FieldDef("theme", FieldType.SELECT, false, List.of("light", "dark")),
                                    new FieldDef("n", FieldType.INTEGER, true, List.of()));
        KvStore.Settings empty = docs.read("w", doc -> KvStore.read(doc, kv));
        assertThat(empty.invalid()).containsEntry("n", "required");
        assertThatThrownBy(() -> KvStore.check(kv, Map.of("theme", "blue", "x", 1)))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).fields()).containsKeys("theme", "x"));
        KvStore.Settings s = docs.write("w", doc -> {
            KvStore.write(doc, Map.of("theme", "dark", "n", 5));
            return KvStore.read(doc, kv);
        });
        assertThat(s.values()).containsEntry("theme", "dark").containsEntry("n", 5L);
        assertThat(s.invalid()).isEmpty();
    }
}
