package io.epicenter.workspace.store;

import java.util.LinkedHashMap;
import java.util.Map;

import io.epicenter.plugin.actions.ActionException;

/**
 * Input or a row breaks the schema: HTTP 400 (or 422 for a stored row) with field errors
 * ({@code {"error": ..., "fields": {field: message}}}). An {@link ActionException}, so an action
 * that lets it through answers with the same body.
 */
public final class ValidationException extends ActionException {

    private final Map<String, String> fields;

    /**
     * @param status HTTP status
     * @param message summary
     * @param fields field → message
     */
    public ValidationException(int status, String message, Map<String, String> fields) {
        super(status, message + ": " + fields);
        this.fields = Map.copyOf(new LinkedHashMap<>(fields));
        this.summary = message;
    }

    private final String summary;

    /** @return field → message, in the order found */
    public Map<String, String> fields() {
        return fields;
    }

    /** @return the summary without the field list */
    public String summary() {
        return summary;
    }
}
