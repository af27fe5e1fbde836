package io.epicenter.workspace.schema;

import java.util.Locale;

/** The field types a workspace table may declare, and how each is stored in the Yjs document. */
public enum FieldType {
    /** the row's id (a string; also the row's key in the table map) */
    ID,
    /** a string */
    TEXT,
    /** a whole number (stored as a Yjs number without fraction; JSON number) */
    INTEGER,
    /** a number */
    REAL,
    /** true or false */
    BOOLEAN,
    /** an ISO-8601 calendar date string, {@code 2026-11-25} */
    DATE,
    /** an ISO-8601 date-time string with offset, {@code 2026-11-25T15:30:00Z} */
    DATETIME,
    /** one of the declared options (a string) */
    SELECT,
    /** a list of distinct strings (limited to the options when options are declared) */
    TAGS,
    /** any JSON value */
    JSON;

    /** @return the name used in definitions and OpenAPI */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text a type name from a definition
     * @return the type, or null if unknown
     */
    public static FieldType parse(String text) {
        for (FieldType t : values()) {
            if (t.id().equals(text)) {
                return t;
            }
        }
        return null;
    }
}
