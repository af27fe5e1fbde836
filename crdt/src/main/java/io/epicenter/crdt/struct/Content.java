package io.epicenter.crdt.struct;

/**
 * Item content (content refs 1-9, doc §3.5). Implementations are immutable records.
 */
public sealed interface Content
    permits ContentDeleted, ContentJson, ContentBinary, ContentString, ContentEmbed, ContentFormat, ContentType,
    ContentAny, ContentDoc {

  /** The content ref written in the info byte. */
  int ref();

  /** Number of clocks occupied. */
  long length();

  /** Whether the content counts in a list's index space. */
  boolean isCountable();

  /** Whether the content can be cut at an inner offset (Deleted, JSON, String, Any). */
  default boolean isSplittable() {
    return false;
  }

  /**
   * The part from {@code offset} on, as Yjs's {@code splice} returns it (for strings: a cut inside a
   * surrogate pair makes the right part start with U+FFFD, doc §6.1 method 2).
   */
  default Content spliceRight(long offset) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be split");
  }

  /** The part before {@code offset}, as the left half of Yjs's {@code splice}. */
  default Content spliceLeft(long offset) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be split");
  }
}
