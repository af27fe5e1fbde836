package io.epicenter.bench.doc;

import io.epicenter.crdt.doc.Doc;
import io.epicenter.crdt.types.YText;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * B4 with the document model: the automerge-paper trace (259,778 single-character edits) as local edits
 * (one transaction each), encodeStateAsUpdate of the result, and applying that update to an empty doc.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class DocBenchmarks {
  B4Trace trace;
  byte[] encoded;
  Doc loaded;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    trace = B4Trace.load("automerge-paper");
    Doc d = replay(trace);
    if (!d.getText("text").toString().equals(trace.endContent)) {
      throw new IllegalStateException("B4 replay does not give endContent");
    }
    encoded = d.encodeStateAsUpdate();
    loaded = new Doc(3, true);
    loaded.applyUpdate(encoded);
  }

  /** Replays the trace as local edits, one transaction per patch. */
  public static Doc replay(B4Trace t) {
    Doc doc = new Doc(1, true);
    YText text = doc.getText("text");
    int n = t.size();
    for (int i = 0; i < n; i++) {
      int pos = t.pos[i];
      int del = t.del[i];
      String ins = t.ins[i];
      doc.transact(txn -> {
        if (del > 0) {
          text.delete(pos, del);
        }
        if (!ins.isEmpty()) {
          text.insert(pos, ins);
        }
      });
    }
    return doc;
  }

  @Benchmark
  public Doc b4LocalEdits() {
    return replay(trace);
  }

  @Benchmark
  public byte[] b4EncodeStateAsUpdate() {
    Doc d = new Doc(2, true);
    d.applyUpdate(encoded);
    return d.encodeStateAsUpdate();
  }

  @Benchmark
  public byte[] b4EncodeStateAsUpdateOnly() {
    return loaded.encodeStateAsUpdate();
  }

  @Benchmark
  public Doc b4ApplyEncodedToEmptyDoc() {
    Doc d = new Doc(2, true);
    d.applyUpdate(encoded);
    return d;
  }
}
