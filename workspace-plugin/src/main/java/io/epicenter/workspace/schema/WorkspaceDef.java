package io.epicenter.workspace.schema;

import java.util.List;
import java.util.Optional;

/**
 * A workspace: one Yjs document (the room whose id is the workspace id) holding tables and kv settings.
 *
 * @param id workspace id (also the room id)
 * @param name display name
 * @param tables its tables
 * @param kv typed settings stored in the root map {@code kv}; each a field definition
 * @param source where it was defined (file path or config key), for error messages
 */
public record WorkspaceDef(String id, String name, List<TableDef> tables, List<FieldDef> kv, String source) {

    public WorkspaceDef {
        tables = List.copyOf(tables);
        kv = List.copyOf(kv);
    }

    /**
     * @param name table name
     * @return the table, if defined
     */
    public Optional<TableDef> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
