package io.epicenter.crdt.id;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A delete set (doc §3.8): per client, a list of clock ranges {@code [clock, clock+len)}. Clients are kept in
 * the order they were first added; ranges in the order added (like Yjs's {@code DeleteSet}) until
 * {@link #sortAndMerge()} sorts them by clock and joins overlapping and touching ranges. A client with zero
 * ranges is never stored.
 */
public final class DeleteSet {

  /** The ranges of one client, as parallel primitive arrays. */
  public static final class Ranges {
    private long[] clocks;
    private long[] lens;
    private int size;

    Ranges(int capacity) {
      clocks = new long[Math.max(2, capacity)];
      lens = new long[Math.max(2, capacity)];
    }

    public int size() {
      return size;
    }

    public long clock(int i) {
      return clocks[i];
    }

    public long len(int i) {
      return lens[i];
    }

    void add(long clock, long len) {
      if (size == clocks.length) {
        clocks = Arrays.copyOf(clocks, size * 2);
        lens = Arrays.copyOf(lens, size * 2);
      }
      clocks[size] = clock;
      lens[size] = len;
      size++;
    }

    void addAll(Ranges o) {
      for (int i = 0; i < o.size; i++) {
        add(o.clocks[i], o.lens[i]);
      }
    }

    /** Sort by clock (stable) and merge overlapping / touching ranges, like Yjs's sortAndMergeDeleteSet. */
    void sortAndMerge() {
      if (size > 1) {
        boolean sorted = true;
        for (int i = 1; i < size && sorted; i++) {
          sorted = clocks[i - 1] <= clocks[i];
        }
        if (!sorted) {
          // sort index pairs by clock; equal clocks can be in any order (merge result is independent)
          long[][] pairs = new long[size][];
          for (int i = 0; i < size; i++) {
            pairs[i] = new long[] {clocks[i], lens[i]};
          }
          Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
          for (int i = 0; i < size; i++) {
            clocks[i] = pairs[i][0];
            lens[i] = pairs[i][1];
          }
        }
        int j = 1;
        for (int i = 1; i < size; i++) {
          long lc = clocks[j - 1];
          long ll = lens[j - 1];
          long rc = clocks[i];
          long rl = lens[i];
          if (lc + ll >= rc) {
            lens[j - 1] = Math.max(ll, rc + rl - lc);
          } else {
            clocks[j] = rc;
            lens[j] = rl;
            j++;
          }
        }
        size = j;
      }
    }
  }

  private final List<Long> order = new ArrayList<>();
  private final Map<Long, Ranges> clients = new HashMap<>();

  /** Adds one range (any length, also 0, as Yjs's addToDeleteSet does). */
  public void add(long client, long clock, long len) {
    Ranges r = clients.get(client);
    if (r == null) {
      r = new Ranges(2);
      clients.put(client, r);
      order.add(client);
    }
    r.add(clock, len);
  }

  public boolean isEmpty() {
    return order.isEmpty();
  }

  /** Number of clients with at least one range. */
  public int clientCount() {
    return order.size();
  }

  /** Clients in first-added order. */
  public List<Long> clients() {
    return Collections.unmodifiableList(order);
  }

  /** Ranges of a client, or null. */
  public Ranges ranges(long client) {
    return clients.get(client);
  }

  /** Clients in descending id order (the order Yjs writes). */
  public long[] clientsDescending() {
    long[] out = new long[order.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = order.get(i);
    }
    Arrays.sort(out);
    for (int i = 0, j = out.length - 1; i < j; i++, j--) {
      long t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  /** Sorts every client's ranges by clock and merges overlapping or touching ranges. */
  public void sortAndMerge() {
    for (Ranges r : clients.values()) {
      r.sortAndMerge();
    }
  }

  /** Whether (client, clock) lies in one of the ranges. */
  public boolean isDeleted(long client, long clock) {
    Ranges r = clients.get(client);
    if (r == null) {
      return false;
    }
    for (int i = 0; i < r.size; i++) {
      if (clock >= r.clocks[i] && clock < r.clocks[i] + r.lens[i]) {
        return true;
      }
    }
    return false;
  }

  /** Yjs's mergeDeleteSets: union of all ranges per client, then sorted and merged. */
  public static DeleteSet merge(List<DeleteSet> sets) {
    DeleteSet merged = new DeleteSet();
    for (DeleteSet ds : sets) {
      for (Long client : ds.order) {
        Ranges target = merged.clients.get(client);
        if (target == null) {
          target = new Ranges(ds.clients.get(client).size);
          merged.clients.put(client, target);
          merged.order.add(client);
        }
        target.addAll(ds.clients.get(client));
      }
    }
    merged.sortAndMerge();
    return merged;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("DeleteSet{");
    for (Long c : order) {
      Ranges r = clients.get(c);
      sb.append(c).append(':');
      for (int i = 0; i < r.size; i++) {
        sb.append('[').append(r.clocks[i]).append('+').append(r.lens[i]).append(']');
      }
      sb.append(' ');
    }
    return sb.append('}').toString();
  }
}
