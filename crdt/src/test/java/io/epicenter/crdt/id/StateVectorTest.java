package io.epicenter.crdt.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.epicenter.crdt.lib0.CrdtDecodeException;
import io.epicenter.crdt.lib0.DecodeLimits;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateVectorTest {
  static byte[] h(String hex) {
    return HexFormat.ofDelimiter(" ").parseHex(hex);
  }

  @Test
  void encodeDescendingDecodeAnyOrder() {
    Map<Long, Long> sv = new LinkedHashMap<>();
    sv.put(5L, 1L);
    sv.put(2L, 1L);
    sv.put(4000000000L, 1L);
    sv.put(300L, 1L);
    assertThat(HexFormat.ofDelimiter(" ").formatHex(StateVector.encode(sv)))
        .isEqualTo("04 80 d0 ac f3 0e 01 ac 02 01 05 01 02 01");
    assertThat(StateVector.decode(StateVector.encode(sv))).isEqualTo(sv);
    assertThat(StateVector.decode(h("00"))).isEmpty();
    // a client twice: last value wins
    assertThat(StateVector.decode(h("02 01 05 01 07"))).containsExactly(Map.entry(1L, 7L));
    // 53-bit client ids
    Map<Long, Long> big = Map.of((1L << 53) - 1, 3L);
    assertThat(StateVector.decode(StateVector.encode(big))).isEqualTo(big);
  }

  @Test
  void malformed() {
    assertThatThrownBy(() -> StateVector.decode(h("02 01 05"))).isInstanceOf(CrdtDecodeException.class);
    assertThatThrownBy(() -> StateVector.decode(h("ff ff ff 7f"))).isInstanceOf(CrdtDecodeException.class);
    assertThatThrownBy(() -> StateVector.decode(h("03 01 01 02 02 03 03"), DecodeLimits.defaults().withMaxClients(2)))
        .isInstanceOf(CrdtDecodeException.class).hasMessageContaining("maxClients");
  }

  @Test
  void deleteSetMerge() {
    DeleteSet a = new DeleteSet();
    a.add(1, 5, 2);
    a.add(1, 1, 1);
    a.add(2, 0, 1);
    DeleteSet b = new DeleteSet();
    b.add(1, 2, 3);
    b.add(1, 10, 0);
    DeleteSet m = DeleteSet.merge(List.of(a, b));
    assertThat(m.toString()).isEqualTo("DeleteSet{1:[1+6][10+0] 2:[0+1] }");
    assertThat(m.clientsDescending()).containsExactly(2, 1);
    assertThat(m.isDeleted(1, 6)).isTrue();
    assertThat(m.isDeleted(1, 7)).isFalse();
  }
}
