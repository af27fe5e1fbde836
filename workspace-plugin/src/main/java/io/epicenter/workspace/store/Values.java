package io.epicenter.workspace.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.epicenter.crdt.doc.JsonValues;
import io.epicenter.crdt.lib0.Any;
import io.epicenter.workspace.schema.FieldDef;
import io.epicenter.workspace.schema.FieldType;

/**
 * Converts between the values stored in a workspace document and the plain JSON values of the REST
 * API. In the document every number is a JavaScript number (a double); on the way out whole numbers
 * become longs (so {@code 3} is not written as {@code 3.0}), except in {@code real} fields.
 */
public final class Values {

    /** Largest integer a JavaScript number holds exactly (2^53 - 1). */
    public static final long MAX_SAFE_INTEGER = 9007199254740991L;

    private Values() {
    }

    /**
     * @param field the field the value belongs to, or null (kv setting / unknown field)
     * @param stored a value read from the document (nested types already converted)
     * @return the value as JSON for clients
     */
    public static Object out(FieldDef field, Object stored) {
        if (field != null && field.type() == FieldType.REAL && stored instanceof Number n && !(stored instanceof BigInteger)) {
            return n.doubleValue();
        }
        return plain(stored);
    }

    /**
     * @param v a value from the document or from a JSON body
     * @return the same value as plain JSON: whole doubles as longs, undefined as null, nested types as JSON
     */
    public static Object plain(Object v) {
        Object j = JsonValues.json(v);
        if (j == null || j instanceof Any.Undefined) {
            return null;
        }
        if (j instanceof Double || j instanceof Float || j instanceof BigDecimal) {
            double d = ((Number) j).doubleValue();
            if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER) {
                return (long) d;
            }
            return d;
        }
        if (j instanceof Integer || j instanceof Short || j instanceof Byte) {
            return ((Number) j).longValue();
        }
        if (j instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), plain(val)));
            return out;
        }
        if (j instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        return j;
    }

    /**
     * @param v a JSON value from a request (validated)
     * @return the value to store: numbers as doubles (JavaScript numbers), maps and lists copied
     */
    public static Object in(Object v) {
        if (v instanceof BigInteger b) {
            return b.doubleValue();
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), in(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(in(x)));
            return out;
        }
        return v;
    }

    /**
     * @param v a JSON value from a request
     * @return a problem when it holds a number a JavaScript number cannot represent exactly
     *         (integers beyond 2^53), else null
     */
    public static String unsafeNumber(Object v) {
        if (v instanceof BigInteger b) {
            return b.abs().compareTo(BigInteger.valueOf(MAX_SAFE_INTEGER)) > 0 ? "number " + b + " is beyond 2^53 (not exact in JavaScript)" : null;
        }
        if (v instanceof Long l) {
            return Math.abs(l) > MAX_SAFE_INTEGER ? "number " + l + " is beyond 2^53 (not exact in JavaScript)" : null;
        }
        if (v instanceof Map<?, ?> m) {
            for (Object x : m.values()) {
                String p = unsafeNumber(x);
                if (p != null) {
                    return p;
                }
            }
        }
        if (v instanceof List<?> l) {
            for (Object x : l) {
                String p = unsafeNumber(x);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * @param a a plain value
     * @param b another
     * @return whether both are the same JSON value (numbers compared numerically)
     */
    public static boolean same(Object a, Object b) {
        return java.util.Objects.equals(plain(a), plain(b));
    }
}
