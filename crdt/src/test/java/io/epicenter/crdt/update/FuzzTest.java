package io.epicenter.crdt.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.epicenter.crdt.Vectors;
import io.epicenter.crdt.id.StateVector;
import io.epicenter.crdt.lib0.CrdtDecodeException;
import io.epicenter.crdt.lib0.DecodeLimits;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutated real updates (truncated, bit-flipped, length-inflated, spliced) either decode or throw
 * {@link CrdtDecodeException}: no other exception, no hang, no huge allocation.
 */
class FuzzTest {

  static final List<byte[]> V1 = Vectors.allV1Updates().stream().map(Map.Entry::getValue).toList();
  static final List<byte[]> V2 = v2Corpus();
  /** Per operation on a mutated (small) input: more than this many allocated bytes counts as a failure. */
  static final long MAX_ALLOCATED = 256L << 20;
  static final DecodeLimits FUZZ_LIMITS = DecodeLimits.defaults().withMaxStructs(1_000_000);

  static List<byte[]> v2Corpus() {
    List<byte[]> out = new ArrayList<>();
    for (JsonNode c : Vectors.load("updates-v2.json").get("cases")) {
      for (JsonNode u : c.get("updates")) {
        out.add(Vectors.b64(u.get("v2")));
      }
      out.add(Vectors.b64(c.get("mergedV2")));
    }
    return out;
  }

  static LongStream seeds() {
    return LongStream.range(0, 300).map(i -> 0xf022L * 1000 + i);
  }

  static byte[] mutate(byte[] in, Random rnd) {
    byte[] b = in.clone();
    int kind = rnd.nextInt(6);
    switch (kind) {
      case 0: // truncate
        return Arrays.copyOf(b, rnd.nextInt(Math.max(1, b.length)));
      case 1: { // flip 1-3 bits
        int flips = 1 + rnd.nextInt(3);
        for (int i = 0; i < flips && b.length > 0; i++) {
          b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
        return b;
      }
      case 2: { // inflate a (possible) length / count into a huge varUint
        if (b.length == 0) {
          return b;
        }
        int p = rnd.nextInt(b.length);
        byte[] out = new byte[b.length + 3];
        System.arraycopy(b, 0, out, 0, p + 1);
        out[p] = (byte) (b[p] | 0x80);
        out[p + 1] = (byte) 0xff;
        out[p + 2] = (byte) 0xff;
        out[p + 3] = (byte) (rnd.nextBoolean() ? 0x0f : 0x7f);
        System.arraycopy(b, p + 1, out, p + 4, b.length - p - 1);
        return out;
      }
      case 3: { // overwrite a byte with an extreme value
        if (b.length > 0) {
          int[] vals = {0x00, 0x7f, 0x80, 0xff, 0x0a, 0x1f, 0x20};
          b[rnd.nextInt(b.length)] = (byte) vals[rnd.nextInt(vals.length)];
        }
        return b;
      }
      case 4: { // delete a byte range
        if (b.length < 2) {
          return b;
        }
        int p = rnd.nextInt(b.length - 1);
        int n = 1 + rnd.nextInt(Math.min(4, b.length - p - 1));
        byte[] out = new byte[b.length - n];
        System.arraycopy(b, 0, out, 0, p);
        System.arraycopy(b, p + n, out, p, b.length - p - n);
        return out;
      }
      default: { // insert random bytes
        int p = rnd.nextInt(b.length + 1);
        int n = 1 + rnd.nextInt(4);
        byte[] out = new byte[b.length + n];
        System.arraycopy(b, 0, out, 0, p);
        for (int i = 0; i < n; i++) {
          out[p + i] = (byte) rnd.nextInt(256);
        }
        System.arraycopy(b, p, out, p + n, b.length - p);
        return out;
      }
    }
  }

  interface Op {
    void run() throws Exception;
  }

  /** Runs op; returns true if it succeeded, false on CrdtDecodeException; fails on anything else. */
  static boolean decodesOrThrows(String what, long seed, Op op) {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = mx.getCurrentThreadAllocatedBytes();
    boolean ok;
    try {
      op.run();
      ok = true;
    } catch (CrdtDecodeException e) {
      ok = false;
    } catch (Throwable t) {
      throw new AssertionError("seed " + seed + ": " + what + " threw " + t, t);
    }
    long allocated = mx.getCurrentThreadAllocatedBytes() - before;
    if (allocated > MAX_ALLOCATED) {
      fail("seed " + seed + ": " + what + " allocated " + allocated + " bytes");
    }
    return ok;
  }

  static void v1Ops(byte[] m, byte[] other, long seed) {
    decodesOrThrows("validate", seed, () -> Updates.validate(m, FUZZ_LIMITS));
    decodesOrThrows("decode+encode", seed, () -> {
      DecodedUpdate d = UpdateCodec.decode(m, UpdateCodec.Format.V1, FUZZ_LIMITS);
      UpdateCodec.encode(d, UpdateCodec.Format.V1, true);
      UpdateCodec.encode(d, UpdateCodec.Format.V1, false);
    });
    decodesOrThrows("merge(m, other)", seed, () -> Updates.mergeUpdates(List.of(m, other), FUZZ_LIMITS));
    decodesOrThrows("merge(other, m, m)", seed, () -> Updates.mergeUpdates(List.of(other, m, m), FUZZ_LIMITS));
    decodesOrThrows("diff(m, sv)", seed,
        () -> Updates.diffUpdate(m, Updates.encodeStateVectorFromUpdate(other), FUZZ_LIMITS));
    decodesOrThrows("diff(other, m as sv)", seed, () -> Updates.diffUpdate(other, m, FUZZ_LIMITS));
    decodesOrThrows("stateVector", seed, () -> Updates.encodeStateVectorFromUpdate(m, FUZZ_LIMITS));
    decodesOrThrows("meta", seed, () -> Updates.parseUpdateMeta(m, FUZZ_LIMITS));
    decodesOrThrows("isEmpty", seed, () -> Updates.isEmpty(m));
    decodesOrThrows("StateVector.decode", seed, () -> StateVector.decode(m, FUZZ_LIMITS));
    decodesOrThrows("V1->V2->V1", seed, () -> Updates.convertUpdateFormatV2ToV1(
        Updates.convert(m, UpdateCodec.Format.V1, UpdateCodec.Format.V2, FUZZ_LIMITS)));
  }

  static void v2Ops(byte[] m, byte[] other, long seed) {
    decodesOrThrows("validateV2", seed, () -> Updates.validateV2(m, FUZZ_LIMITS));
    decodesOrThrows("V2 decode+encode", seed, () -> {
      DecodedUpdate d = UpdateCodec.decode(m, UpdateCodec.Format.V2, FUZZ_LIMITS);
      UpdateCodec.encode(d, UpdateCodec.Format.V2, true);
      UpdateCodec.encode(d, UpdateCodec.Format.V1, false);
    });
    decodesOrThrows("mergeV2", seed, () -> Updates.mergeUpdatesV2(List.of(m, other), FUZZ_LIMITS));
    decodesOrThrows("diffV2", seed,
        () -> Updates.diffUpdateV2(m, Updates.encodeStateVectorFromUpdateV2(other), FUZZ_LIMITS));
    decodesOrThrows("stateVectorV2", seed, () -> Updates.encodeStateVectorFromUpdateV2(m, FUZZ_LIMITS));
    decodesOrThrows("metaV2", seed, () -> Updates.parseUpdateMetaV2(m, FUZZ_LIMITS));
    decodesOrThrows("V2->V1", seed,
        () -> Updates.convert(m, UpdateCodec.Format.V2, UpdateCodec.Format.V1, FUZZ_LIMITS));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void mutatedV1Updates(long seed) {
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      Random rnd = new Random(seed);
      for (int i = 0; i < 8; i++) {
        byte[] src = V1.get(rnd.nextInt(V1.size()));
        byte[] m = mutate(src, rnd);
        if (rnd.nextInt(4) == 0) {
          m = mutate(m, rnd);
        }
        v1Ops(m, V1.get(rnd.nextInt(V1.size())), seed);
      }
    }, "seed " + seed);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void mutatedV2Updates(long seed) {
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      Random rnd = new Random(seed);
      for (int i = 0; i < 4; i++) {
        byte[] m = mutate(V2.get(rnd.nextInt(V2.size())), rnd);
        v2Ops(m, V2.get(rnd.nextInt(V2.size())), seed);
      }
    }, "seed " + seed);
  }

  @Test
  void everyTruncationOfSomeUpdatesThrows() {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      Random rnd = new Random(42);
      for (int k = 0; k < 40; k++) {
        byte[] u = V1.get(rnd.nextInt(V1.size()));
        for (int len = 0; len < u.length; len++) {
          byte[] t = Arrays.copyOf(u, len);
          // a strict prefix of a valid V1 update never validates: the delete set is incomplete
          boolean ok = decodesOrThrows("validate prefix " + len, k, () -> Updates.validate(t, DecodeLimits.defaults()));
          assertThat(ok).as("prefix %d of %s", len, Vectors.hex(u)).isFalse();
          v1Ops(t, u, k);
        }
      }
      for (int k = 0; k < 15; k++) {
        byte[] u = V2.get(rnd.nextInt(V2.size()));
        for (int len = 0; len < u.length; len++) {
          byte[] t = Arrays.copyOf(u, len);
          v2Ops(t, u, k);
        }
      }
    });
  }

  @Test
  void limitsAreEnforcedWithTheirName() {
    byte[] u = V1.stream().filter(b -> b.length > 200).findFirst().orElseThrow();
    expectLimit(() -> Updates.validate(u, DecodeLimits.defaults().withMaxBytes(100)), "maxBytes");
    expectLimit(() -> Updates.validate(u, DecodeLimits.defaults().withMaxStructs(1)), "maxStructs");
    expectLimit(() -> Updates.mergeUpdates(List.of(u, u), DecodeLimits.defaults().withMaxBytes(u.length + 1)), "maxBytes");
    // a struct count far above the limit is rejected before reading
    byte[] bomb = {1, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 1, 0};
    expectLimit(() -> Updates.validate(bomb, DecodeLimits.defaults().withMaxStructs(1000)), "maxStructs");
    byte[] clients = {(byte) 0x90, 0x4e, 0, 0, 0};
    expectLimit(() -> Updates.validate(clients, DecodeLimits.defaults().withMaxClients(10)), "maxClients");
  }

  @Test
  void v2StructBombIsBounded() {
    // V2: a repeating GC info byte and a long run of lengths let a tiny update declare many structs that
    // take no bytes; maxStructs bounds the work
    byte[] bomb = v2Bomb(50_000_000L);
    expectLimit(() -> Updates.validateV2(bomb, DecodeLimits.defaults()), "maxStructs");
    byte[] ok = v2Bomb(100_000L);
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      Updates.validateV2(ok, DecodeLimits.defaults());
      assertThat(Updates.encodeStateVectorFromUpdateV2(ok)).isNotEmpty();
    });
  }

  /** V2 update: one client group of n GC structs of length 1 (info column 00 forever, len run of n). */
  static byte[] v2Bomb(long n) {
    var w = new io.epicenter.crdt.lib0.Lib0Writer();
    w.writeVarUint(0); // feature flag
    w.writeVarBytes(new byte[0]); // keyClock
    w.writeVarBytes(new byte[] {1}); // client 1
    w.writeVarBytes(new byte[0]);
    w.writeVarBytes(new byte[0]);
    w.writeVarBytes(new byte[] {0}); // info: GC forever
    w.writeVarBytes(new byte[] {0, 0}); // strings: "" and no lengths
    w.writeVarBytes(new byte[0]);
    w.writeVarBytes(new byte[0]);
    var lens = new io.epicenter.crdt.lib0.Lib0Writer();
    lens.writeVarInt(1, true);
    lens.writeVarUint(n - 2);
    w.writeVarBytes(lens.toByteArray());
    w.writeVarUint(1); // one group
    w.writeVarUint(n); // n structs
    w.writeVarUint(0); // first clock
    w.writeVarUint(0); // empty delete set
    return w.toByteArray();
  }

  static void expectLimit(Op op, String limit) {
    try {
      op.run();
      fail("expected " + limit + " to be exceeded");
    } catch (CrdtDecodeException e) {
      assertThat(e.getMessage()).contains("limit exceeded").contains(limit);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
