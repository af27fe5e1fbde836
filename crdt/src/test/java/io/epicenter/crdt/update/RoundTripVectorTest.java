package io.epicenter.crdt.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.epicenter.crdt.Vectors;
import io.epicenter.crdt.lib0.DecodeLimits;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripVectorTest {

  static Stream<Arguments> updates() {
    return Vectors.allV1Updates().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updates")
  void decodeEncodeExact(String label, byte[] update) {
    DecodedUpdate u = UpdateCodec.decodeV1(update);
    byte[] again = UpdateCodec.encode(u, UpdateCodec.Format.V1, true);
    assertThat(Vectors.hex(again)).isEqualTo(Vectors.hex(update));
    Updates.validate(update, DecodeLimits.defaults());
  }

  @Test
  void countsAllUpdates() {
    // 50 basic cases + 20 sessions + 30 merge cases: make sure the loader found them
    assertThat(Vectors.allV1Updates().size()).isGreaterThan(1000);
    Map.Entry<String, byte[]> first = Vectors.allV1Updates().get(0);
    assertThat(first.getValue()).isNotEmpty();
  }
}
