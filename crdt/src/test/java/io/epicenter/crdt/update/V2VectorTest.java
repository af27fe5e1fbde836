package io.epicenter.crdt.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.epicenter.crdt.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class V2VectorTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : Vectors.load("updates-v2.json").get("cases")) {
      out.add(Arguments.of(c.get("name").asText(), c));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void conversionsMergeAndStateVector(String name, JsonNode c) {
    boolean v2Only = "v2-only".equals(c.get("source").asText());
    List<byte[]> v2s = new ArrayList<>();
    int i = 0;
    for (JsonNode u : c.get("updates")) {
      byte[] v1 = Vectors.b64(u.get("v1"));
      byte[] v2 = Vectors.b64(u.get("v2"));
      byte[] v1FromV2 = Vectors.b64(u.get("v1FromV2"));
      byte[] expectedV2FromV1 = v2Only ? Vectors.b64(u.get("v2FromV1")) : v2;
      assertThat(Vectors.hex(Updates.convertUpdateFormatV1ToV2(v1))).as("V1->V2 of update " + i)
          .isEqualTo(Vectors.hex(expectedV2FromV1));
      assertThat(Vectors.hex(Updates.convertUpdateFormatV2ToV1(v2))).as("V2->V1 of update " + i)
          .isEqualTo(Vectors.hex(v1FromV2));
      // exact V2 decode + encode reproduces the bytes
      DecodedUpdate d = UpdateCodec.decodeV2(v2);
      assertThat(Vectors.hex(UpdateCodec.encode(d, UpdateCodec.Format.V2, true))).as("V2 round trip of update " + i)
          .isEqualTo(Vectors.hex(v2));
      Updates.validateV2(v2, io.epicenter.crdt.lib0.DecodeLimits.defaults());
      v2s.add(v2);
      i++;
    }
    byte[] merged = Updates.mergeUpdatesV2(v2s);
    assertThat(Vectors.hex(merged)).as("mergedV2").isEqualTo(Vectors.hex(Vectors.b64(c.get("mergedV2"))));
    assertThat(Vectors.hex(Updates.encodeStateVectorFromUpdateV2(merged))).as("stateVectorFromV2")
        .isEqualTo(Vectors.hex(Vectors.b64(c.get("stateVectorFromV2"))));
    if (c.has("encodedStateV2")) {
      byte[] st = Vectors.b64(c.get("encodedStateV2"));
      assertThat(Vectors.hex(UpdateCodec.encode(UpdateCodec.decodeV2(st), UpdateCodec.Format.V2, true)))
          .as("encodedStateV2 round trip").isEqualTo(Vectors.hex(st));
      // V2 -> V1 -> V2 of a document state (no keyed items with origins lose bits here unless 0x20 quirk)
      byte[] v1 = Updates.convertUpdateFormatV2ToV1(st);
      Updates.validate(v1, io.epicenter.crdt.lib0.DecodeLimits.defaults());
    }
  }
}
