package io.epicenter.bench.doc;

import io.epicenter.crdt.doc.Doc;

/**
 * Heap used by the B4 document (after local replay, and after loading the encoded state into an empty
 * doc): used heap after full GCs with the document reachable minus the baseline. Run with
 * {@code java -cp bench/jmh/target/benchmarks.jar io.epicenter.bench.doc.DocHeap}.
 */
public final class DocHeap {
  private DocHeap() {}

  static long used() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  public static void main(String[] args) throws Exception {
    B4Trace trace = B4Trace.load("automerge-paper");
    long t0 = System.nanoTime();
    Doc local = DocBenchmarks.replay(trace);
    long t1 = System.nanoTime();
    byte[] enc = local.encodeStateAsUpdate();
    long t2 = System.nanoTime();
    System.out.printf("local replay %.0f ms, encode %.1f ms, update %d bytes, %d structs%n", (t1 - t0) / 1e6,
        (t2 - t1) / 1e6, enc.length, local.structCount());
    local = null;
    long base = used();
    Doc loaded = new Doc(2, true);
    loaded.applyUpdate(enc);
    long withDoc = used();
    System.out.printf("heap of loaded doc: %.2f MB (%d bytes)%n", (withDoc - base) / 1e6, withDoc - base);
    Doc replayed = DocBenchmarks.replay(trace);
    long withBoth = used();
    System.out.printf("heap of locally replayed doc: %.2f MB%n", (withBoth - withDoc) / 1e6);
    if (loaded.structCount() + replayed.structCount() < 0) {
      System.out.println();
    }
  }
}
