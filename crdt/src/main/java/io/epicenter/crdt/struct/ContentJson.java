package io.epicenter.crdt.struct;

import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.Wire;
import java.util.List;

/**
 * Content ref 2: legacy JSON content, one JSON text per element ({@code "undefined"} stands for undefined).
 * Each element keeps its text as received ({@code text}, null for values built in memory) and its parsed
 * value.
 */
public record ContentJson(List<Element> elements) implements Content {

  /** One element: the JSON text as received (or null) and its value ({@link Any.Undefined} for "undefined"). */
  public record Element(String text, Any value) {}

  public ContentJson {
    elements = List.copyOf(elements);
  }

  @Override public int ref() { return Wire.REF_JSON; }
  @Override public long length() { return elements.size(); }
  @Override public boolean isCountable() { return true; }
  @Override public boolean isSplittable() { return true; }
  @Override public ContentJson spliceRight(long offset) { return new ContentJson(elements.subList((int) offset, elements.size())); }
  @Override public ContentJson spliceLeft(long offset) { return new ContentJson(elements.subList(0, (int) offset)); }
}
