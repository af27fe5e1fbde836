package io.epicenter.workspace.actions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.epicenter.plugin.actions.ActionContext;
import io.epicenter.plugin.actions.ActionException;
import io.epicenter.plugin.actions.WorkspaceTables;
import io.epicenter.workspace.schema.TableDef;
import io.epicenter.workspace.schema.WorkspaceDef;
import io.epicenter.workspace.store.RowStore;
import io.epicenter.workspace.store.WorkspaceDocs;

/**
 * {@link WorkspaceTables} over a workspace's document: every call is one trip through the room's
 * lane, every write one Yjs transaction (stored and broadcast). Queries get a read-only view.
 */
public final class DocTables implements WorkspaceTables, ActionContext {

    private final WorkspaceDef workspace;
    private final WorkspaceDocs docs;
    private final boolean readOnly;

    /**
     * @param workspace the workspace
     * @param docs document access
     * @param readOnly whether writes are refused (query actions)
     */
    public DocTables(WorkspaceDef workspace, WorkspaceDocs docs, boolean readOnly) {
        this.workspace = workspace;
        this.docs = docs;
        this.readOnly = readOnly;
    }

    @Override
    public String workspaceId() {
        return workspace.id();
    }

    @Override
    public WorkspaceTables tables() {
        return this;
    }

    private TableDef table(String name) {
        return workspace.table(name).orElseThrow(
                () -> new ActionException(404, "no table '" + name + "' in workspace '" + workspace.id() + "'"));
    }

    private void writable() {
        if (readOnly) {
            throw new IllegalStateException("a query action tried to write to workspace '" + workspace.id()
                                                    + "' (declare it as a MUTATION)");
        }
    }

    @Override
    public List<Map<String, Object>> list(String table) {
        TableDef t = table(table);
        return docs.read(workspace.id(), doc -> RowStore.all(doc, t).stream()
                .filter(RowStore.Stored::valid).map(RowStore.Stored::values).toList());
    }

    @Override
    public Optional<Map<String, Object>> get(String table, String id) {
        TableDef t = table(table);
        return docs.read(workspace.id(), doc -> RowStore.get(doc, t, id).map(RowStore.Stored::values));
    }

    @Override
    public Map<String, Object> upsert(String table, Map<String, Object> row) {
        TableDef t = table(table);
        writable();
        Map<String, Object> prepared = RowStore.prepareRow(t, row);
        String id = (String) prepared.get(t.idField().name());
        return docs.write(workspace.id(), doc -> {
            RowStore.upsert(doc, t, prepared);
            return RowStore.get(doc, t, id).orElseThrow().values();
        });
    }

    @Override
    public Map<String, Object> update(String table, String id, Map<String, Object> patch) {
        TableDef t = table(table);
        writable();
        RowStore.checkPatch(t, id, patch);
        return docs.write(workspace.id(), doc -> RowStore.update(doc, t, id, patch));
    }

    @Override
    public boolean delete(String table, String id) {
        TableDef t = table(table);
        writable();
        return docs.write(workspace.id(), doc -> RowStore.delete(doc, t, id));
    }
}
