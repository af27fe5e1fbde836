package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.JsonText;
import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.update.UpdateEncoder;
import java.util.List;

/** Legacy JSON content (ref 2): values parsed from JSON texts; {@link Any.Undefined} for "undefined". */
public final class ContentJson extends AnyListContent {

  public ContentJson(List<Any> values) {
    super(values);
  }

  @Override
  AnyListContent sameKind(List<Any> values) {
    return new ContentJson(values);
  }

  @Override
  int ref() {
    return Wire.REF_JSON;
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
}
