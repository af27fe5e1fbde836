package io.epicenter.crdt.struct;

import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.Wire;
import java.util.List;

/** Content ref 8: a run of Any values. */
public record ContentAny(List<Any> values) implements Content {
  @Override public int ref() { return Wire.REF_ANY; }
  @Override public long length() { return values.size(); }
  @Override public boolean isCountable() { return true; }
  @Override public boolean isSplittable() { return true; }
  @Override public ContentAny spliceRight(long offset) { return new ContentAny(values.subList((int) offset, values.size())); }
  @Override public ContentAny spliceLeft(long offset) { return new ContentAny(values.subList(0, (int) offset)); }
}
