package io.epicenter.workspace.schema;

import java.util.List;

/**
 * One field of a table.
 *
 * @param name field name (also the key in the row's Y.Map)
 * @param type its type
 * @param required whether a row must have it (a missing or null value is an error)
 * @param options allowed values for {@code select} and {@code tags} (empty: any string for tags)
 */
public record FieldDef(String name, FieldType type, boolean required, List<String> options) {

    public FieldDef {
        options = List.copyOf(options);
    }
}
