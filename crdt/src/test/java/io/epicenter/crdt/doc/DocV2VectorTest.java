package io.epicenter.crdt.doc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.epicenter.crdt.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** updates-v2.json: V2 updates applied to a document give the JSON, state vector and encodedStateV2. */
class DocV2VectorTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : Vectors.load("updates-v2.json").get("cases")) {
      out.add(Arguments.of(c.get("name").asText(), c));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void v2(String name, JsonNode c) {
    boolean gc = !c.has("receiverOptions") || c.get("receiverOptions").get("gc").asBoolean(true);
    Doc doc = new Doc(1_000_000_007L, gc);
    Doc viaV1 = new Doc(1_000_000_009L, gc);
    for (JsonNode u : c.get("updates")) {
      doc.applyUpdateV2(Vectors.b64(u.get("v2")));
      viaV1.applyUpdate(Vectors.b64(u.get("v1")));
    }
    if (c.has("roots") && c.has("json")) {
      assertThat(DocJson.roots(doc, c.get("roots"))).isEqualTo(DocJson.normalise(c.get("json")));
      assertThat(DocJson.roots(viaV1, c.get("roots"))).isEqualTo(DocJson.normalise(c.get("json")));
    }
    if (c.has("stateVector")) {
      assertThat(Vectors.hex(doc.encodeStateVector())).isEqualTo(Vectors.hex(Vectors.b64(c.get("stateVector"))));
      assertThat(Vectors.hex(viaV1.encodeStateVector())).isEqualTo(Vectors.hex(Vectors.b64(c.get("stateVector"))));
    }
    if (c.has("encodedStateV2")) {
      assertThat(Vectors.hex(doc.encodeStateAsUpdateV2()))
          .isEqualTo(Vectors.hex(Vectors.b64(c.get("encodedStateV2"))));
    }
  }
}
