package io.epicenter.plugin.actions;

import java.util.List;
import java.util.Map;

/**
 * One action of a workspace. Queries answer {@code GET} (input from the query string), mutations
 * answer {@code POST} (input from a JSON object body). The input is validated against
 * {@link #inputs()} before {@link #handle} runs (400 with field errors otherwise).
 *
 * <p>The handler runs on a virtual thread of the HTTP request. It reads and writes the workspace's
 * rows only through {@link ActionContext#tables()}: every write there is a Yjs transaction on the
 * workspace's document, broadcast to connected clients and stored like any update. A handler that
 * throws {@link ActionException} answers with its status and message; any other exception answers
 * 500 with a generic message (the details are logged, never sent to the client).
 */
public interface WorkspaceAction {

    /** Whether an action reads or writes. */
    enum Kind {
        /** read-only; served on GET */
        QUERY,
        /** may write; served on POST */
        MUTATION
    }

    /** @return the workspace id this action belongs to, or {@code *} for every workspace */
    String workspace();

    /** @return the action name (letters, digits, '_', '-', '.') */
    String name();

    /** @return query or mutation */
    Kind kind();

    /** @return the inputs it accepts; unknown inputs are refused */
    List<ActionInput> inputs();

    /** @return a one-line description (OpenAPI summary) */
    default String description() {
        return name();
    }

    /**
     * Run the action.
     *
     * @param context the workspace's tables
     * @param input validated input (field name → JSON value: String, Number, Boolean, List, Map)
     * @return a JSON-serializable result (maps, lists, strings, numbers, booleans, null)
     * @throws Exception on failure (see the class comment for how failures answer)
     */
    Object handle(ActionContext context, Map<String, Object> input) throws Exception;
}
