package io.epicenter.bench.rooms;

import io.epicenter.bench.doc.B4Trace;
import io.epicenter.bench.doc.DocBenchmarks;
import io.epicenter.crdt.doc.Doc;
import io.epicenter.crdt.update.Updates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A room's whole life: the automerge-paper trace arrives as 259,778 small updates (one per transaction,
 * as a Yjs client would send them) into an empty room, once per representation. Reports the time to take
 * them all (validate + append with the log's merge policy, vs validate + applyUpdate), the size of the
 * full state each ends with (what a joiner downloads and a snapshot stores), and the retained heap
 * (measured like {@code DocHeap}). Run with
 * {@code java -Xmx2g -cp bench/jmh/target/benchmarks.jar io.epicenter.bench.rooms.RoomHistory [rounds]}.
 */
public final class RoomHistory {
  private RoomHistory() {}

  static Object keep;

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    B4Trace trace = B4Trace.load("automerge-paper");
    List<byte[]> updates = new ArrayList<>(trace.size());
    Doc writer = new Doc(1, true);
    writer.onUpdate(updates::add);
    replayInto(writer, trace);
    long total = 0;
    for (byte[] u : updates) {
      total += u.length;
    }
    System.out.printf("%,d updates, %,d bytes%n", updates.size(), total);
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      RoomLog log = new RoomLog(null);
      for (byte[] u : updates) {
        Updates.validate(u);
        log.append(u);
      }
      long t1 = System.nanoTime();
      byte[] full = log.full();
      long t2 = System.nanoTime();
      Doc room = new Doc(2, true);
      for (byte[] u : updates) {
        Updates.validate(u);
        room.applyUpdate(u);
      }
      long t3 = System.nanoTime();
      byte[] enc = room.encodeStateAsUpdate();
      long t4 = System.nanoTime();
      System.out.printf("round %d: log: %,d ms for all updates (%d merges) + %.1f ms final merge, full state %,d"
          + " bytes | doc: %,d ms for all updates, encodeStateAsUpdate %.1f ms, %,d bytes%n", r, (t1 - t0) / 1_000_000,
          log.merges, (t2 - t1) / 1e6, full.length, (t3 - t2) / 1_000_000, (t4 - t3) / 1e6, enc.length);
      if (r == rounds - 1) {
        Doc fromLog = new Doc(3, true);
        fromLog.applyUpdate(full);
        System.out.printf("doc loaded from the log's full state encodes to the same bytes: %s; text = trace"
            + " endContent: %s%n", Arrays.equals(fromLog.encodeStateAsUpdate(), enc),
            room.getText("text").toString().equals(trace.endContent));
        fromLog = null;
        full = null;
        // retained heap of each, alone (built again after a baseline)
        room = null;
        log = null;
        long b0 = RoomHeap.used();
        RoomLog l = new RoomLog(null);
        for (byte[] u : updates) {
          l.append(u);
        }
        l.full();
        keep = l;
        long b1 = RoomHeap.used();
        keep = null;
        l = null;
        long b2 = RoomHeap.used();
        Doc d = new Doc(2, true);
        for (byte[] u : updates) {
          d.applyUpdate(u);
        }
        keep = d;
        long b3 = RoomHeap.used();
        System.out.printf("retained heap: log %.2f MB, doc %.2f MB (%,d structs)%n", (b1 - b0) / 1e6,
            (b3 - b2) / 1e6, d.structCount());
      }
    }
  }

  static void replayInto(Doc doc, B4Trace t) {
    var text = doc.getText("text");
    for (int i = 0; i < t.size(); i++) {
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
  }
}
