package io.epicenter.crdt.struct;

import io.epicenter.crdt.lib0.Wire;

/** Content ref 4: text; its length is in UTF-16 code units. */
public record ContentString(String str) implements Content {
  @Override public int ref() { return Wire.REF_STRING; }
  @Override public long length() { return str.length(); }
  @Override public boolean isCountable() { return true; }
  @Override public boolean isSplittable() { return true; }

  private boolean cutsPair(int offset) {
    return Character.isHighSurrogate(str.charAt(offset - 1));
  }

  /** Right part; a cut inside a surrogate pair replaces the lone low half with U+FFFD (doc §6.1). */
  @Override
  public ContentString spliceRight(long offset) {
    int o = (int) offset;
    if (cutsPair(o)) {
      return new ContentString('\uFFFD' + str.substring(o + 1));
    }
    return new ContentString(str.substring(o));
  }

  /** Left part; a cut inside a surrogate pair replaces the lone high half with U+FFFD. */
  @Override
  public ContentString spliceLeft(long offset) {
    int o = (int) offset;
    if (cutsPair(o)) {
      return new ContentString(str.substring(0, o - 1) + '\uFFFD');
    }
    return new ContentString(str.substring(0, o));
  }
}
