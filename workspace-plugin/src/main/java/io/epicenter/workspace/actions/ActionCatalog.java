package io.epicenter.workspace.actions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.epicenter.plugin.actions.ActionInput;
import io.epicenter.plugin.actions.WorkspaceAction;
import io.epicenter.workspace.schema.FieldDef;
import io.epicenter.workspace.schema.FieldType;
import io.epicenter.workspace.schema.TableDef;
import io.epicenter.workspace.schema.WorkspaceDef;

/**
 * The actions of each workspace, checked once at startup. An action names its workspace or
 * {@code *} (every workspace); one naming the workspace wins over a {@code *} action of the same
 * name. Two actions with one name for one workspace, a bad name or a bad input stop the server.
 * Actions for workspaces that are not defined are skipped with a warning.
 */
public final class ActionCatalog {

    private static final System.Logger LOG = System.getLogger("io.epicenter.workspace");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    /**
     * One action, ready to serve.
     *
     * @param action the implementation
     * @param inputs its inputs as a table definition (for {@code RowValidator})
     */
    public record Entry(WorkspaceAction action, TableDef inputs) {
        public boolean mutation() {
            return action.kind() == WorkspaceAction.Kind.MUTATION;
        }
    }

    private final Map<String, Map<String, Entry>> byWorkspace = new LinkedHashMap<>();

    /**
     * @param workspaces the definitions
     * @param found every action found in the registry
     * @throws IllegalArgumentException on an invalid or duplicate action
     */
    public ActionCatalog(List<WorkspaceDef> workspaces, List<WorkspaceAction> found) {
        Map<String, Entry> wildcard = new LinkedHashMap<>();
        for (WorkspaceDef w : workspaces) {
            byWorkspace.put(w.id(), new LinkedHashMap<>());
        }
        for (WorkspaceAction a : found) {
            String what = "action " + describe(a);
            String ws = a.workspace();
            if (ws == null) {
                throw new IllegalArgumentException(what + ": workspace() returned null (use a workspace id or '*')");
            }
            if (a.name() == null || !NAME.matcher(a.name()).matches()) {
                throw new IllegalArgumentException(what + ": invalid name (letters, digits, '_', '-', '.'; up to 128)");
            }
            if (a.kind() == null) {
                throw new IllegalArgumentException(what + ": kind() returned null (QUERY or MUTATION)");
            }
            Entry e = new Entry(a, inputs(a, what));
            if (ws.equals("*")) {
                Entry prev = wildcard.putIfAbsent(a.name(), e);
                if (prev != null) {
                    throw new IllegalArgumentException("two actions named '" + a.name() + "' for every workspace: "
                                                               + describe(prev.action()) + " and " + describe(a));
                }
            } else if (!byWorkspace.containsKey(ws)) {
                LOG.log(System.Logger.Level.WARNING, "workspace action skipped: " + what
                        + " reason=no workspace '" + ws + "' is defined");
            } else {
                Entry prev = byWorkspace.get(ws).putIfAbsent(a.name(), e);
                if (prev != null) {
                    throw new IllegalArgumentException("two actions named '" + a.name() + "' for workspace '" + ws + "': "
                                                               + describe(prev.action()) + " and " + describe(a));
                }
            }
        }
        for (Map<String, Entry> actions : byWorkspace.values()) {
            wildcard.forEach(actions::putIfAbsent);
        }
    }

    private static String describe(WorkspaceAction a) {
        return "'" + a.name() + "' (" + a.getClass().getName() + ")";
    }

    private static TableDef inputs(WorkspaceAction a, String what) {
        List<FieldDef> fields = new ArrayList<>();
        List<ActionInput> inputs = a.inputs() == null ? List.of() : a.inputs();
        for (ActionInput in : inputs) {
            String here = what + ", input '" + in.name() + "'";
            if (in.name() == null || !NAME.matcher(in.name()).matches()) {
                throw new IllegalArgumentException(here + ": invalid input name");
            }
            FieldType type = FieldType.parse(in.type());
            if (type == null) {
                throw new IllegalArgumentException(here + ": unknown type '" + in.type()
                        + "' (use one of text, integer, real, boolean, date, datetime, select, tags, json)");
            }
            if (type == FieldType.SELECT && in.options().isEmpty()) {
                throw new IllegalArgumentException(here + ": type select needs options");
            }
            if (fields.stream().anyMatch(f -> f.name().equals(in.name()))) {
                throw new IllegalArgumentException(here + ": declared twice");
            }
            fields.add(new FieldDef(in.name(), type, in.required(), in.options()));
        }
        return new TableDef(a.name(), fields);
    }

    /**
     * @param workspace workspace id
     * @param name action name
     * @return the action, if the workspace has it
     */
    public Optional<Entry> find(String workspace, String name) {
        return Optional.ofNullable(byWorkspace.getOrDefault(workspace, Map.of()).get(name));
    }

    /**
     * @param workspace workspace id
     * @return its actions by name
     */
    public Map<String, Entry> of(String workspace) {
        return byWorkspace.getOrDefault(workspace, Map.of());
    }
}
