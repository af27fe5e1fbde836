package io.epicenter.crdt.lib0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Lib0CodecTest {

  static byte[] h(String hex) {
    return HexFormat.ofDelimiter(" ").parseHex(hex);
  }

  static String hex(byte[] b) {
    return HexFormat.ofDelimiter(" ").formatHex(b);
  }

  @ParameterizedTest
  @CsvSource({
      "0, 00", "127, 7f", "128, 80 01", "300, ac 02", "16383, ff 7f", "16384, 80 80 01",
      "2147483647, ff ff ff ff 07", "4294967295, ff ff ff ff 0f", "4294967296, 80 80 80 80 10",
      "9007199254740991, ff ff ff ff ff ff ff 0f"})
  void varUint(long value, String bytes) {
    Lib0Writer w = new Lib0Writer();
    w.writeVarUint(value);
    assertThat(hex(w.toByteArray())).isEqualTo(bytes);
    Lib0Reader r = new Lib0Reader(h(bytes));
    assertThat(r.readVarUint()).isEqualTo(value);
    assertThat(r.remaining()).isZero();
  }

  @Test
  void varUintNonCanonicalAndErrors() {
    assertThat(new Lib0Reader(h("80 00")).readVarUint()).isZero();
    assertThatThrownBy(() -> new Lib0Reader(h("ff ff ff ff ff ff ff ff 7f")).readVarUint())
        .isInstanceOf(CrdtDecodeException.class).hasMessageContaining("range");
    // 2^53 is above the safe range
    assertThatThrownBy(() -> new Lib0Reader(h("80 80 80 80 80 80 80 10")).readVarUint())
        .isInstanceOf(CrdtDecodeException.class).hasMessageContaining("2^53");
    assertThatThrownBy(() -> new Lib0Reader(h("80 80")).readVarUint())
        .isInstanceOf(CrdtDecodeException.class).hasMessageContaining("unexpected end");
    assertThatThrownBy(() -> new Lib0Reader(h("80 80 80 80 80 80 80 80 80 80 80 00")).readVarUint())
        .isInstanceOf(CrdtDecodeException.class).hasMessageContaining("too long");
    assertThatThrownBy(() -> new Lib0Reader(new byte[0]).readVarUint())
        .isInstanceOf(CrdtDecodeException.class).hasMessageContaining("1 more byte");
  }

  @ParameterizedTest
  @CsvSource({
      "0, 00", "1, 01", "-1, 41", "63, 3f", "-63, 7f", "64, 80 01", "-64, c0 01", "8191, bf 7f",
      "8192, 80 80 01", "-8192, c0 80 01", "2147483647, bf ff ff ff 0f", "-2147483647, ff ff ff ff 0f",
      "9007199254740991, bf ff ff ff ff ff ff 1f", "-9007199254740991, ff ff ff ff ff ff ff 1f"})
  void varInt(long value, String bytes) {
    Lib0Writer w = new Lib0Writer();
    w.writeVarInt(value);
    assertThat(hex(w.toByteArray())).isEqualTo(bytes);
    Lib0Reader r = new Lib0Reader(h(bytes));
    assertThat(r.readVarInt()).isEqualTo(value);
    assertThat(r.lastVarIntNegative()).isEqualTo(value < 0);
  }

  @Test
  void negativeZero() {
    Lib0Writer w = new Lib0Writer();
    w.writeVarInt(0, true);
    assertThat(hex(w.toByteArray())).isEqualTo("40");
    Lib0Reader r = new Lib0Reader(h("40"));
    assertThat(r.readVarInt()).isZero();
    assertThat(r.lastVarIntNegative()).isTrue();
    // Any -0 keeps its encoding, exact and canonical
    Any a = AnyCodec.read(new Lib0Reader(h("7d 40")));
    assertThat(a).isEqualTo(new Any.Int(0, true));
    assertThat(Double.doubleToRawLongBits(a.jsNumber())).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(canonical(a)).isEqualTo("7d 40");
    assertThat(number(-0.0)).isEqualTo("7d 40");
  }

  @Test
  void strings() {
    assertThat(str("")).isEqualTo("00");
    assertThat(str("a")).isEqualTo("01 61");
    assertThat(str("é")).isEqualTo("02 c3 a9");
    assertThat(str("😀")).isEqualTo("04 f0 9f 98 80");
    assertThat(str("a😀b")).isEqualTo("06 61 f0 9f 98 80 62");
    assertThat(str("x".repeat(130))).startsWith("82 01 78 78");
    // lone surrogates become U+FFFD, the UTF-16 length is unchanged
    assertThat(str("a\uD83Db")).isEqualTo("05 61 ef bf bd 62");
    assertThat(str("\uDE00")).isEqualTo("03 ef bf bd");
    assertThat(str("\uD83D")).isEqualTo("03 ef bf bd");
    assertThat(str("\uDE00\uD83D")).isEqualTo("06 ef bf bd ef bf bd");
    // decode: surrogate pair from 4 bytes, BOM kept
    assertThat(new Lib0Reader(h("04 f0 9f 98 80")).readVarString()).isEqualTo("😀").hasSize(2);
    assertThat(new Lib0Reader(h("03 ef bb bf")).readVarString()).isEqualTo("\uFEFF");
  }

  @Test
  void invalidUtf8IsRejected() {
    for (String bad : List.of("02 c3 28", "01 80", "02 c0 80", "03 ed a0 80", "04 f4 90 80 80", "01 ff",
        "03 e0 80 80", "02 e2 82")) {
      assertThatThrownBy(() -> new Lib0Reader(h(bad)).readVarString()).as(bad)
          .isInstanceOf(CrdtDecodeException.class).hasMessageContaining("UTF-8");
    }
    assertThatThrownBy(() -> new Lib0Reader(h("05 61 62")).readVarString())
        .isInstanceOf(CrdtDecodeException.class).hasMessageContaining("declares 5 bytes");
  }

  @Test
  void stringLimit() {
    Lib0Reader r = new Lib0Reader(h("03 61 62 63"), DecodeLimits.defaults().withMaxStringBytes(2));
    assertThatThrownBy(r::readVarString).isInstanceOf(CrdtDecodeException.class)
        .hasMessageContaining("maxStringBytes");
  }

  @Test
  void bytesAndFixedNumbers() {
    Lib0Writer w = new Lib0Writer();
    w.writeVarBytes(new byte[] {1, 2, 3});
    w.writeFloat32(1.5f);
    w.writeFloat64(0.1);
    w.writeBigInt64(-1);
    assertThat(hex(w.toByteArray())).isEqualTo("03 01 02 03 3f c0 00 00 3f b9 99 99 99 99 99 9a ff ff ff ff ff ff ff ff");
    Lib0Reader r = new Lib0Reader(w.toByteArray());
    assertThat(r.readVarBytes()).containsExactly(1, 2, 3);
    assertThat(r.readFloat32()).isEqualTo(1.5f);
    assertThat(r.readFloat64()).isEqualTo(0.1);
    assertThat(r.readBigInt64()).isEqualTo(-1L);
    assertThatThrownBy(r::readUint8).isInstanceOf(CrdtDecodeException.class);
  }

  static String str(String s) {
    Lib0Writer w = new Lib0Writer();
    w.writeVarString(s);
    return hex(w.toByteArray());
  }

  static String number(double d) {
    Lib0Writer w = new Lib0Writer();
    AnyCodec.writeNumber(w, d);
    return hex(w.toByteArray());
  }

  static String canonical(Any a) {
    Lib0Writer w = new Lib0Writer();
    AnyCodec.writeCanonical(w, a);
    return hex(w.toByteArray());
  }

  @Test
  void anyNumberTags() {
    assertThat(number(0)).isEqualTo("7d 00");
    assertThat(number(1)).isEqualTo("7d 01");
    assertThat(number(-1)).isEqualTo("7d 41");
    assertThat(number(64)).isEqualTo("7d 80 01");
    assertThat(number(2147483647)).isEqualTo("7d bf ff ff ff 0f");
    assertThat(number(2147483648.0)).isEqualTo("7c 4f 00 00 00");
    assertThat(number(-2147483648.0)).isEqualTo("7c cf 00 00 00");
    assertThat(number(2147483649.0)).isEqualTo("7b 41 e0 00 00 00 20 00 00");
    assertThat(number(4294967296.0)).isEqualTo("7c 4f 80 00 00");
    assertThat(number(9007199254740991.0)).isEqualTo("7b 43 3f ff ff ff ff ff ff");
    assertThat(number(9007199254740992.0)).isEqualTo("7c 5a 00 00 00");
    assertThat(number(1.5)).isEqualTo("7c 3f c0 00 00");
    assertThat(number(-2.25)).isEqualTo("7c c0 10 00 00");
    assertThat(number(0.1)).isEqualTo("7b 3f b9 99 99 99 99 99 9a");
    assertThat(number(Double.NaN)).isEqualTo("7b 7f f8 00 00 00 00 00 00");
    assertThat(number(Double.POSITIVE_INFINITY)).isEqualTo("7c 7f 80 00 00");
    assertThat(number(Double.NEGATIVE_INFINITY)).isEqualTo("7c ff 80 00 00");
  }

  @Test
  void anyValues() {
    assertThat(canonical(Any.Undefined.INSTANCE)).isEqualTo("7f");
    assertThat(canonical(Any.Null.INSTANCE)).isEqualTo("7e");
    assertThat(canonical(Any.Bool.TRUE)).isEqualTo("78");
    assertThat(canonical(Any.Bool.FALSE)).isEqualTo("79");
    assertThat(canonical(new Any.BigInt64(1))).isEqualTo("7a 00 00 00 00 00 00 00 01");
    assertThat(canonical(new Any.BigInt64(-1))).isEqualTo("7a ff ff ff ff ff ff ff ff");
    assertThat(canonical(new Any.Str("hi"))).isEqualTo("77 02 68 69");
    assertThat(canonical(Any.Obj.of("a", new Any.Int(1)))).isEqualTo("76 01 01 61 7d 01");
    assertThat(canonical(new Any.Arr(List.of(new Any.Int(1), new Any.Str("x"), Any.Null.INSTANCE))))
        .isEqualTo("75 03 7d 01 77 01 78 7e");
    assertThat(canonical(new Any.Bytes(new byte[] {1, 2}))).isEqualTo("74 02 01 02");
    assertThat(canonical(Any.Obj.of())).isEqualTo("76 00");
    assertThat(canonical(new Any.Arr(List.of()))).isEqualTo("75 00");
    // JavaScript key order: index-like keys first, ascending; "01" and "-1" keep insertion order
    assertThat(canonical(Any.Obj.of("b", new Any.Int(1), "a", new Any.Int(2), "1", new Any.Int(3), "0", new Any.Int(4))))
        .isEqualTo("76 04 01 30 7d 04 01 31 7d 03 01 62 7d 01 01 61 7d 02");
    assertThat(canonical(Any.Obj.of("01", new Any.Int(1), "-1", new Any.Int(2), "2", new Any.Int(3))))
        .isEqualTo("76 03 01 32 7d 03 02 30 31 7d 01 02 2d 31 7d 02");
    // every tag round-trips exactly
    String all = "75 0c 7f 7e 7d 41 7c 3f c0 00 00 7b 3f b9 99 99 99 99 99 9a 7a 00 00 00 00 00 00 00 01 79 78"
        + " 77 01 61 76 01 01 6b 75 00 75 01 7d 01 74 01 05";
    Any a = AnyCodec.read(new Lib0Reader(h(all)));
    Lib0Writer w = new Lib0Writer();
    AnyCodec.writeExact(w, a);
    assertThat(hex(w.toByteArray())).isEqualTo(all);
  }

  @Test
  void anyDuplicateKeysAndProto() {
    // {a:1, a:2} on the wire: JavaScript keeps one key at the first position with the last value
    Any a = AnyCodec.read(new Lib0Reader(h("76 02 01 61 7d 01 01 61 7d 02")));
    assertThat(canonical(a)).isEqualTo("76 01 01 61 7d 02");
    Any p = AnyCodec.read(new Lib0Reader(h("76 01 09 5f 5f 70 72 6f 74 6f 5f 5f 7d 01")));
    assertThat(canonical(p)).isEqualTo("76 00");
  }

  @Test
  void anyErrorsAndDepth() {
    assertThatThrownBy(() -> AnyCodec.read(new Lib0Reader(h("73")))).isInstanceOf(CrdtDecodeException.class)
        .hasMessageContaining("unknown Any tag 115");
    assertThatThrownBy(() -> AnyCodec.read(new Lib0Reader(h("75 ff ff ff 0f 7e"))))
        .isInstanceOf(CrdtDecodeException.class).hasMessageContaining("declares");
    byte[] deep = new byte[200];
    for (int i = 0; i < 100; i++) {
      deep[2 * i] = 0x75;
      deep[2 * i + 1] = 1;
    }
    assertThatThrownBy(() -> AnyCodec.read(new Lib0Reader(deep))).isInstanceOf(CrdtDecodeException.class)
        .hasMessageContaining("maxAnyDepth");
  }

  @Test
  void jsNumberToString() {
    Map<Double, String> cases = Map.ofEntries(
        Map.entry(0.0, "0"), Map.entry(-0.0, "0"), Map.entry(1.0, "1"), Map.entry(-1.5, "-1.5"),
        Map.entry(0.1, "0.1"), Map.entry(1e21, "1e+21"), Map.entry(1e20, "100000000000000000000"),
        Map.entry(123456789012345680000.0, "123456789012345680000"), Map.entry(1e-7, "1e-7"),
        Map.entry(0.000001, "0.000001"), Map.entry(1.2345e-7, "1.2345e-7"), Map.entry(5e-324, "5e-324"),
        Map.entry(Double.MAX_VALUE, "1.7976931348623157e+308"), Map.entry(9007199254740993.0, "9007199254740992"),
        Map.entry(0.3, "0.3"), Map.entry(2.5e25, "2.5e+25"), Map.entry(1.0 / 3, "0.3333333333333333"));
    cases.forEach((d, s) -> assertThat(JsSemantics.numberToString(d)).as(String.valueOf(d)).isEqualTo(s));
    assertThat(JsSemantics.numberToString(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void jsonParseAndStringify() {
    Any v = JsonText.parse(" {\"b\":[1,2.5,\"x\\u00e9\\n\"],\"1\":null,\"a\":true} ", 64);
    assertThat(JsonText.stringify(v)).isEqualTo("{\"1\":null,\"b\":[1,2.5,\"xé\\n\"],\"a\":true}");
    assertThat(JsonText.stringify(JsonText.parse("\"\\ud800\"", 64))).isEqualTo("\"\\ud800\"");
    assertThat(JsonText.stringify(JsonText.parse("1.0E2", 64))).isEqualTo("100");
    assertThat(JsonText.stringify(Any.Obj.of("u", Any.Undefined.INSTANCE, "k", new Any.Arr(List.of(Any.Undefined.INSTANCE)))))
        .isEqualTo("{\"k\":[null]}");
    assertThat(JsonText.stringify(new Any.Float64(Double.NaN))).isEqualTo("null");
    for (String bad : List.of("", "{", "[1,]", "01", "1.", "\"a", "tru", "{\"a\" 1}", "\"\t\"", "1 2", "'a'")) {
      assertThatThrownBy(() -> JsonText.parse(bad, 64)).as(bad).isInstanceOf(CrdtDecodeException.class);
    }
    assertThatThrownBy(() -> JsonText.parse("[[[[1]]]]", 3)).isInstanceOf(CrdtDecodeException.class)
        .hasMessageContaining("maxAnyDepth");
  }

  @Test
  void rleCodecsRoundTrip() {
    long[] values = {0, 0, 0, 5, 5, 7, 1, 1, 1, 1, 0, 1L << 50, 3}; // diffs*2 must stay within 2^53
    RleCodecs.UintOptRleEncoder ue = new RleCodecs.UintOptRleEncoder();
    RleCodecs.IntDiffOptRleEncoder de = new RleCodecs.IntDiffOptRleEncoder();
    for (long v : values) {
      ue.write(v);
      de.write(v);
    }
    RleCodecs.UintOptRleDecoder ud = new RleCodecs.UintOptRleDecoder(new Lib0Reader(ue.finish().toByteArray()));
    RleCodecs.IntDiffOptRleDecoder dd = new RleCodecs.IntDiffOptRleDecoder(new Lib0Reader(de.finish().toByteArray()));
    for (long v : values) {
      assertThat(ud.read()).isEqualTo(v);
      assertThat(dd.read()).isEqualTo(v);
    }
    assertThatThrownBy(ud::read).isInstanceOf(CrdtDecodeException.class);
    // lib0 example: [1,2,3,3,3] -> [1,2,-3,3 (count-2 = 1)]
    RleCodecs.UintOptRleEncoder ex = new RleCodecs.UintOptRleEncoder();
    for (long v : new long[] {1, 2, 3, 3, 3}) {
      ex.write(v);
    }
    assertThat(hex(ex.finish().toByteArray())).isEqualTo("01 02 43 01");
    // a run of zeros is written as negative zero
    RleCodecs.UintOptRleEncoder z = new RleCodecs.UintOptRleEncoder();
    z.write(0);
    z.write(0);
    assertThat(hex(z.finish().toByteArray())).isEqualTo("40 00");
    RleCodecs.ByteRleEncoder be = new RleCodecs.ByteRleEncoder();
    for (int v : new int[] {4, 4, 4, 132, 4}) {
      be.write(v);
    }
    RleCodecs.ByteRleDecoder bd = new RleCodecs.ByteRleDecoder(new Lib0Reader(be.writer().toByteArray()));
    for (int v : new int[] {4, 4, 4, 132, 4, 4, 4}) {
      assertThat(bd.read()).isEqualTo(v); // the last value repeats forever
    }
  }
}
