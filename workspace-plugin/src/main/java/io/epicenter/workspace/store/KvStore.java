package io.epicenter.workspace.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.epicenter.crdt.doc.Doc;
import io.epicenter.crdt.types.YMap;
import io.epicenter.workspace.schema.FieldDef;
import io.epicenter.workspace.schema.RowValidator;

/** Typed settings in the root map {@code kv} (key → plain JSON value), checked against the kv definitions. */
public final class KvStore {

    /** Root map of the settings. */
    public static final String KV = "kv";

    private KvStore() {
    }

    /**
     * The settings as stored.
     *
     * @param values valid settings (key → value)
     * @param invalid key → problem (a wrong type, a missing required setting, an unknown key)
     */
    public record Settings(Map<String, Object> values, Map<String, String> invalid) {
    }

    /**
     * @param doc the document
     * @param defs the kv definitions
     * @return the settings
     */
    public static Settings read(Doc doc, List<FieldDef> defs) {
        YMap kv = doc.getMap(KV);
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> invalid = new LinkedHashMap<>();
        for (FieldDef f : defs) {
            Object v = Values.out(f, kv.get(f.name()));
            if (v == null) {
                if (f.required()) {
                    invalid.put(f.name(), "required");
                }
                continue;
            }
            String problem = RowValidator.check(f, v);
            if (problem == null) {
                values.put(f.name(), v);
            } else {
                invalid.put(f.name(), problem);
            }
        }
        for (String key : kv.keys()) {
            if (defs.stream().noneMatch(f -> f.name().equals(key))) {
                invalid.put(key, "unknown setting");
            }
        }
        return new Settings(values, invalid);
    }

    /**
     * Check settings to write (outside the lane).
     *
     * @param defs the kv definitions
     * @param changes key → value (null removes)
     * @throws ValidationException 400 with field errors
     */
    public static void check(List<FieldDef> defs, Map<String, Object> changes) {
        Map<String, String> errors = new LinkedHashMap<>();
        changes.forEach((k, v) -> {
            FieldDef f = defs.stream().filter(d -> d.name().equals(k)).findFirst().orElse(null);
            if (f == null) {
                errors.put(k, "unknown setting");
            } else if (v == null) {
                if (f.required()) {
                    errors.put(k, "required");
                }
            } else {
                String p = RowValidator.check(f, v);
                if (p == null) {
                    p = Values.unsafeNumber(v);
                }
                if (p != null) {
                    errors.put(k, p);
                }
            }
        });
        if (!errors.isEmpty()) {
            throw new ValidationException(400, "invalid settings", errors);
        }
    }

    /**
     * @param doc the document (inside {@code doc.transact})
     * @param changes checked with {@link #check}
     */
    public static void write(Doc doc, Map<String, Object> changes) {
        YMap kv = doc.getMap(KV);
        changes.forEach((k, v) -> {
            if (v == null) {
                if (kv.has(k)) {
                    kv.delete(k);
                }
            } else if (!kv.has(k) || !Values.same(kv.get(k), v)) {
                kv.set(k, Values.in(v));
            }
        });
    }
}
