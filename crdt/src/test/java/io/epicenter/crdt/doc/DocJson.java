package io.epicenter.crdt.doc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.types.YXmlFragment;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Test helper: document values as Jackson trees with the vector tags, and root reading by kind. */
final class DocJson {
  private DocJson() {}

  static final JsonNodeFactory F = JsonNodeFactory.instance;

  static Object readRoot(Doc doc, String name, String kind) {
    return switch (kind) {
      case "text" -> doc.getText(name).toJson();
      case "map" -> doc.getMap(name).toJson();
      case "array" -> doc.getArray(name).toJson();
      case "xmlFragment" -> ((YXmlFragment) doc.getXmlFragment(name)).toJson();
      default -> throw new IllegalArgumentException(kind);
    };
  }

  static JsonNode roots(Doc doc, JsonNode rootKinds) {
    ObjectNode o = F.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = rootKinds.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      o.set(e.getKey(), toNode(readRoot(doc, e.getKey(), e.getValue().asText())));
    }
    return o;
  }

  static JsonNode toNode(Object v) {
    if (v == null) {
      return F.nullNode();
    }
    if (v instanceof Any.Undefined) {
      return F.objectNode().put("$undefined", true);
    }
    if (v instanceof Boolean b) {
      return F.booleanNode(b);
    }
    if (v instanceof Double d) {
      return number(d);
    }
    if (v instanceof BigInteger b) {
      return F.objectNode().put("$bigint", b.toString());
    }
    if (v instanceof String s) {
      return F.textNode(s);
    }
    if (v instanceof byte[] b) {
      return F.objectNode().put("$bytes", Base64.getEncoder().encodeToString(b));
    }
    if (v instanceof SubDocument d) {
      return F.objectNode().put("$doc", d.guid());
    }
    if (v instanceof AbstractType t) {
      return toNode(t.toJson());
    }
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = F.objectNode();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        o.set((String) e.getKey(), toNode(e.getValue()));
      }
      return o;
    }
    if (v instanceof List<?> l) {
      ArrayNode a = F.arrayNode();
      for (Object x : l) {
        a.add(toNode(x));
      }
      return a;
    }
    throw new IllegalArgumentException("unexpected value " + v.getClass());
  }

  static JsonNode number(double d) {
    if (Double.isNaN(d)) {
      return F.objectNode().put("$number", "NaN");
    }
    if (Double.isInfinite(d)) {
      return F.objectNode().put("$number", d > 0 ? "Infinity" : "-Infinity");
    }
    if (d == 0 && 1 / d < 0) {
      return F.objectNode().put("$number", "-0");
    }
    if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
      return F.numberNode((long) d);
    }
    return F.numberNode(d);
  }

  /** Normalises numbers of an expected tree the same way (ints as long, others as double). */
  static JsonNode normalise(JsonNode n) {
    if (n.isNumber()) {
      return number(n.doubleValue());
    }
    if (n.isObject()) {
      ObjectNode o = F.objectNode();
      n.fields().forEachRemaining(e -> o.set(e.getKey(), normalise(e.getValue())));
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = F.arrayNode();
      n.forEach(x -> a.add(normalise(x)));
      return a;
    }
    return n;
  }
}
