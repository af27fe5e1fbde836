package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.update.UpdateEncoder;
import java.util.List;

/** A run of Any values (ref 8). */
public final class ContentAny extends AnyListContent {

  public ContentAny(List<Any> values) {
    super(values);
  }

  public List<Any> anyValues() {
    return values;
  }

  @Override
  AnyListContent sameKind(List<Any> values) {
    return new ContentAny(values);
  }

  @Override
  int ref() {
    return Wire.REF_ANY;
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
  public String toString() {
    return "Any" + values;
  }
}
