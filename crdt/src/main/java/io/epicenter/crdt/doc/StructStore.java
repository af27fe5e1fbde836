package io.epicenter.crdt.doc;

import io.epicenter.crdt.id.DeleteSet;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * All structs of a document, per client (doc §7.1), plus what waits for missing dependencies: the pending
 * structs (kept, as Yjs does, as an encoded V2 update with a {@code missing} map) and the pending delete set.
 */
public final class StructStore {
  private final LongMap<StructList> clients = new LongMap<>();
  private long cachedClient = -1;
  private StructList cachedList;

  /** Pending structs as a V2 update, or null. */
  byte[] pendingStructsV2;
  /** Client → clock awaited by the pending structs. */
  final LinkedHashMap<Long, Long> pendingMissing = new LinkedHashMap<>();
  /** Delete ranges not applicable yet, or null. */
  DeleteSet pendingDs;

  StructList list(long client) {
    if (client == cachedClient) {
      return cachedList;
    }
    StructList l = clients.get(client);
    if (l != null) {
      cachedClient = client;
      cachedList = l;
    }
    return l;
  }

  /** Next expected clock of a client (0 if unknown). */
  public long getState(long client) {
    StructList l = list(client);
    return l == null ? 0 : l.endClock();
  }

  /** Clients with structs, in descending id order. */
  long[] clientsDescending() {
    long[] ks = clients.keys();
    Arrays.sort(ks);
    for (int i = 0, j = ks.length - 1; i < j; i++, j--) {
      long t = ks[i];
      ks[i] = ks[j];
      ks[j] = t;
    }
    return ks;
  }

  /** Client → next clock, descending client order. */
  public Map<Long, Long> stateVector() {
    Map<Long, Long> sv = new LinkedHashMap<>();
    for (long c : clientsDescending()) {
      sv.put(c, clients.get(c).endClock());
    }
    return sv;
  }

  void addStruct(Struct s) {
    StructList l = list(s.client);
    if (l == null) {
      l = new StructList();
      clients.put(s.client, l);
      cachedClient = s.client;
      cachedList = l;
    } else if (l.endClock() != s.clock) {
      throw new IllegalStateException("struct " + s + " does not start at the client's state " + l.endClock());
    }
    l.add(s);
  }

  /** The struct containing (client, clock); the client must be known. */
  Struct find(long client, long clock) {
    StructList l = list(client);
    return l.get(l.findIndex(clock));
  }

  /** The struct that starts at (client, clock), splitting an item if needed. */
  Struct getItemCleanStart(Transaction txn, long client, long clock) {
    StructList l = list(client);
    int i = l.findIndex(clock);
    Struct s = l.get(i);
    if (s.clock < clock && s instanceof Item it) {
      Item r = it.split(txn, (int) (clock - s.clock));
      l.insert(i + 1, r);
      return r;
    }
    return s;
  }

  /** The struct that ends at (client, clock), splitting an item if needed. */
  Struct getItemCleanEnd(Transaction txn, long client, long clock) {
    StructList l = list(client);
    int i = l.findIndex(clock);
    Struct s = l.get(i);
    if (clock != s.clock + s.length - 1 && s instanceof Item it) {
      l.insert(i + 1, it.split(txn, (int) (clock - s.clock + 1)));
    }
    return s;
  }

  void replaceStruct(Struct old, Struct replacement) {
    StructList l = list(old.client);
    l.a[l.findIndex(old.clock)] = replacement;
  }

  /** Whether structs or deletes wait for missing updates. */
  public boolean hasPending() {
    return pendingStructsV2 != null || pendingDs != null;
  }

  /** Total number of structs (for diagnostics and benchmarks). */
  public int structCount() {
    int n = 0;
    for (long c : clients.keys()) {
      n += clients.get(c).size;
    }
    return n;
  }
}
