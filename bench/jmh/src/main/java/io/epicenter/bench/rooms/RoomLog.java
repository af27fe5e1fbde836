package io.epicenter.bench.rooms;

import io.epicenter.crdt.update.Updates;
import java.util.ArrayList;
import java.util.List;

/**
 * The sync plugin's room state policy (sync-plugin's {@code UpdateLog}), reimplemented for the benchmark:
 * validated V1 updates are appended to a tail; the tail is merged into the base with
 * {@code Updates.mergeUpdates} when a joiner needs the whole state, or when it holds 1024 updates or at
 * least max(1 MiB, base size) bytes; the full state and its state vector are cached until the next append.
 */
final class RoomLog {
  static final int MAX_TAIL_UPDATES = 1024;
  static final long MIN_TAIL_BYTES_TO_MERGE = 1 << 20;
  static final byte[] EMPTY_UPDATE = {0, 0};

  private byte[] base;
  private final List<byte[]> tail = new ArrayList<>();
  private long tailBytes;
  private byte[] fullCache;
  private byte[] stateVectorCache;
  long merges;

  RoomLog(byte[] initial) {
    base = initial == null || initial.length == 0 ? null : initial;
  }

  void append(byte[] update) {
    tail.add(update);
    tailBytes += update.length;
    fullCache = null;
    stateVectorCache = null;
    if (tail.size() >= MAX_TAIL_UPDATES
        || tailBytes >= Math.max(MIN_TAIL_BYTES_TO_MERGE, base == null ? 0 : base.length)) {
      compact();
    }
  }

  byte[] full() {
    if (fullCache == null) {
      compact();
      fullCache = base == null ? EMPTY_UPDATE : base;
    }
    return fullCache;
  }

  byte[] stateVector() {
    if (stateVectorCache == null) {
      byte[] f = full();
      stateVectorCache = f == EMPTY_UPDATE ? new byte[] {0} : Updates.encodeStateVectorFromUpdate(f);
    }
    return stateVectorCache;
  }

  long sizeBytes() {
    return (base == null ? 0 : base.length) + tailBytes;
  }

  private void compact() {
    if (tail.isEmpty()) {
      return;
    }
    List<byte[]> parts = new ArrayList<>(tail.size() + 1);
    if (base != null) {
      parts.add(base);
    }
    parts.addAll(tail);
    base = parts.size() == 1 ? parts.get(0) : Updates.mergeUpdates(parts);
    merges++;
    tail.clear();
    tailBytes = 0;
  }
}
