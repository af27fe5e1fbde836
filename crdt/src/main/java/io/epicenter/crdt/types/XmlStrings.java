package io.epicenter.crdt.types;

import io.epicenter.crdt.lib0.JsSemantics;
import java.util.List;
import java.util.Map;

/** JavaScript's {@code String(value)} for the XML serialisations. */
final class XmlStrings {
  private XmlStrings() {}

  static String js(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Double d) {
      return JsSemantics.numberToString(d);
    }
    if (v instanceof Map<?, ?>) {
      return "[object Object]";
    }
    if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        Object o = l.get(i);
        sb.append(o == null ? "" : js(o));
      }
      return sb.toString();
    }
    if (v instanceof io.epicenter.crdt.lib0.Any.Undefined) {
      return "undefined";
    }
    return String.valueOf(v);
  }
}
