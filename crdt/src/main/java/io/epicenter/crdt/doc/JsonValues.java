package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.AnyCodec;
import io.epicenter.crdt.lib0.JsSemantics;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conversion between lib0 {@link Any} values and the plain Java values the document API uses:
 * {@code null}, {@link Boolean}, {@link Double} (every JavaScript number), {@link String},
 * {@link BigInteger} (BigInt), {@code byte[]} (Uint8Array), {@link Map} (objects, JavaScript key order),
 * {@link List}, {@link Any.Undefined#INSTANCE} (undefined), nested types and {@link SubDocument}s.
 */
public final class JsonValues {
  private JsonValues() {}

  public static Object fromAny(Any a) {
    return switch (a) {
      case Any.Null n -> null;
      case Any.Undefined u -> Any.Undefined.INSTANCE;
      case Any.Bool b -> b.value();
      case Any.Int i -> i.jsNumber();
      case Any.Float32 f -> f.jsNumber();
      case Any.Float64 f -> f.value();
      case Any.BigInt64 b -> BigInteger.valueOf(b.value());
      case Any.Str s -> s.value();
      case Any.Bytes b -> b.value().clone();
      case Any.Arr arr -> {
        List<Object> l = new ArrayList<>(arr.values().size());
        for (Any v : arr.values()) {
          l.add(fromAny(v));
        }
        yield l;
      }
      case Any.Obj o -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Any> e : JsSemantics.jsPropertyOrder(o.entries(), !o.fromJsonText())) {
          m.put(e.getKey(), fromAny(e.getValue()));
        }
        yield m;
      }
    };
  }

  /** Converts a Java value to Any (for map values: everything JSON-like, BigInt and undefined). */
  public static Any toAny(Object v) {
    if (v == null) {
      return Any.Null.INSTANCE;
    }
    if (v instanceof Any a) {
      return a;
    }
    if (v instanceof Boolean b) {
      return Any.Bool.of(b);
    }
    if (v instanceof BigInteger bi) {
      return new Any.BigInt64(bi.longValue());
    }
    if (v instanceof Number n) {
      return new Any.Float64(n.doubleValue());
    }
    if (v instanceof CharSequence s) {
      return new Any.Str(s.toString());
    }
    if (v instanceof byte[] b) {
      return new Any.Bytes(b.clone());
    }
    if (v instanceof Map<?, ?> m) {
      List<Map.Entry<String, Any>> entries = new ArrayList<>(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        entries.add(AnyCodec.entry(String.valueOf(e.getKey()), toAny(e.getValue())));
      }
      return new Any.Obj(entries, true);
    }
    if (v instanceof List<?> l) {
      List<Any> vals = new ArrayList<>(l.size());
      for (Object o : l) {
        vals.add(toAny(o));
      }
      return new Any.Arr(vals);
    }
    throw new IllegalArgumentException("unsupported value type " + v.getClass().getName());
  }

  /** Like {@link #toAny} but rejects what Yjs rejects in arrays (undefined, BigInt). */
  static Any toAnyForArray(Object v) {
    if (v instanceof BigInteger || v instanceof Any.BigInt64 || v instanceof Any.Undefined) {
      throw new IllegalArgumentException("Unexpected content type in insert operation: " + v);
    }
    return toAny(v);
  }

  /** Content for values that are not Any (binary, nested type, sub-document), else null. */
  static Content specialContent(Object v) {
    if (v instanceof byte[] b) {
      return new ContentBinary(b.clone());
    }
    if (v instanceof AbstractType t) {
      if (t.doc != null) {
        throw new IllegalArgumentException("this type is already part of a document");
      }
      return new ContentType(t);
    }
    if (v instanceof SubDocument d) {
      return new ContentDoc(d);
    }
    return null;
  }

  /** JSON form of a value: nested types replaced by their JSON. */
  public static Object json(Object v) {
    if (v instanceof AbstractType t) {
      return t.toJson();
    }
    return v;
  }
}
