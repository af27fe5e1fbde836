package io.epicenter.workspace.schema;

import java.util.List;
import java.util.Optional;

/**
 * A table: named fields, exactly one of type {@code id}.
 *
 * @param name table name (key under the root map {@code tables})
 * @param fields fields in declaration order
 */
public record TableDef(String name, List<FieldDef> fields) {

    public TableDef {
        fields = List.copyOf(fields);
    }

    /** @return the id field */
    public FieldDef idField() {
        return fields.stream().filter(f -> f.type() == FieldType.ID).findFirst().orElseThrow();
    }

    /**
     * @param name field name
     * @return the field, if declared
     */
    public Optional<FieldDef> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
