package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Lib0Writer;
import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.update.UpdateEncoder;
import java.util.List;

/**
 * Text (content ref 4). Holds a {@link String}, switching to a {@link StringBuilder} once merges make it
 * grow, so typing at the end of a long run stays amortised O(1).
 */
public final class ContentString extends Content {
  private static final int BUILDER_THRESHOLD = 32;
  private CharSequence str;

  public ContentString(String s) {
    this.str = s;
  }

  public CharSequence chars() {
    return str;
  }

  public String string() {
    return str.toString();
  }

  @Override
  public int length() {
    return str.length();
  }

  @Override
  public boolean isCountable() {
    return true;
  }

  @Override
  int ref() {
    return Wire.REF_STRING;
  }

  @Override
  Content splice(int offset) {
    CharSequence s = str;
    String right = s.subSequence(offset, s.length()).toString();
    String left = s.subSequence(0, offset).toString();
    if (Character.isHighSurrogate(left.charAt(offset - 1))) {
      // Yjs replaces both halves of a cut surrogate pair with U+FFFD (doc §6.1 method 2)
      left = left.substring(0, offset - 1) + '\uFFFD';
      right = '\uFFFD' + right.substring(1);
    }
    this.str = left;
    return new ContentString(right);
  }

  @Override
  boolean mergeWith(Content right) {
    CharSequence r = ((ContentString) right).str;
    if (str instanceof StringBuilder sb) {
      sb.append(r);
    } else if (str.length() + r.length() < BUILDER_THRESHOLD) {
      str = str.toString().concat(r.toString());
    } else {
      StringBuilder sb = new StringBuilder(Math.max(64, (str.length() + r.length()) * 3 / 2));
      sb.append(str).append(r);
      str = sb;
    }
    return true;
  }

  @Override
  void write(UpdateEncoder enc, int offset) {
    CharSequence s = offset == 0 ? str : str.subSequence(offset, str.length());
    if (!enc.isV2()) {
      enc.rest().writeVarString(s);
    } else {
      enc.writeString(s.toString());
    }
  }

  /** {@link #write} for V1: the chars from {@code offset} on as a varString, without copying them first. */
  void writeV1(Lib0Writer w, int offset) {
    CharSequence s = str;
    w.writeVarString(s, offset, s.length());
  }

  @Override
  public void values(List<Object> out) {
    for (int i = 0; i < str.length(); i++) {
      out.add(String.valueOf(str.charAt(i)));
    }
  }

  @Override
  public String toString() {
    return "String(" + str + ")";
  }
}
