package io.epicenter.crdt.update;

import io.epicenter.crdt.id.DeleteSet;
import io.epicenter.crdt.lib0.DecodeBudget;
import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.crdt.struct.AbstractStruct;
import io.epicenter.crdt.struct.GC;
import io.epicenter.crdt.struct.Skip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Yjs's mergeUpdatesV2 (doc §6.2), for both formats. */
final class UpdateMerger {
  private UpdateMerger() {}

  /** Below this many readers the reader list is sorted exactly like V8's Array.prototype.sort does. */
  private static final int V8_SMALL_SORT = 64;

  /** Yjs's comparator of lazy readers by their current struct. */
  static int compare(StructReader r1, StructReader r2) {
    AbstractStruct a = r1.curr();
    AbstractStruct b = r2.curr();
    if (a.client() == b.client()) {
      long clockDiff = a.clock() - b.clock();
      if (clockDiff == 0) {
        return a.getClass() == b.getClass() ? 0 : (a instanceof Skip ? 1 : -1);
      }
      return clockDiff < 0 ? -1 : 1;
    }
    return Long.compare(b.client(), a.client());
  }

  private static final Comparator<StructReader> CMP = UpdateMerger::compare;

  static byte[] merge(List<byte[]> updates, DecodeLimits limits, UpdateCodec.Format format) {
    return merge(updates, limits, format, false);
  }

  /**
   * @param referenceSort test hook: re-sort the whole reader list with a stable sort every round (the
   *                      straightforward form of Yjs's loop) instead of the incremental re-insertion
   */
  static byte[] merge(List<byte[]> updates, DecodeLimits limits, UpdateCodec.Format format, boolean referenceSort) {
    if (updates.size() == 1) {
      return updates.get(0);
    }
    DecodeBudget budget = new DecodeBudget(limits);
    int n = updates.size();
    UpdateDecoder[] decoders = new UpdateDecoder[n];
    StructReader[] list = new StructReader[n];
    for (int i = 0; i < n; i++) {
      byte[] u = updates.get(i);
      budget.addInput(u.length);
      decoders[i] = UpdateCodec.decoder(u, format, budget.limits());
      list[i] = new StructReader(decoders[i], budget, true);
    }
    UpdateEncoder enc = UpdateCodec.encoder(format, false);
    long inputBytes = 0;
    for (byte[] u : updates) {
      inputBytes += u.length;
    }
    StructWriter writer = new StructWriter(enc, inputBytes);
    AbstractStruct currWrite = null;
    // the live readers are list[start .. size)
    int start = 0;
    int size = n;
    boolean sortedOnce = false;

    while (true) {
      // filter exhausted readers, then sort: higher client first, lower clock first
      if (referenceSort || !sortedOnce || size - start < V8_SMALL_SORT) {
        int k = 0;
        for (int i = start; i < size; i++) {
          if (list[i].curr() != null) {
            list[k++] = list[i];
          }
        }
        Arrays.fill(list, k, size, null);
        start = 0;
        size = k;
        if (size < V8_SMALL_SORT && !referenceSort) {
          v8SmallSort(list, size);
        } else {
          Arrays.sort(list, 0, size, CMP); // stable (TimSort)
        }
        sortedOnce = true;
      } else {
        // only the head reader moved since the last round; the rest is still sorted
        StructReader head = list[start];
        if (head.curr() == null) {
          list[start++] = null;
        } else {
          // stable position: after every reader that compares strictly before it
          int lo = start + 1;
          int hi = size;
          if (lo < hi && compare(list[lo], head) >= 0) {
            hi = lo; // still first: the common case
          }
          while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(list[mid], head) < 0) {
              lo = mid + 1;
            } else {
              hi = mid;
            }
          }
          int pos = lo - 1;
          System.arraycopy(list, start + 1, list, start, pos - start);
          list[pos] = head;
        }
      }
      if (size - start == 0) {
        break;
      }
      StructReader currDecoder = list[start];
      long firstClient = currDecoder.curr().client();

      if (currWrite != null) {
        AbstractStruct curr = currDecoder.curr();
        boolean iterated = false;
        // skip what was already written (same client, ends within currWrite)
        while (curr != null && curr.endClock() <= currWrite.endClock() && curr.client() >= currWrite.client()) {
          curr = currDecoder.next();
          iterated = true;
        }
        if (curr == null || curr.client() != firstClient
            || (iterated && curr.clock() > currWrite.endClock())) {
          continue;
        }
        if (firstClient != currWrite.client()) {
          writer.write(currWrite, 0);
          currWrite = curr;
          currDecoder.next();
        } else if (currWrite.endClock() < curr.clock()) {
          // a hole: write currWrite and a Skip covering the hole
          if (currWrite instanceof Skip) {
            currWrite = new Skip(currWrite.client(), currWrite.clock(), curr.endClock() - currWrite.clock());
          } else {
            writer.write(currWrite, 0);
            long diff = curr.clock() - currWrite.endClock();
            currWrite = new Skip(firstClient, currWrite.endClock(), diff);
          }
        } else {
          long diff = currWrite.endClock() - curr.clock();
          if (diff > 0) {
            if (currWrite instanceof Skip) {
              currWrite = new Skip(currWrite.client(), currWrite.clock(), currWrite.length() - diff);
            } else {
              curr = curr.sliceFrom(diff);
            }
          }
          AbstractStruct merged = mergeWith(currWrite, curr);
          if (merged == null) {
            writer.write(currWrite, 0);
            currWrite = curr;
            currDecoder.next();
          } else {
            currWrite = merged;
          }
        }
      } else {
        currWrite = currDecoder.curr();
        currDecoder.next();
      }
      for (AbstractStruct next = currDecoder.curr();
          next != null && next.client() == firstClient && next.clock() == currWrite.endClock() && !(next instanceof Skip);
          next = currDecoder.next()) {
        writer.write(currWrite, 0);
        currWrite = next;
      }
    }
    if (currWrite != null) {
      writer.write(currWrite, 0);
    }
    long dsBytes = 0;
    for (UpdateDecoder d : decoders) {
      dsBytes += d.rest().remaining();
    }
    writer.finish(dsBytes + 16);

    List<DeleteSet> dss = new ArrayList<>(n);
    for (UpdateDecoder d : decoders) {
      dss.add(DeleteSetCodec.read(d, budget));
    }
    DeleteSetCodec.write(enc, DeleteSet.merge(dss));
    return enc.toBytes();
  }

  /** GC+GC and Skip+Skip merge; Items never merge outside a document. Returns null if not merged. */
  private static AbstractStruct mergeWith(AbstractStruct left, AbstractStruct right) {
    if (left instanceof GC g && right instanceof GC) {
      return g.extend(right.length());
    }
    if (left instanceof Skip s && right instanceof Skip) {
      return new Skip(s.client(), s.clock(), s.length() + right.length());
    }
    return null;
  }

  /**
   * V8's Array.prototype.sort for fewer than 64 elements: take the leading run (reverse it if strictly
   * descending), then binary-insert the remaining elements. Reproduces the order Yjs gets even where its
   * comparator is inconsistent (an Item and a GC at the same ID).
   */
  static void v8SmallSort(StructReader[] a, int n) {
    if (n < 2) {
      return;
    }
    int run = 2;
    if (n > 1) {
      boolean descending = compare(a[1], a[0]) < 0;
      StructReader prev = a[1];
      for (int i = 2; i < n; i++) {
        int order = compare(a[i], prev);
        if (descending ? order >= 0 : order < 0) {
          break;
        }
        prev = a[i];
        run++;
      }
      if (descending) {
        for (int i = 0, j = run - 1; i < j; i++, j--) {
          StructReader t = a[i];
          a[i] = a[j];
          a[j] = t;
        }
      }
    }
    for (int start = run; start < n; start++) {
      StructReader pivot = a[start];
      int left = 0;
      int right = start;
      while (left < right) {
        int mid = left + ((right - left) >> 1);
        if (compare(pivot, a[mid]) < 0) {
          right = mid;
        } else {
          left = mid + 1;
        }
      }
      System.arraycopy(a, left, a, left + 1, start - left);
      a[left] = pivot;
    }
  }
}
