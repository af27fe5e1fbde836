package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Any;
import java.util.ArrayList;
import java.util.List;

/**
 * Content that is a run of {@link Any} values, one countable unit per value: {@link ContentAny}
 * (ref 8) and the legacy {@link ContentJson} (ref 2). They differ only in their wire encoding.
 */
public abstract sealed class AnyListContent extends Content permits ContentAny, ContentJson {
  ArrayList<Any> values;

  AnyListContent(List<Any> values) {
    this.values = new ArrayList<>(values);
  }

  /** A content of the same kind holding these values. */
  abstract AnyListContent sameKind(List<Any> values);

  @Override
  public int length() {
    return values.size();
  }

  @Override
  public boolean isCountable() {
    return true;
  }

  @Override
  Content splice(int offset) {
    AnyListContent right = sameKind(values.subList(offset, values.size()));
    values = new ArrayList<>(values.subList(0, offset));
    return right;
  }

  @Override
  boolean mergeWith(Content right) {
    values.addAll(((AnyListContent) right).values);
    return true;
  }

  @Override
  public void values(List<Object> out) {
    for (Any a : values) {
      out.add(JsonValues.fromAny(a));
    }
  }

  @Override
  public Object lastValue() {
    return JsonValues.fromAny(values.get(values.size() - 1));
  }
}
