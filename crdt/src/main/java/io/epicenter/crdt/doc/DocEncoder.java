package io.epicenter.crdt.doc;

import io.epicenter.crdt.id.DeleteSet;
import io.epicenter.crdt.id.StateVector;
import io.epicenter.crdt.update.UpdateEncoder;
import io.epicenter.crdt.update.Updates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Writes document state as updates: Yjs's writeClientsStructs, writeDeleteSet and encodeStateAsUpdate. */
final class DocEncoder {
  private DocEncoder() {}

  static UpdateEncoder encoder(boolean v2) {
    return v2 ? UpdateEncoder.v2(false) : UpdateEncoder.v1(false);
  }

  /** Structs of every client whose state is ahead of {@code sv} (absent = 0), descending client order. */
  static void writeClientsStructs(UpdateEncoder enc, StructStore store, Map<Long, Long> sv) {
    long[] clients = store.clientsDescending();
    long[] from = new long[clients.length];
    int n = 0;
    long[] sel = new long[clients.length];
    for (long c : clients) {
      Long known = sv.get(c);
      long k = known == null ? 0 : known;
      if (known == null || store.getState(c) > k) {
        sel[n] = c;
        from[n] = k;
        n++;
      }
    }
    enc.rest().writeVarUint(n);
    for (int i = 0; i < n; i++) {
      writeStructs(enc, store.list(sel[i]), sel[i], from[i]);
    }
  }

  private static void writeStructs(UpdateEncoder enc, StructList structs, long client, long clock) {
    clock = Math.max(clock, structs.get(0).clock);
    int start = structs.findIndex(clock);
    enc.rest().writeVarUint(structs.size - start);
    enc.writeClient(client);
    enc.rest().writeVarUint(clock);
    Struct first = structs.get(start);
    first.write(enc, (int) (clock - first.clock));
    for (int i = start + 1; i < structs.size; i++) {
      structs.get(i).write(enc, 0);
    }
  }

  /** The document's complete delete set: every deleted item and GC range, merged into runs. */
  static void writeStoreDeleteSet(UpdateEncoder enc, StructStore store) {
    long[] clients = store.clientsDescending();
    // first pass: count clients with deletions
    List<long[]> perClient = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    for (long c : clients) {
      StructList l = store.list(c);
      long[] ranges = new long[8];
      int rn = 0;
      for (int i = 0; i < l.size; i++) {
        Struct s = l.get(i);
        if (s.isDeleted()) {
          long clock = s.clock;
          long len = s.length;
          while (i + 1 < l.size && l.get(i + 1).isDeleted()) {
            len += l.get(++i).length;
          }
          if (rn + 2 > ranges.length) {
            ranges = Arrays.copyOf(ranges, ranges.length * 2);
          }
          ranges[rn++] = clock;
          ranges[rn++] = len;
        }
      }
      if (rn > 0) {
        perClient.add(Arrays.copyOf(ranges, rn));
        ids.add(c);
      }
    }
    enc.rest().writeVarUint(ids.size());
    for (int k = 0; k < ids.size(); k++) {
      enc.resetDsCurVal();
      enc.rest().writeVarUint(ids.get(k));
      long[] r = perClient.get(k);
      enc.rest().writeVarUint(r.length / 2);
      for (int i = 0; i < r.length; i += 2) {
        enc.writeDsClock(r[i]);
        enc.writeDsLen(r[i + 1]);
      }
    }
  }

  /** Writes a delete set: clients in descending order, ranges as stored. */
  static void writeDeleteSet(UpdateEncoder enc, DeleteSet ds) {
    if (ds == null) {
      enc.rest().writeVarUint(0);
      return;
    }
    long[] clients = ds.clientsDescending();
    enc.rest().writeVarUint(clients.length);
    for (long c : clients) {
      enc.resetDsCurVal();
      enc.rest().writeVarUint(c);
      DeleteSet.Ranges r = ds.ranges(c);
      enc.rest().writeVarUint(r.size());
      for (int i = 0; i < r.size(); i++) {
        enc.writeDsClock(r.clock(i));
        enc.writeDsLen(r.len(i));
      }
    }
  }

  static byte[] encodeStateAsUpdate(Doc doc, byte[] encodedSv, boolean v2) {
    StructStore store = doc.store;
    Map<Long, Long> sv = StateVector.decode(encodedSv);
    UpdateEncoder enc = encoder(v2);
    writeClientsStructs(enc, store, sv);
    writeStoreDeleteSet(enc, store);
    byte[] main = enc.toBytes();
    if (!store.hasPending()) {
      return main;
    }
    List<byte[]> updates = new ArrayList<>(3);
    updates.add(main);
    if (store.pendingDs != null) {
      UpdateEncoder dsEnc = encoder(v2);
      dsEnc.rest().writeVarUint(0);
      writeDeleteSet(dsEnc, store.pendingDs);
      updates.add(dsEnc.toBytes());
    }
    if (store.pendingStructsV2 != null) {
      byte[] diff = Updates.diffUpdateV2(store.pendingStructsV2, encodedSv);
      updates.add(v2 ? diff : Updates.convertUpdateFormatV2ToV1(diff));
    }
    if (updates.size() == 1) {
      return main;
    }
    return v2 ? Updates.mergeUpdatesV2(updates) : Updates.mergeUpdates(updates);
  }

  /** The update of a transaction: structs added since its start and what it deleted (doc §7.10). */
  static byte[] transactionUpdate(Transaction txn, boolean v2) {
    UpdateEncoder enc = encoder(v2);
    writeClientsStructs(enc, txn.doc().store, txn.beforeState);
    writeDeleteSet(enc, txn.hasDeletes() ? txn.deleteSet() : null);
    return enc.toBytes();
  }
}
