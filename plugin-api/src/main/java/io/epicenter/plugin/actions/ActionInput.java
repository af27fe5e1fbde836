package io.epicenter.plugin.actions;

import java.util.List;

/**
 * One input of an action.
 *
 * @param name input name
 * @param type one of the workspace field types: {@code text}, {@code integer}, {@code real},
 *             {@code boolean}, {@code date}, {@code datetime}, {@code select}, {@code tags},
 *             {@code json}
 * @param required whether it must be present (and not null)
 * @param options allowed values for {@code select}/{@code tags}
 */
public record ActionInput(String name, String type, boolean required, List<String> options) {

    public ActionInput {
        options = List.copyOf(options);
    }

    /** A required input without options. */
    public static ActionInput required(String name, String type) {
        return new ActionInput(name, type, true, List.of());
    }

    /** An optional input without options. */
    public static ActionInput optional(String name, String type) {
        return new ActionInput(name, type, false, List.of());
    }
}
