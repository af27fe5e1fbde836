package io.epicenter.crdt.doc;

/**
 * Position cache of a list type (Yjs's search markers): up to {@value #MAX} (item, index) pairs so that an
 * index lookup walks only from the nearest known position. Purely an optimisation: it never changes
 * results.
 */
final class SearchMarkers {
  static final int MAX = 80;

  private final Item[] items = new Item[MAX];
  private final int[] indexes = new int[MAX];
  private final long[] stamps = new long[MAX];
  private int size;
  private long clock;

  void clear() {
    for (int i = 0; i < size; i++) {
      items[i].setMarker(false);
      items[i] = null;
    }
    size = 0;
  }

  /** Result of {@link #find}: the marked item and its index. */
  int foundIndex;

  /**
   * Finds an item near {@code index} (the first item of a run that cannot merge with its left neighbour)
   * and its list index ({@link #foundIndex}); null when the list is empty or index is 0.
   */
  Item find(AbstractType type, int index) {
    if (type.start == null || index == 0) {
      return null;
    }
    int m = -1;
    int best = Integer.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      int d = Math.abs(index - indexes[i]);
      if (d < best) {
        best = d;
        m = i;
      }
    }
    Item p = type.start;
    int pindex = 0;
    if (m >= 0) {
      p = items[m];
      pindex = indexes[m];
      stamps[m] = clock++;
    }
    while (p.right != null && pindex < index) {
      if (p.isVisible()) {
        if (index < pindex + p.length) {
          break;
        }
        pindex += p.length;
      }
      p = p.right;
    }
    while (p.left != null && pindex > index) {
      p = p.left;
      if (p.isVisible()) {
        pindex -= p.length;
      }
    }
    while (p.left != null && p.left.client == p.client && p.left.clock + p.left.length == p.clock) {
      p = p.left;
      if (p.isVisible()) {
        pindex -= p.length;
      }
    }
    if (m >= 0 && Math.abs(indexes[m] - pindex) < type.length / MAX) {
      overwrite(m, p, pindex);
    } else {
      mark(p, pindex);
    }
    foundIndex = pindex;
    return p;
  }

  private void overwrite(int m, Item p, int index) {
    items[m].setMarker(false);
    items[m] = p;
    p.setMarker(true);
    indexes[m] = index;
    stamps[m] = clock++;
  }

  private void mark(Item p, int index) {
    if (size >= MAX) {
      int oldest = 0;
      for (int i = 1; i < size; i++) {
        if (stamps[i] < stamps[oldest]) {
          oldest = i;
        }
      }
      overwrite(oldest, p, index);
    } else {
      items[size] = p;
      p.setMarker(true);
      indexes[size] = index;
      stamps[size] = clock++;
      size++;
    }
  }

  /** Adjusts the markers after {@code len} units were inserted (len &gt; 0) or deleted (len &lt; 0) at index. */
  void update(int index, int len) {
    for (int i = size - 1; i >= 0; i--) {
      if (len > 0) {
        Item p = items[i];
        p.setMarker(false);
        while (p != null && (p.isDeleted() || !p.isCountable())) {
          p = p.left;
          if (p != null && p.isVisible()) {
            indexes[i] -= p.length;
          }
        }
        if (p == null || p.marker()) {
          remove(i);
          continue;
        }
        items[i] = p;
        p.setMarker(true);
      }
      if (index < indexes[i] || (len > 0 && index == indexes[i])) {
        indexes[i] = Math.max(index, indexes[i] + len);
      }
    }
  }

  private void remove(int i) {
    int last = size - 1;
    // keep order (Yjs splices), so that iteration stays deterministic
    System.arraycopy(items, i + 1, items, i, last - i);
    System.arraycopy(indexes, i + 1, indexes, i, last - i);
    System.arraycopy(stamps, i + 1, stamps, i, last - i);
    items[last] = null;
    size = last;
  }

  /** {@code right} is merged into {@code left}: markers on right move to left. */
  void onMerge(Item left, Item right) {
    for (int i = 0; i < size; i++) {
      if (items[i] == right) {
        items[i] = left;
        if (left.isVisible()) {
          indexes[i] -= left.length;
        }
      }
    }
  }
}
