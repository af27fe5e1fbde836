package io.epicenter.workspace.actions;

import java.util.List;
import java.util.Map;

import io.epicenter.plugin.actions.ActionContext;
import io.epicenter.plugin.actions.ActionInput;
import io.epicenter.plugin.actions.WorkspaceAction;
import io.epicenter.workspace.schema.FieldDef;
import io.epicenter.workspace.schema.FieldType;
import io.epicenter.workspace.schema.TableDef;
import io.epicenter.workspace.schema.WorkspaceDef;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActionCatalogTest {

    static final List<WorkspaceDef> WS = List.of(
            new WorkspaceDef("a", "A", List.of(new TableDef("t", List.of(new FieldDef("id", FieldType.ID, true, List.of())))), List.of(), "x"),
            new WorkspaceDef("b", "B", List.of(new TableDef("t", List.of(new FieldDef("id", FieldType.ID, true, List.of())))), List.of(), "y"));

    record Act(String workspace, String name, Kind kind, List<ActionInput> inputs) implements WorkspaceAction {
        @Override
        public Object handle(ActionContext context, Map<String, Object> input) {
            return workspace;
        }
    }

    @Test
    void wildcardActionsReachEveryWorkspaceAndOwnOnesWin() {
        Act all = new Act("*", "count", WorkspaceAction.Kind.QUERY, List.of(ActionInput.optional("n", "integer")));
        Act own = new Act("b", "count", WorkspaceAction.Kind.MUTATION, List.of());
        Act elsewhere = new Act("zzz", "x", WorkspaceAction.Kind.QUERY, List.of());
        ActionCatalog c = new ActionCatalog(WS, List.of(all, own, elsewhere));
        assertThat(c.find("a", "count").orElseThrow().action()).isSameAs(all);
        assertThat(c.find("b", "count").orElseThrow().action()).isSameAs(own);
        assertThat(c.find("a", "x")).isEmpty();
        assertThat(c.find("a", "count").orElseThrow().inputs().field("n").orElseThrow().type()).isEqualTo(FieldType.INTEGER);
    }

    @Test
    void badActionsStopStartupWithTheirName() {
        assertThatThrownBy(() -> new ActionCatalog(WS, List.of(new Act("a", "x", WorkspaceAction.Kind.QUERY, List.of()),
                                                               new Act("a", "x", WorkspaceAction.Kind.QUERY, List.of()))))
                .hasMessageContaining("two actions named 'x'");
        assertThatThrownBy(() -> new ActionCatalog(WS, List.of(new Act("a", "x", WorkspaceAction.Kind.QUERY,
                                                                       List.of(ActionInput.required("n", "number"))))))
                .hasMessageContaining("input 'n'").hasMessageContaining("unknown type 'number'");
        assertThatThrownBy(() -> new ActionCatalog(WS, List.of(new Act("a", "bad name", WorkspaceAction.Kind.QUERY, List.of()))))
                .hasMessageContaining("invalid name");
    }
}
