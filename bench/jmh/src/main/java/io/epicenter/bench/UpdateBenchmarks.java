package io.epicenter.bench;

import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.crdt.update.DecodedUpdate;
import io.epicenter.crdt.update.UpdateCodec;
import io.epicenter.crdt.update.Updates;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The crdt update layer (io.epicenter.crdt.update) on data generated from the automerge-paper trace:
 * merging 10,000 small updates, diffing a large document against a partial state vector, and raw
 * decode / encode / validate of the large document (throughput = document bytes / time per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class UpdateBenchmarks {
  List<byte[]> small;
  List<byte[]> smallV2;
  byte[] large;
  byte[] largeV2;
  byte[] halfSv;
  DecodedUpdate decodedLarge;

  @Setup
  public void setup() {
    TraceUpdates t = new TraceUpdates(10_000);
    small = t.smallUpdates;
    smallV2 = small.stream().map(Updates::convertUpdateFormatV1ToV2).toList();
    large = t.largeDoc;
    largeV2 = Updates.convertUpdateFormatV1ToV2(large);
    halfSv = t.halfStateVector;
    decodedLarge = UpdateCodec.decodeV1(large);
    long smallBytes = small.stream().mapToLong(b -> b.length).sum();
    System.out.printf("%n[setup] %d small updates, %d bytes in total; large document: %d bytes V1 (%d bytes V2),"
            + " %d structs, %d visible characters (trace endContent: 104852); diff against half state vector: %d bytes%n",
        small.size(), smallBytes, large.length, largeV2.length, decodedLarge.structs().size(), t.visibleLength,
        Updates.diffUpdate(large, halfSv).length);
  }

  @Benchmark
  public byte[] mergeUpdates10kSmall() {
    return Updates.mergeUpdates(small);
  }

  @Benchmark
  public byte[] mergeUpdatesV2_10kSmall() {
    return Updates.mergeUpdatesV2(smallV2);
  }

  @Benchmark
  public byte[] diffLargeAgainstHalfStateVector() {
    return Updates.diffUpdate(large, halfSv);
  }

  @Benchmark
  public byte[] stateVectorFromLarge() {
    return Updates.encodeStateVectorFromUpdate(large);
  }

  @Benchmark
  public DecodedUpdate decodeLargeV1() {
    return UpdateCodec.decodeV1(large);
  }

  @Benchmark
  public byte[] encodeLargeV1() {
    return UpdateCodec.encode(decodedLarge, UpdateCodec.Format.V1, true);
  }

  @Benchmark
  public void validateLargeV1() {
    Updates.validate(large, DecodeLimits.defaults());
  }

  @Benchmark
  public DecodedUpdate decodeLargeV2() {
    return UpdateCodec.decodeV2(largeV2);
  }

  @Benchmark
  public byte[] encodeLargeV2() {
    return UpdateCodec.encode(decodedLarge, UpdateCodec.Format.V2, true);
  }
}
