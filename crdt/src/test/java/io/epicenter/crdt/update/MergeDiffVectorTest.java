package io.epicenter.crdt.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.epicenter.crdt.Vectors;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MergeDiffVectorTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : Vectors.load("merge-diff.json").get("cases")) {
      out.add(Arguments.of(c.get("name").asText(), c));
    }
    return out.stream();
  }

  static Map<Long, Long> map(JsonNode obj) {
    Map<Long, Long> m = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
      var e = it.next();
      m.put(Long.parseLong(e.getKey()), e.getValue().asLong());
    }
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mergeDiffMeta(String name, JsonNode c) {
    List<byte[]> updates = Vectors.b64List(c.get("updates"));
    byte[] merged = Updates.mergeUpdates(updates);
    assertThat(Vectors.hex(merged)).as("merged").isEqualTo(Vectors.hex(Vectors.b64(c.get("merged"))));

    byte[] sv = Updates.encodeStateVectorFromUpdate(merged);
    assertThat(Vectors.hex(sv)).as("stateVectorFromUpdate")
        .isEqualTo(Vectors.hex(Vectors.b64(c.get("stateVectorFromUpdate"))));

    JsonNode inputs = c.get("stateVectorsFromInputs");
    if (inputs != null) {
      for (int i = 0; i < updates.size(); i++) {
        assertThat(Vectors.hex(Updates.encodeStateVectorFromUpdate(updates.get(i)))).as("sv of input " + i)
            .isEqualTo(Vectors.hex(Vectors.b64(inputs.get(i))));
      }
    }

    int i = 0;
    for (JsonNode d : c.get("diffs")) {
      byte[] diff = Updates.diffUpdate(merged, Vectors.b64(d.get("stateVector")));
      assertThat(Vectors.hex(diff)).as("diff " + i + " against " + d.get("stateVectorMap"))
          .isEqualTo(Vectors.hex(Vectors.b64(d.get("diff"))));
      i++;
    }

    UpdateMeta meta = Updates.parseUpdateMeta(merged);
    assertThat(meta.from()).as("meta.from").isEqualTo(map(c.get("updateMeta").get("from")));
    assertThat(meta.to()).as("meta.to").isEqualTo(map(c.get("updateMeta").get("to")));

    // merging is also valid input; re-validating the output must succeed
    Updates.validate(merged, io.epicenter.crdt.lib0.DecodeLimits.defaults());
  }
}
