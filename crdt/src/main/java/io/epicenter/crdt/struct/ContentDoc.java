package io.epicenter.crdt.struct;

import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.AnyCodec;
import io.epicenter.crdt.lib0.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Content ref 9: a sub-document: guid and options object (as received). */
public record ContentDoc(String guid, Any opts) implements Content {
  @Override public int ref() { return Wire.REF_DOC; }
  @Override public long length() { return 1; }
  @Override public boolean isCountable() { return true; }

  /**
   * The options Yjs writes when it re-encodes this content: it builds a Y.Doc from the received options
   * and writes back only the non-default ones, in the order gc (false), autoLoad (true), meta.
   */
  public Any.Obj normalizedOpts() {
    Any gc = null;
    Any autoLoad = null;
    Any meta = null;
    if (opts instanceof Any.Obj o) {
      gc = o.get("gc");
      autoLoad = o.get("autoLoad");
      meta = o.get("meta");
    }
    List<Map.Entry<String, Any>> out = new ArrayList<>(3);
    // Doc constructor defaults: gc = true (when undefined), autoLoad = false, meta = null
    if (gc != null && !(gc instanceof Any.Undefined) && !truthy(gc)) {
      out.add(AnyCodec.entry("gc", Any.Bool.FALSE));
    }
    if (autoLoad != null && truthy(autoLoad)) {
      out.add(AnyCodec.entry("autoLoad", Any.Bool.TRUE));
    }
    if (meta != null && !(meta instanceof Any.Undefined) && !(meta instanceof Any.Null)) {
      out.add(AnyCodec.entry("meta", meta));
    }
    return new Any.Obj(out, true);
  }

  /** JavaScript truthiness of an Any value. */
  static boolean truthy(Any a) {
    return switch (a) {
      case Any.Undefined u -> false;
      case Any.Null n -> false;
      case Any.Bool b -> b.value();
      case Any.Str s -> !s.value().isEmpty();
      case Any.BigInt64 b -> b.value() != 0;
      case Any.Int i -> i.value() != 0;
      case Any.Float32 f -> f.jsNumber() != 0 && !Double.isNaN(f.jsNumber());
      case Any.Float64 f -> f.value() != 0 && !Double.isNaN(f.value());
      default -> true;
    };
  }
}
