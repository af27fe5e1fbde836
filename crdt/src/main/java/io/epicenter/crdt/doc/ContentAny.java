package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.update.UpdateEncoder;
import java.util.ArrayList;
import java.util.List;

/** A run of Any values (ref 8). */
public final class ContentAny extends Content {
  private ArrayList<Any> values;

  public ContentAny(List<Any> values) {
    this.values = new ArrayList<>(values);
  }

  public List<Any> anyValues() {
    return values;
  }

  @Override
  public int length() {
    return values.size();
  }

  @Override
  public boolean isCountable() {
    return true;
  }

  @Override
  int ref() {
    return Wire.REF_ANY;
  }

  @Override
  Content splice(int offset) {
    ContentAny right = new ContentAny(values.subList(offset, values.size()));
    values = new ArrayList<>(values.subList(0, offset));
    return right;
  }

  @Override
  boolean mergeWith(Content right) {
    values.addAll(((ContentAny) right).values);
    return true;
  }

  @Override
  void write(UpdateEncoder enc, int offset) {
    int n = values.size();
    enc.writeLen(n - offset);
    for (int i = offset; i < n; i++) {
      enc.writeAny(values.get(i));
    }
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

  @Override
  public String toString() {
    return "Any" + values;
  }
}
