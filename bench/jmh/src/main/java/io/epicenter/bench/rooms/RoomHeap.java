package io.epicenter.bench.rooms;

import io.epicenter.crdt.doc.Doc;

/**
 * Retained heap of a room's document, both representations, measured like {@code DocHeap}: used heap after
 * full GCs with the room reachable minus the baseline before it was built. Run with
 * {@code java -Xmx2g -cp bench/jmh/target/benchmarks.jar io.epicenter.bench.rooms.RoomHeap}.
 */
public final class RoomHeap {
  private RoomHeap() {}

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

  static Object keep;

  public static void main(String[] args) {
    for (String name : new String[] {"b4", "big"}) {
      RoomCorpus c = RoomCorpus.get(name);
      System.out.printf("%s: stored state %,d bytes; stream %d updates, %,d bytes%n", name, c.base.length,
          c.stream.size(), c.streamBytes());
      // (a) log: base held as bytes (copied, so the corpus's array is not counted), tail of the stream
      long b0 = used();
      RoomLog log = new RoomLog(c.base.clone());
      keep = log;
      long b1 = used();
      for (int i = 0; i < 1000; i++) {
        log.append(c.stream.get(i).clone());
      }
      long b2 = used();
      for (int i = 1000; i < c.stream.size(); i++) {
        log.append(c.stream.get(i).clone());
      }
      byte[] full = log.full();
      long b3 = used();
      Doc fromLog = new Doc(2, true);
      fromLog.applyUpdate(full);
      byte[] fromLogEnc = fromLog.encodeStateAsUpdate();
      fromLog = null;
      System.out.printf("  log: loaded %.2f MB; +1000 unmerged updates %.2f MB; after the whole stream, merged"
          + " (%d merges) %.2f MB (full state %,d bytes)%n", (b1 - b0) / 1e6, (b2 - b0) / 1e6, log.merges,
          (b3 - b0) / 1e6, full.length);
      log = null;
      full = null;
      keep = fromLogEnc;
      keep = null;
      // (b) doc
      keep = null;
      long d0 = used();
      Doc room = new Doc(1, true);
      room.applyUpdate(c.base);
      keep = room;
      long d1 = used();
      int loadedStructs = room.structCount();
      for (byte[] u : c.stream) {
        room.applyUpdate(u);
      }
      long d2 = used();
      byte[] enc = room.encodeStateAsUpdate();
      System.out.printf("  doc: loaded %.2f MB (%,d structs); after the whole stream %.2f MB (%,d structs;"
          + " encodeStateAsUpdate %,d bytes, same bytes as a doc loaded from the merged log: %s)%n",
          (d1 - d0) / 1e6, loadedStructs, (d2 - d0) / 1e6, room.structCount(), enc.length,
          java.util.Arrays.equals(enc, fromLogEnc));
      keep = null;
      room = null;
    }
  }
}
