package io.epicenter.crdt.doc;

import java.util.Arrays;

/** The structs of one client, sorted by clock and contiguous from clock 0 (a growable array). */
final class StructList {
  Struct[] a = new Struct[4];
  int size;

  Struct get(int i) {
    return a[i];
  }

  Struct last() {
    return a[size - 1];
  }

  void add(Struct s) {
    if (size == a.length) {
      a = Arrays.copyOf(a, size * 2);
    }
    a[size++] = s;
  }

  void insert(int i, Struct s) {
    if (size == a.length) {
      a = Arrays.copyOf(a, size * 2);
    }
    System.arraycopy(a, i, a, i + 1, size - i);
    a[i] = s;
    size++;
  }

  /** Removes {@code n} structs starting at {@code from}. */
  void remove(int from, int n) {
    System.arraycopy(a, from + n, a, from, size - from - n);
    Arrays.fill(a, size - n, size, null);
    size -= n;
  }

  long endClock() {
    Struct l = a[size - 1];
    return l.clock + l.length;
  }

  /** Index of the struct containing {@code clock} (Yjs's findIndexSS with its pivot guess). */
  int findIndex(long clock) {
    int left = 0;
    int right = size - 1;
    Struct mid = a[right];
    long midclock = mid.clock;
    if (midclock == clock) {
      return right;
    }
    int midindex = (int) ((double) clock / (double) (midclock + mid.length - 1) * right);
    if (midindex < 0 || midindex > right) {
      midindex = (left + right) >>> 1;
    }
    while (left <= right) {
      mid = a[midindex];
      midclock = mid.clock;
      if (midclock <= clock) {
        if (clock < midclock + mid.length) {
          return midindex;
        }
        left = midindex + 1;
      } else {
        right = midindex - 1;
      }
      midindex = (left + right) >>> 1;
    }
    throw new IllegalStateException("clock " + clock + " not found");
  }
}
