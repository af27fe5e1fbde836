package io.epicenter.crdt.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.epicenter.crdt.id.StateVector;
import io.epicenter.crdt.lib0.CrdtDecodeException;
import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.crdt.struct.ContentString;
import io.epicenter.crdt.struct.Item;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worked examples of the reference doc (sections 3, 5 and 6) and a few edge cases. */
class UpdatesExamplesTest {
  static byte[] h(String hex) {
    return HexFormat.ofDelimiter(" ").parseHex(hex);
  }

  static String hex(byte[] b) {
    return HexFormat.ofDelimiter(" ").formatHex(b);
  }

  static final String ABC = "01 01 01 00 04 01 01 74 03 61 62 63 00";

  @Test
  void zeroAndOneUpdates() {
    assertThat(hex(Updates.mergeUpdates(List.of()))).isEqualTo("00 00");
    byte[] one = h("01 01 01 00 04 01 01 74 03 61 62 63 00");
    assertThat(Updates.mergeUpdates(List.of(one))).isSameAs(one);
    assertThat(Updates.isEmpty(h("00 00"))).isTrue();
    assertThat(Updates.isEmpty(h("00 01 01 00"))).isTrue(); // a delete-set client with zero ranges
    assertThat(Updates.isEmpty(h("00 01 01 01 01 01"))).isFalse();
    assertThat(Updates.isEmpty(one)).isFalse();
    assertThatThrownBy(() -> Updates.isEmpty(h("01"))).isInstanceOf(CrdtDecodeException.class);
  }

  @Test
  void stateVectorAndMetaOfExamples() {
    assertThat(hex(Updates.encodeStateVectorFromUpdate(h(ABC)))).isEqualTo("01 01 03");
    // UTF-16 clocks: "a😀é" occupies 4 clocks
    assertThat(hex(Updates.encodeStateVectorFromUpdate(h("01 01 07 00 04 01 01 74 07 61 f0 9f 98 80 c3 a9 00"))))
        .isEqualTo("01 07 04");
    // an update that starts at clock 2 gives an empty state vector
    assertThat(hex(Updates.encodeStateVectorFromUpdate(h("01 01 07 04 84 07 03 01 7a 00")))).isEqualTo("00");
    UpdateMeta meta = Updates.parseUpdateMeta(h("01 01 07 04 84 07 03 01 7a 00"));
    assertThat(meta.from()).isEqualTo(Map.of(7L, 4L));
    assertThat(meta.to()).isEqualTo(Map.of(7L, 5L));
  }

  @Test
  void mergeWritesSkipForHoles() {
    byte[] ab = h("01 01 1e 00 04 01 01 74 02 61 62 00");
    byte[] ef = h("01 01 1e 04 84 1e 03 02 65 66 00");
    byte[] merged = Updates.mergeUpdates(List.of(ab, ef));
    assertThat(hex(merged)).isEqualTo("01 03 1e 00 04 01 01 74 02 61 62 0a 02 84 1e 03 02 65 66 00");
    assertThat(hex(Updates.encodeStateVectorFromUpdate(merged))).isEqualTo("01 1e 02");
    assertThat(hex(Updates.mergeUpdates(List.of(ef, ab)))).isEqualTo(hex(merged));
  }

  @Test
  void gcMergesOnlyAcrossInputs() {
    byte[] a = h("01 02 3c 00 00 01 00 02 00");
    byte[] b = h("01 01 3c 03 00 01 00");
    byte[] c = h("01 01 3c 04 00 03 00");
    assertThat(hex(Updates.mergeUpdates(List.of(a, b, c)))).isEqualTo("01 02 3c 00 00 01 00 06 00");
  }

  @Test
  void itemVersusGcTieFollowsV8Sort() {
    byte[] item = h("01 01 05 00 04 01 01 74 03 61 62 63 00");
    byte[] gc = h("01 01 05 00 00 03 00");
    assertThat(hex(Updates.mergeUpdates(List.of(item, gc)))).isEqualTo("01 01 05 00 00 03 00");
    assertThat(hex(Updates.mergeUpdates(List.of(gc, item)))).isEqualTo(ABC.replace("01 00 04", "05 00 04").replace("01 01 01", "01 01 05"));
  }

  @Test
  void orderDependenceWhenInputsCutDifferently() {
    byte[] hello = h("01 01 01 00 04 01 01 74 05 68 65 6c 6c 6f 00");
    byte[] hOnly = h("01 01 01 00 04 01 01 74 01 68 00");
    assertThat(hex(Updates.mergeUpdates(List.of(hello, hOnly)))).isEqualTo(hex(hello));
    assertThat(hex(Updates.mergeUpdates(List.of(hOnly, hello))))
        .isEqualTo("01 02 01 00 04 01 01 74 01 68 84 01 00 04 65 6c 6c 6f 00");
  }

  @Test
  void ascendingGroupsQuirkDropsAClientLikeYjs() {
    byte[] a = h("02 01 01 00 04 01 01 74 03 61 61 61 01 05 00 04 01 01 74 02 63 63 00");
    byte[] b = h("01 01 03 00 04 01 01 74 01 62 00");
    UpdateMeta meta = Updates.parseUpdateMeta(Updates.mergeUpdates(List.of(a, b)));
    assertThat(meta.from()).containsOnlyKeys(3L, 1L);
  }

  @Test
  void keyedItemsLoseBit0x20WhenReencoded() {
    // doc 3.9 (d)+(e): map.set("a",1) then map.set("a",2) by client 2
    byte[] first = h("01 01 02 00 28 01 01 6d 01 61 01 7d 01 00");
    byte[] second = h("01 01 02 01 a8 02 00 01 7d 02 01 02 01 00 01");
    byte[] merged = Updates.mergeUpdates(List.of(first, second));
    assertThat(hex(merged)).isEqualTo("01 02 02 00 28 01 01 6d 01 61 01 7d 01 88 02 00 01 7d 02 01 02 01 00 01");
    // exact re-encoding keeps a8
    assertThat(hex(UpdateCodec.encode(UpdateCodec.decodeV1(second), UpdateCodec.Format.V1, true))).isEqualTo(hex(second));
    // a cut of a keyed Deleted run keeps 0x20 (the key was known): 21 .. 02 cut at 1 -> a1 02 00 01
    byte[] keyedDeleted = h("01 01 02 00 21 01 01 6d 01 61 02 00");
    byte[] diff = Updates.diffUpdate(keyedDeleted, StateVector.encode(Map.of(2L, 1L)));
    assertThat(hex(diff)).isEqualTo("01 01 02 01 a1 02 00 01 00");
  }

  @Test
  void diffCutsInsideSurrogatePairWithReplacementCharacter() {
    byte[] text = h("01 01 07 00 04 01 01 74 08 61 f0 9f 98 80 c3 a9 7a 00");
    byte[] diff = Updates.diffUpdate(text, StateVector.encode(Map.of(7L, 2L)));
    assertThat(hex(diff)).isEqualTo("01 01 07 02 84 07 01 06 ef bf bd c3 a9 7a 00");
    // a merge slices the content object instead: both halves get U+FFFD, clocks unchanged
    byte[] prefix = h("01 01 07 00 04 01 01 74 01 61 00"); // "a" only... then the whole text
    Item sliced = ((Item) UpdateCodec.decodeV1(text).structs().get(0)).sliceFrom(2);
    assertThat(((ContentString) sliced.content()).str()).isEqualTo("\uFFFDéz");
    assertThat(sliced.length()).isEqualTo(3);
    assertThat(Updates.mergeUpdates(List.of(prefix, text))).isNotEmpty();
  }

  @Test
  void diffAgainstFullStateVectorKeepsOnlyTheDeleteSet() {
    byte[] merged = Updates.mergeUpdates(List.of(h("01 01 32 00 04 01 01 74 01 68 00"), h("00 01 32 01 00 01")));
    byte[] diff = Updates.diffUpdate(merged, Updates.encodeStateVectorFromUpdate(merged));
    assertThat(hex(diff)).isEqualTo("00 01 32 01 00 01");
  }

  @Test
  void v2Example() {
    byte[] v2 = h("00 00 01 01 00 00 01 04 07 04 74 61 62 63 01 03 01 01 00 00 01 01 00 00");
    assertThat(hex(Updates.convertUpdateFormatV1ToV2(h(ABC)))).isEqualTo(hex(v2));
    assertThat(hex(Updates.convertUpdateFormatV2ToV1(v2))).isEqualTo(ABC);
    assertThat(hex(Updates.encodeStateVectorFromUpdateV2(v2))).isEqualTo("01 01 03");
    assertThat(Updates.parseUpdateMetaV2(v2)).isEqualTo(Updates.parseUpdateMeta(h(ABC)));
    assertThat(hex(Updates.diffUpdateV2(v2, h("01 01 01"))))
        .isEqualTo(hex(Updates.convertUpdateFormatV1ToV2(Updates.diffUpdate(h(ABC), h("01 01 01")))));
    // a V2 update fed to the V1 reader reads as "no structs, empty delete set" + trailing bytes
    assertThat(Updates.isEmpty(v2)).isTrue();
    assertThatThrownBy(() -> Updates.validate(v2, DecodeLimits.defaults())).isInstanceOf(CrdtDecodeException.class)
        .hasMessageContaining("trailing bytes");
  }

  @Test
  void validateRejectsTwoGroupsOfOneClient() {
    byte[] twice = h("02 01 01 00 04 01 01 74 01 61 01 01 01 84 01 00 01 62 00");
    assertThatThrownBy(() -> Updates.validate(twice, DecodeLimits.defaults())).isInstanceOf(CrdtDecodeException.class)
        .hasMessageContaining("two struct groups for client 1");
    // the document-less functions accept it like Yjs
    assertThat(hex(Updates.encodeStateVectorFromUpdate(twice))).isEqualTo("01 01 02");
  }

  @Test
  void malformedUpdatesNameTheProblem() {
    assertThatThrownBy(() -> Updates.validate(h("01 01 01 00 04 01 01 74 03 61 62 63 01 01"), DecodeLimits.defaults()))
        .isInstanceOf(CrdtDecodeException.class).hasMessageContaining("unexpected end");
    assertThatThrownBy(() -> Updates.validate(h("01 01 01 00 8b 01 00 00"), DecodeLimits.defaults()))
        .isInstanceOf(CrdtDecodeException.class).hasMessageContaining("unknown content ref 11");
    assertThatThrownBy(() -> Updates.validate(h("01 01 01 00 07 01 01 74 07 00"), DecodeLimits.defaults()))
        .isInstanceOf(CrdtDecodeException.class).hasMessageContaining("unknown type ref 7");
    assertThatCode(() -> Updates.validate(h("01 01 01 00 05 01 01 74 02 7b 7d 00"), DecodeLimits.defaults()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> Updates.validate(h("01 01 01 00 05 01 01 74 02 7b 7b 00"), DecodeLimits.defaults()))
        .isInstanceOf(CrdtDecodeException.class).hasMessageContaining("JSON");
    assertThatThrownBy(() -> Updates.validate(h("01 01 01 00 08 01 01 74 01 70 00"), DecodeLimits.defaults()))
        .isInstanceOf(CrdtDecodeException.class).hasMessageContaining("unknown Any tag 112");
    assertThatThrownBy(() -> Updates.validate(h("01 01 01 ff ff ff ff ff ff ff 0f 00 05 00"), DecodeLimits.defaults()))
        .isInstanceOf(CrdtDecodeException.class).hasMessageContaining("clock out of range");
  }
}
