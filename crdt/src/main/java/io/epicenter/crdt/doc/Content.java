package io.epicenter.crdt.doc;

import io.epicenter.crdt.update.UpdateEncoder;
import java.util.List;

/**
 * The content of an {@link Item} as a document holds it (mutable: merging and splitting change it in place,
 * like Yjs's content classes). Values are exposed as JSON-like Java values (see {@link JsonValues}).
 */
public abstract sealed class Content
    permits ContentString, AnyListContent, ContentDeleted, ContentBinary, ContentEmbed, ContentFormat,
    ContentType, ContentDoc {

  public abstract int length();

  public abstract boolean isCountable();

  /** Content ref written in the info byte. */
  abstract int ref();

  /** Keeps the first {@code offset} units here and returns the rest (only splittable kinds). */
  Content splice(int offset) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be split");
  }

  /** Appends {@code right} (same class) if this kind merges. */
  boolean mergeWith(Content right) {
    return false;
  }

  void integrate(Transaction txn, Item item) {}

  void delete(Transaction txn) {}

  void gc(StructStore store) {}

  abstract void write(UpdateEncoder enc, int offset);

  /** Adds the values of this content (one per unit) to {@code out}. */
  public abstract void values(List<Object> out);

  /** The last value (what a map entry shows). */
  public Object lastValue() {
    List<Object> l = new java.util.ArrayList<>(length());
    values(l);
    return l.get(l.size() - 1);
  }
}
