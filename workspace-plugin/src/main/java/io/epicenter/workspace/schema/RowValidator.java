package io.epicenter.workspace.schema;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a row (field → plain Java value as read from the document or from JSON: String,
 * Number, Boolean, List, Map, null) against its table definition.
 */
public final class RowValidator {

    /**
     * One problem with one field.
     *
     * @param field the field name
     * @param message what is wrong
     */
    public record FieldError(String field, String message) {
    }

    private RowValidator() {
    }

    /**
     * Validate a whole row.
     *
     * @param table the table
     * @param row the row's values
     * @return errors, empty when valid
     */
    public static List<FieldError> validate(TableDef table, Map<String, Object> row) {
        List<FieldError> errors = new ArrayList<>();
        for (String key : row.keySet()) {
            if (table.field(key).isEmpty()) {
                errors.add(new FieldError(key, "unknown field"));
            }
        }
        for (FieldDef f : table.fields()) {
            Object v = row.get(f.name());
            if (v == null) {
                if (f.required()) {
                    errors.add(new FieldError(f.name(), "required"));
                }
                continue;
            }
            String problem = check(f, v);
            if (problem != null) {
                errors.add(new FieldError(f.name(), problem));
            }
        }
        return errors;
    }

    /**
     * Validate only the given fields (a partial update), without requiring the others.
     *
     * @param table the table
     * @param patch field → new value (null clears a nullable field)
     * @return errors, empty when valid
     */
    public static List<FieldError> validatePatch(TableDef table, Map<String, Object> patch) {
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            FieldDef f = table.field(e.getKey()).orElse(null);
            if (f == null) {
                errors.add(new FieldError(e.getKey(), "unknown field"));
            } else if (e.getValue() == null) {
                if (f.required()) {
                    errors.add(new FieldError(f.name(), "required"));
                }
            } else {
                String problem = check(f, e.getValue());
                if (problem != null) {
                    errors.add(new FieldError(f.name(), problem));
                }
            }
        }
        return errors;
    }

    /**
     * @param f the field
     * @param v a non-null value
     * @return a problem description, or null when the value fits
     */
    public static String check(FieldDef f, Object v) {
        return switch (f.type()) {
            case ID -> v instanceof String s && !s.isEmpty() && s.length() <= 512 ? null : "must be a non-empty string (at most 512 chars)";
            case TEXT -> v instanceof String ? null : "must be a string";
            case INTEGER -> isInteger(v) ? null : "must be an integer";
            case REAL -> v instanceof Number n && Double.isFinite(n.doubleValue()) ? null : "must be a number";
            case BOOLEAN -> v instanceof Boolean ? null : "must be true or false";
            case DATE -> v instanceof String s && parses(() -> LocalDate.parse(s)) ? null : "must be a date like 2026-11-25";
            case DATETIME -> v instanceof String s && parses(() -> OffsetDateTime.parse(s)) ? null
                    : "must be a date-time with offset like 2026-11-25T15:30:00Z";
            case SELECT -> v instanceof String s && f.options().contains(s) ? null : "must be one of " + f.options();
            case TAGS -> checkTags(f, v);
            case JSON -> null;
        };
    }

    private static String checkTags(FieldDef f, Object v) {
        if (!(v instanceof Collection<?> c)) {
            return "must be a list of strings";
        }
        Set<Object> seen = new HashSet<>();
        for (Object o : c) {
            if (!(o instanceof String s)) {
                return "must be a list of strings";
            }
            if (!f.options().isEmpty() && !f.options().contains(s)) {
                return "tag '" + s + "' is not one of " + f.options();
            }
            if (!seen.add(s)) {
                return "tag '" + s + "' appears twice";
            }
        }
        return null;
    }

    private static boolean isInteger(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof java.math.BigInteger) {
            return true;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) <= 9007199254740991d;
        }
        return false;
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * @param errors field errors
     * @return them as a JSON-friendly map field → message
     */
    public static Map<String, String> asMap(List<FieldError> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        errors.forEach(e -> out.merge(e.field(), e.message(), (a, b) -> a + "; " + b));
        return out;
    }
}
