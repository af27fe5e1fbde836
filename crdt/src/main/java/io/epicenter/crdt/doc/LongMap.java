package io.epicenter.crdt.doc;

import java.util.Arrays;

/** A small open-addressing hash map from non-negative long keys to objects (no boxing). */
final class LongMap<V> {
  private long[] keys = new long[8];
  private Object[] vals = new Object[8];
  private int size;

  LongMap() {
    Arrays.fill(keys, -1);
  }

  private static int hash(long k, int mask) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  @SuppressWarnings("unchecked")
  V get(long k) {
    int mask = keys.length - 1;
    for (int i = hash(k, mask); ; i = (i + 1) & mask) {
      long kk = keys[i];
      if (kk == k) {
        return (V) vals[i];
      }
      if (kk == -1) {
        return null;
      }
    }
  }

  void put(long k, V v) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = hash(k, mask); ; i = (i + 1) & mask) {
      if (keys[i] == k) {
        vals[i] = v;
        return;
      }
      if (keys[i] == -1) {
        keys[i] = k;
        vals[i] = v;
        size++;
        return;
      }
    }
  }

  private void grow() {
    long[] ok = keys;
    Object[] ov = vals;
    keys = new long[ok.length * 2];
    vals = new Object[ok.length * 2];
    Arrays.fill(keys, -1);
    size = 0;
    for (int i = 0; i < ok.length; i++) {
      if (ok[i] != -1) {
        @SuppressWarnings("unchecked")
        V v = (V) ov[i];
        put(ok[i], v);
      }
    }
  }

  int size() {
    return size;
  }

  /** Keys in unspecified order. */
  long[] keys() {
    long[] out = new long[size];
    int j = 0;
    for (long k : keys) {
      if (k != -1) {
        out[j++] = k;
      }
    }
    return out;
  }
}
