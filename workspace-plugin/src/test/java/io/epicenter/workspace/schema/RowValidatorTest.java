package io.epicenter.workspace.schema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RowValidatorTest {

    private static final TableDef T = new TableDef("t", List.of(
            new FieldDef("id", FieldType.ID, true, List.of()),
            new FieldDef("title", FieldType.TEXT, true, List.of()),
            new FieldDef("n", FieldType.INTEGER, false, List.of()),
            new FieldDef("x", FieldType.REAL, false, List.of()),
            new FieldDef("b", FieldType.BOOLEAN, false, List.of()),
            new FieldDef("d", FieldType.DATE, false, List.of()),
            new FieldDef("dt", FieldType.DATETIME, false, List.of()),
            new FieldDef("s", FieldType.SELECT, false, List.of("a", "b")),
            new FieldDef("tags", FieldType.TAGS, false, List.of()),
            new FieldDef("j", FieldType.JSON, false, List.of())));

    @Test
    void validRow() {
        Map<String, Object> row = Map.of("id", "r1", "title", "hi", "n", 3, "x", 2.5, "b", true, "d", "2026-11-25",
                                         "dt", "2026-11-25T15:30:00Z", "s", "a", "tags", List.of("x", "y"),
                                         "j", Map.of("k", List.of(1, 2)));
        assertThat(RowValidator.validate(T, row)).isEmpty();
        assertThat(RowValidator.validate(T, Map.of("id", "r1", "title", "t", "n", 4.0))).isEmpty();
    }

    @Test
    void everyKindOfError() {
        Map<String, Object> row = new HashMap<>();
        row.put("id", "");
        row.put("n", 1.5);
        row.put("x", "nope");
        row.put("b", "true");
        row.put("d", "25/11/2026");
        row.put("dt", "2026-11-25");
        row.put("s", "c");
        row.put("tags", List.of("x", "x"));
        row.put("zzz", 1);
        Map<String, String> errors = RowValidator.asMap(RowValidator.validate(T, row));
        assertThat(errors).containsOnlyKeys("id", "title", "n", "x", "b", "d", "dt", "s", "tags", "zzz");
        assertThat(errors.get("title")).isEqualTo("required");
        assertThat(errors.get("zzz")).isEqualTo("unknown field");
        assertThat(errors.get("s")).contains("[a, b]");
    }

    @Test
    void patchChecksOnlyGivenFields() {
        assertThat(RowValidator.validatePatch(T, Map.of("n", 7))).isEmpty();
        Map<String, Object> clear = new HashMap<>();
        clear.put("title", null);
        assertThat(RowValidator.asMap(RowValidator.validatePatch(T, clear))).containsEntry("title", "required");
    }
}
