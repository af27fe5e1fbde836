package io.epicenter.workspace.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.epicenter.crdt.doc.Doc;
import io.epicenter.crdt.types.YMap;
import io.epicenter.plugin.actions.ActionException;
import io.epicenter.workspace.schema.RowValidator;
import io.epicenter.workspace.schema.TableDef;

/**
 * Rows in a workspace document. Layout: root map {@code tables} → one Y.Map per table → one Y.Map
 * per row (key = row id; field → plain JSON value; the id field is stored too). Pure functions of a
 * {@link Doc}; callers run them in the room's lane (writes inside {@code doc.transact}).
 *
 * <p>Reading is lenient where no information is lost: a row stored as a plain JSON object instead
 * of a Y.Map is read as its fields, and a row without its id field takes the id from its key.
 */
public final class RowStore {

    /** Root map holding one map per table. */
    public static final String TABLES = "tables";
    /** Field-error key for problems with the row as a whole. */
    public static final String ROW = "_row";

    private RowStore() {
    }

    /**
     * A row as stored.
     *
     * @param id its key
     * @param values field → value (plain JSON)
     * @param errors field → problem; empty when it satisfies the schema
     */
    public record Stored(String id, Map<String, Object> values, Map<String, String> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * @param doc the document
     * @param t the table
     * @return every row, sorted by id
     */
    public static List<Stored> all(Doc doc, TableDef t) {
        YMap table = table(doc, t, false);
        List<Stored> out = new ArrayList<>();
        if (table != null) {
            for (Map.Entry<String, Object> e : table.entries().entrySet()) {
                out.add(read(t, e.getKey(), e.getValue()));
            }
        }
        out.sort(Comparator.comparing(Stored::id));
        return out;
    }

    /**
     * @param doc the document
     * @param t the table
     * @param id the row id
     * @return the row, if present
     */
    public static Optional<Stored> get(Doc doc, TableDef t, String id) {
        YMap table = table(doc, t, false);
        if (table == null || !table.has(id)) {
            return Optional.empty();
        }
        return Optional.of(read(t, id, table.get(id)));
    }

    private static Stored read(TableDef t, String id, Object raw) {
        Object plain = Values.plain(raw);
        if (!(plain instanceof Map<?, ?> m)) {
            return new Stored(id, new LinkedHashMap<>(), Map.of(ROW, "must be a map of field values (a Y.Map)"));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        String idField = t.idField().name();
        if (!m.containsKey(idField)) {
            values.put(idField, id);
        }
        m.forEach((k, v) -> {
            String key = String.valueOf(k);
            values.put(key, Values.out(t.field(key).orElse(null), v));
        });
        Map<String, String> errors = RowValidator.asMap(RowValidator.validate(t, values));
        Object storedId = values.get(idField);
        if (storedId != null && !id.equals(storedId) && !errors.containsKey(idField)) {
            errors.put(idField, "must equal the row's key '" + id + "'");
        }
        return new Stored(id, values, errors);
    }

    /**
     * Check a whole row for an upsert (outside the lane).
     *
     * @param t the table
     * @param body the request's row; a missing id gets a random one
     * @return the row to store (nulls dropped)
     * @throws ValidationException 400 with field errors
     */
    public static Map<String, Object> prepareRow(TableDef t, Map<String, Object> body) {
        Map<String, Object> row = new LinkedHashMap<>();
        body.forEach((k, v) -> {
            if (v != null) {
                row.put(k, v);
            }
        });
        String idField = t.idField().name();
        if (!body.containsKey(idField) || body.get(idField) == null) {
            row.put(idField, UUID.randomUUID().toString());
        }
        Map<String, String> errors = RowValidator.asMap(RowValidator.validate(t, row));
        if (row.get(idField) instanceof String id && id.indexOf('/') >= 0 && !errors.containsKey(idField)) {
            // a row's URL is .../{rowId}; an encoded '/' cannot be routed
            errors.put(idField, "must not contain '/'");
        }
        unsafeNumbers(row, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(400, "invalid row", errors);
        }
        return row;
    }

    /**
     * Check a partial update's own fields (outside the lane).
     *
     * @param t the table
     * @param id the row id from the path
     * @param patch field → value (null removes)
     * @throws ValidationException 400 with field errors
     */
    public static void checkPatch(TableDef t, String id, Map<String, Object> patch) {
        Map<String, String> errors = RowValidator.asMap(RowValidator.validatePatch(t, patch));
        String idField = t.idField().name();
        if (patch.containsKey(idField) && !id.equals(patch.get(idField))) {
            errors.put(idField, "cannot change the row id (must equal '" + id + "')");
        }
        unsafeNumbers(patch, errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(400, "invalid fields", errors);
        }
    }

    private static void unsafeNumbers(Map<String, Object> row, Map<String, String> errors) {
        row.forEach((k, v) -> {
            String p = Values.unsafeNumber(v);
            if (p != null) {
                errors.putIfAbsent(k, p);
            }
        });
    }

    /**
     * Create or replace a row (inside {@code doc.transact}). An existing row's map is edited in place:
     * changed fields are set, absent ones removed, equal ones left alone (so concurrent edits of
     * other fields survive).
     *
     * @param doc the document
     * @param t the table
     * @param row a row from {@link #prepareRow}
     * @return whether the row was created
     */
    public static boolean upsert(Doc doc, TableDef t, Map<String, Object> row) {
        YMap table = table(doc, t, true);
        String id = (String) row.get(t.idField().name());
        Object existing = table.get(id);
        if (existing instanceof YMap map) {
            for (String key : new ArrayList<>(map.keys())) {
                if (!row.containsKey(key)) {
                    map.delete(key);
                }
            }
            writeFields(map, row);
            return false;
        }
        boolean created = !table.has(id);
        YMap map = new YMap();
        table.set(id, map);
        writeFields(map, row);
        return created;
    }

    private static void writeFields(YMap map, Map<String, Object> fields) {
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (e.getValue() == null) {
                if (map.has(e.getKey())) {
                    map.delete(e.getKey());
                }
            } else if (!map.has(e.getKey()) || !Values.same(map.get(e.getKey()), e.getValue())) {
                map.set(e.getKey(), Values.in(e.getValue()));
            }
        }
    }

    /**
     * Change some fields (inside {@code doc.transact}; checks before changing anything).
     *
     * @param doc the document
     * @param t the table
     * @param id the row id
     * @param patch fields checked with {@link #checkPatch}
     * @return the row after the change
     * @throws ActionException 404 when absent; {@link ValidationException} 400 when the result would
     *                         break the schema
     */
    public static Map<String, Object> update(Doc doc, TableDef t, String id, Map<String, Object> patch) {
        Stored current = get(doc, t, id).orElseThrow(() -> notFound(t, id));
        Map<String, Object> merged = new LinkedHashMap<>(current.values());
        patch.forEach((k, v) -> {
            if (v == null) {
                merged.remove(k);
            } else {
                merged.put(k, v);
            }
        });
        Map<String, String> errors = RowValidator.asMap(RowValidator.validate(t, merged));
        if (!errors.isEmpty()) {
            throw new ValidationException(400, "the row would break the schema", errors);
        }
        YMap table = table(doc, t, true);
        if (table.get(id) instanceof YMap map) {
            Map<String, Object> fields = new HashMap<>(patch);
            String idField = t.idField().name();
            if (!map.has(idField)) {
                fields.put(idField, id);
            }
            writeFields(map, fields);
        } else {
            YMap map = new YMap();
            table.set(id, map);
            writeFields(map, merged);
        }
        return get(doc, t, id).orElseThrow().values();
    }

    /**
     * @param doc the document
     * @param t the table
     * @param id the row id
     * @return whether it existed (inside {@code doc.transact})
     */
    public static boolean delete(Doc doc, TableDef t, String id) {
        YMap table = table(doc, t, false);
        if (table == null || !table.has(id)) {
            return false;
        }
        table.delete(id);
        return true;
    }

    /**
     * @param t the table
     * @param id the row id
     * @return the 404 for a missing row
     */
    public static ActionException notFound(TableDef t, String id) {
        return new ActionException(404, "no row '" + id + "' in table '" + t.name() + "'");
    }

    private static YMap table(Doc doc, TableDef t, boolean create) {
        YMap tables = doc.getMap(TABLES);
        Object v = tables.get(t.name());
        if (v instanceof YMap m) {
            return m;
        }
        if (!create) {
            return null;
        }
        YMap m = new YMap();
        tables.set(t.name(), m);
        return m;
    }

    /**
     * Create the maps of every table that has none yet (inside {@code doc.transact}), so that clients
     * joining later find them instead of racing to create them.
     *
     * @param doc the document
     * @param tables the workspace's tables
     */
    public static void ensureTables(Doc doc, List<TableDef> tables) {
        for (TableDef t : tables) {
            table(doc, t, true);
        }
    }
}
