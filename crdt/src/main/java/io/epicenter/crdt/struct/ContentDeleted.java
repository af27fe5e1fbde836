package io.epicenter.crdt.struct;

import io.epicenter.crdt.lib0.Wire;

/** Content ref 1: deleted content of {@code len} clocks. */
public record ContentDeleted(long len) implements Content {
  @Override public int ref() { return Wire.REF_DELETED; }
  @Override public long length() { return len; }
  @Override public boolean isCountable() { return false; }
  @Override public boolean isSplittable() { return true; }
  @Override public ContentDeleted spliceRight(long offset) { return new ContentDeleted(len - offset); }
  @Override public ContentDeleted spliceLeft(long offset) { return new ContentDeleted(offset); }
}
