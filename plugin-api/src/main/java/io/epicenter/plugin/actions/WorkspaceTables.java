package io.epicenter.plugin.actions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rows of a workspace's tables, read from and written to the workspace's Yjs document. Each
 * write is one Yjs transaction in the room's lane (broadcast and stored). Writes are validated
 * against the table's schema and throw {@link ActionException} (status 400) when invalid.
 */
public interface WorkspaceTables {

    /**
     * @param table table name
     * @return every row that satisfies the schema (field → value)
     * @throws ActionException 404 for an unknown table
     */
    List<Map<String, Object>> list(String table);

    /**
     * @param table table name
     * @param id row id
     * @return the row as stored (even if it breaks the schema), or empty
     */
    Optional<Map<String, Object>> get(String table, String id);

    /**
     * Create or replace a whole row.
     *
     * @param table table name
     * @param row every field (the id field included)
     * @return the stored row
     */
    Map<String, Object> upsert(String table, Map<String, Object> row);

    /**
     * Change some fields of an existing row.
     *
     * @param table table name
     * @param id row id
     * @param patch fields to set (null removes a nullable field)
     * @return the row after the change
     * @throws ActionException 404 when the row does not exist
     */
    Map<String, Object> update(String table, String id, Map<String, Object> patch);

    /**
     * @param table table name
     * @param id row id
     * @return whether a row was deleted
     */
    boolean delete(String table, String id);
}
