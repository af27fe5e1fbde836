package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.JsonText;
import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.update.UpdateEncoder;
import java.util.ArrayList;
import java.util.List;

/** Legacy JSON content (ref 2): values parsed from JSON texts; {@link Any.Undefined} for "undefined". */
public final class ContentJson extends Content {
  private ArrayList<Any> values;

  public ContentJson(List<Any> values) {
    this.values = new ArrayList<>(values);
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
    return Wire.REF_JSON;
  }

  @Override
  Content splice(int offset) {
    ContentJson right = new ContentJson(values.subList(offset, values.size()));
    values = new ArrayList<>(values.subList(0, offset));
    return right;
  }

  @Override
  boolean mergeWith(Content right) {
    values.addAll(((ContentJson) right).values);
    return true;
  }

  @Override
  void write(UpdateEncoder enc, int offset) {
    int n = values.size();
    enc.writeLen(n - offset);
    for (int i = offset; i < n; i++) {
      Any v = values.get(i);
      String s = v instanceof Any.Undefined ? "undefined" : JsonText.stringify(v);
      enc.writeString(s == null ? "undefined" : s);
    }
  }

  @Override
  public void values(List<Object> out) {
    for (Any a : values) {
      out.add(JsonValues.fromAny(a));
    }
  }
}
