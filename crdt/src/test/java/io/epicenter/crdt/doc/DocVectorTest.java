package io.epicenter.crdt.doc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.epicenter.crdt.Vectors;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** updates-basic.json and random-fuzz.json applied to a document: JSON, state vector, pending, bytes. */
class DocVectorTest {

  static Stream<Arguments> basicCases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : Vectors.load("updates-basic.json").get("cases")) {
      out.add(Arguments.of(c.get("name").asText(), c));
    }
    return out.stream();
  }

  static Stream<Arguments> fuzzSessions() {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : Vectors.load("random-fuzz.json").get("sessions")) {
      out.add(Arguments.of("fuzz-" + i++ + " seed " + c.get("seed"), c));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("basicCases")
  void basic(String name, JsonNode c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fuzzSessions")
  void fuzz(String name, JsonNode c) {
    check(c);
  }

  static Doc replay(JsonNode c) {
    boolean gc = !c.has("receiverOptions") || c.get("receiverOptions").get("gc").asBoolean(true);
    Doc doc = new Doc(1_000_000_007L, gc);
    for (JsonNode u : c.get("updates")) {
      doc.applyUpdate(Vectors.b64(u));
    }
    return doc;
  }

  static void check(JsonNode c) {
    Doc doc = replay(c);
    JsonNode exp = c.get("expected");
    assertThat(DocJson.roots(doc, c.get("roots"))).isEqualTo(DocJson.normalise(exp.get("json")));
    assertThat(Vectors.hex(doc.encodeStateVector())).isEqualTo(Vectors.hex(Vectors.b64(exp.get("stateVector"))));
    JsonNode pending = exp.get("pending");
    assertThat(doc.hasPendingStructs()).isEqualTo(pending.get("structs").asBoolean());
    assertThat(doc.hasPendingDeleteSet()).isEqualTo(pending.get("deleteSet").asBoolean());
    Map<Long, Long> missing = new java.util.HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = pending.get("missing").fields(); it.hasNext(); ) {
      var e = it.next();
      missing.put(Long.parseLong(e.getKey()), e.getValue().asLong());
    }
    assertThat(doc.pendingMissing()).isEqualTo(missing);
    if (exp.has("textDeltas")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = exp.get("textDeltas").fields(); it.hasNext(); ) {
        var e = it.next();
        assertThat(DocJson.normalise(DocJson.toNode(doc.getText(e.getKey()).toDelta())))
            .isEqualTo(DocJson.normalise(e.getValue()));
      }
    }
    assertThat(Vectors.hex(doc.encodeStateAsUpdate()))
        .isEqualTo(Vectors.hex(Vectors.b64(exp.get("encodedState"))));
    // the encoded state re-applied to a fresh document gives the same content
    Doc copy = new Doc(5, true);
    copy.applyUpdate(doc.encodeStateAsUpdate());
    assertThat(DocJson.roots(copy, c.get("roots"))).isEqualTo(DocJson.roots(doc, c.get("roots")));
  }
}
