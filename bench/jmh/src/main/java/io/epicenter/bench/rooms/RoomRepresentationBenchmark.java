package io.epicenter.bench.rooms;

import io.epicenter.crdt.doc.Doc;
import io.epicenter.crdt.update.Updates;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How should a sync room hold its document: (a) the sync plugin's lazily merged update log
 * ({@link RoomLog}, a copy of {@code UpdateLog}'s policy), or (b) a crdt {@link Doc} that integrates every
 * update (GC on)? Both on the same room contents ({@link RoomCorpus}: the B4 state, ~220 KB, or ten copies,
 * ~2.2 MB) and the same writer stream of {@value RoomCorpus#STREAM} small updates.
 *
 * <ul>
 *   <li>writes ({@code write*}, per update): validate + append (merges included when the policy triggers
 *       them) vs validate + {@code applyUpdate}; {@code validateOnly} is the share both pay;
 *   <li>late joiners ({@code join*}): a room whose log holds the base plus 512 unmerged updates, and the
 *       doc with the same content: full state (log: the merge a first joiner triggers; cached afterwards),
 *       the diff against a partial state vector (log: {@code diffUpdate} of the cached full state, which
 *       is what the room does, outside its lane), the step-1 state vector;
 *   <li>loading a stored state into a room ({@code load*}).
 * </ul>
 *
 * Memory: {@link RoomHeap}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class RoomRepresentationBenchmark {

  static final int JOIN_TAIL = 512;

  @State(Scope.Thread)
  public static class Rooms {
    @Param({"b4", "big"})
    public String doc;
    RoomCorpus corpus;
    List<byte[]> stream;

    @Setup(Level.Trial)
    public void corpus() {
      if (corpus == null) {
        corpus = RoomCorpus.get(doc);
        stream = corpus.stream;
      }
    }
  }

  /** A fresh log and a fresh doc holding the stored state, before every invocation. */
  @State(Scope.Thread)
  public static class Writes extends Rooms {
    RoomLog log;
    Doc room;
    boolean needDoc;

    @Setup(Level.Invocation)
    public void fresh() {
      corpus();
      log = new RoomLog(corpus.base);
      if (needDoc) {
        room = new Doc(1, true);
        room.applyUpdate(corpus.base);
      }
    }
  }

  /** Same as {@link Writes} but also loads the doc (the log alone is cheap to set up). */
  @State(Scope.Thread)
  public static class DocWrites extends Writes {
    public DocWrites() {
      needDoc = true;
    }
  }

  /** The room after the first {@value #JOIN_TAIL} updates of the stream, both ways. */
  @State(Scope.Thread)
  public static class Joiners extends Rooms {
    RoomLog log;
    byte[] mergedFull;
    Doc room;

    @Setup(Level.Trial)
    public void load() {
      corpus();
      room = new Doc(1, true);
      room.applyUpdate(corpus.base);
      for (int i = 0; i < JOIN_TAIL; i++) {
        room.applyUpdate(stream.get(i));
      }
      RoomLog l = fillLog();
      mergedFull = l.full();
      if (!java.util.Arrays.equals(Updates.encodeStateVectorFromUpdate(mergedFull), room.encodeStateVector())) {
        throw new IllegalStateException("log and doc disagree on the state vector");
      }
    }

    RoomLog fillLog() {
      RoomLog l = new RoomLog(corpus.base);
      for (int i = 0; i < JOIN_TAIL; i++) {
        l.append(stream.get(i));
      }
      return l;
    }

    @Setup(Level.Invocation)
    public void freshLog() {
      log = fillLog(); // unmerged tail again: full() is not cached yet
    }
  }

  // ------------------------------------------------------------------------------------------ writes

  @Benchmark
  @OperationsPerInvocation(RoomCorpus.STREAM)
  public long writeValidateOnly(Writes s) {
    long n = 0;
    for (byte[] u : s.stream) {
      Updates.validate(u);
      n += u.length;
    }
    return n;
  }

  @Benchmark
  @OperationsPerInvocation(RoomCorpus.STREAM)
  public RoomLog writeLog(Writes s) {
    RoomLog log = s.log;
    for (byte[] u : s.stream) {
      Updates.validate(u);
      log.append(u);
    }
    return log;
  }

  @Benchmark
  @OperationsPerInvocation(RoomCorpus.STREAM)
  public Doc writeDoc(DocWrites s) {
    Doc room = s.room;
    for (byte[] u : s.stream) {
      Updates.validate(u);
      room.applyUpdate(u);
    }
    return room;
  }

  // ------------------------------------------------------------------------------------------ joiners

  /** First joiner after 512 updates: merge base + tail (afterwards cached until the next update). */
  @Benchmark
  public byte[] joinLogFull(Joiners s) {
    return s.log.full();
  }

  @Benchmark
  public byte[] joinLogDiffRecent(Joiners s) {
    return Updates.diffUpdate(s.mergedFull, s.corpus.svRecent);
  }

  @Benchmark
  public byte[] joinLogDiffHalf(Joiners s) {
    return Updates.diffUpdate(s.mergedFull, s.corpus.svHalf);
  }

  @Benchmark
  public byte[] joinLogStateVector(Joiners s) {
    return Updates.encodeStateVectorFromUpdate(s.mergedFull);
  }

  @Benchmark
  public byte[] joinDocFull(Joiners s) {
    return s.room.encodeStateAsUpdate();
  }

  @Benchmark
  public byte[] joinDocDiffRecent(Joiners s) {
    return s.room.encodeStateAsUpdate(s.corpus.svRecent);
  }

  @Benchmark
  public byte[] joinDocDiffHalf(Joiners s) {
    return s.room.encodeStateAsUpdate(s.corpus.svHalf);
  }

  @Benchmark
  public byte[] joinDocStateVector(Joiners s) {
    return s.room.encodeStateVector();
  }

  // ------------------------------------------------------------------------------------------ loading

  /** Log: the stored state is validated and kept as bytes. */
  @Benchmark
  public RoomLog loadLog(Rooms s) {
    Updates.validate(s.corpus.base);
    return new RoomLog(s.corpus.base);
  }

  @Benchmark
  public Doc loadDoc(Rooms s) {
    Doc d = new Doc(1, true);
    d.applyUpdate(s.corpus.base);
    return d;
  }
}
