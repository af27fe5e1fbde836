package io.epicenter.crdt.doc;

import io.epicenter.crdt.id.DeleteSet;
import io.epicenter.crdt.id.StateVector;
import io.epicenter.crdt.lib0.Lib0Writer;
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
      StructList structs = store.list(sel[i]);
      writeStructs(enc, structs, sel[i], startIndex(structs, from[i]), from[i], null);
    }
  }

  private static int startIndex(StructList structs, long clock) {
    return structs.findIndex(Math.max(clock, structs.get(0).clock));
  }

  /**
   * Writes the structs of {@code client} from index {@code start} (the first one from {@code clock} on);
   * if {@code ds} is given, also adds the deleted ones to it.
   */
  private static void writeStructs(UpdateEncoder enc, StructList structs, long client, int start, long clock,
      DsRuns ds) {
    clock = Math.max(clock, structs.get(0).clock);
    Lib0Writer w = enc.rest();
    w.writeVarUint(structs.size - start);
    enc.writeClient(client);
    w.writeVarUint(clock);
    Struct[] a = structs.a;
    int size = structs.size;
    boolean v1 = !enc.isV2();
    for (int i = start; i < size; i++) {
      Struct s = a[i];
      int offset = i == start ? (int) (clock - s.clock) : 0;
      if (v1 && s instanceof Item it) {
        it.writeV1(enc, w, offset);
      } else {
        s.write(enc, offset);
      }
      if (ds != null && s.isDeleted()) {
        ds.add(s.clock, s.length);
      }
    }
  }

  /** Delete ranges of a store, collected client by client (descending) and merged into runs. */
  private static final class DsRuns {
    long[] clients = new long[4];
    int[] ends = new int[4];
    int nClients;
    long[] ranges = new long[256];
    int n;
    private int clientStart;

    void startClient() {
      clientStart = n;
    }

    void add(long clock, long len) {
      if (n > clientStart && ranges[n - 2] + ranges[n - 1] == clock) {
        ranges[n - 1] += len;
        return;
      }
      if (n + 2 > ranges.length) {
        ranges = Arrays.copyOf(ranges, ranges.length * 2);
      }
      ranges[n++] = clock;
      ranges[n++] = len;
    }

    void endClient(long client) {
      if (n == clientStart) {
        return;
      }
      if (nClients == clients.length) {
        clients = Arrays.copyOf(clients, nClients * 2);
        ends = Arrays.copyOf(ends, nClients * 2);
      }
      clients[nClients] = client;
      ends[nClients++] = n;
    }

    void write(UpdateEncoder enc) {
      Lib0Writer w = enc.rest();
      w.writeVarUint(nClients);
      int at = 0;
      for (int k = 0; k < nClients; k++) {
        enc.resetDsCurVal();
        w.writeVarUint(clients[k]);
        int end = ends[k];
        w.writeVarUint((end - at) / 2);
        for (; at < end; at += 2) {
          enc.writeDsClock(ranges[at]);
          enc.writeDsLen(ranges[at + 1]);
        }
      }
    }
  }

  /**
   * Structs ahead of {@code sv} and the store's complete delete set in one pass over the structs (Yjs's
   * writeClientsStructs + writeDeleteSet(createDeleteSetFromStructStore)); the V1 buffer is sized up front.
   */
  static byte[] encodeStore(StructStore store, Map<Long, Long> sv, boolean v2) {
    long[] clients = store.clientsDescending();
    int nc = clients.length;
    int[] start = new int[nc];
    long[] from = new long[nc];
    boolean[] selected = new boolean[nc];
    int n = 0;
    long estimate = 16;
    for (int i = 0; i < nc; i++) {
      long c = clients[i];
      StructList l = store.list(c);
      Long known = sv.get(c);
      long k = known == null ? 0 : known;
      if (known == null || l.endClock() > k) {
        selected[i] = true;
        from[i] = k;
        start[i] = startIndex(l, k);
        n++;
        // text is one byte per clock when ASCII (deleted clocks cost nothing, so this is usually high);
        // ~14 bytes of info and ids per struct (more with 32-bit client ids: then the buffer grows once)
        estimate += (l.endClock() - Math.max(k, l.get(0).clock)) + 14L * (l.size - start[i]) + 16;
      }
      estimate += 8L * Math.min(l.size, 64); // delete set
    }
    UpdateEncoder enc = v2 ? UpdateEncoder.v2(false)
        : UpdateEncoder.v1(false, (int) Math.min(estimate, MAX_PRESIZE));
    enc.rest().writeVarUint(n);
    DsRuns ds = new DsRuns();
    for (int i = 0; i < nc; i++) {
      long c = clients[i];
      StructList l = store.list(c);
      ds.startClient();
      int s0 = selected[i] ? start[i] : l.size;
      Struct[] a = l.a;
      for (int j = 0; j < s0; j++) {
        if (a[j].isDeleted()) {
          ds.add(a[j].clock, a[j].length);
        }
      }
      if (selected[i]) {
        writeStructs(enc, l, c, start[i], from[i], ds);
      }
      ds.endClient(c);
    }
    ds.write(enc);
    return enc.toBytes();
  }

  /** Upper bound of the up-front buffer (deleted runs make the clock-based estimate too high). */
  private static final long MAX_PRESIZE = 1 << 26;

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
    byte[] main = encodeStore(store, sv, v2);
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
