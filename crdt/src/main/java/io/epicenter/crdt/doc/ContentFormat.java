package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.update.UpdateEncoder;
import java.util.List;

/** A formatting marker (ref 6): {@code key = value} starts a range, {@code null} ends it. Not countable. */
public final class ContentFormat extends Content {
  final String key;
  final Any value;

  public ContentFormat(String key, Any value) {
    this.key = key;
    this.value = value;
  }

  public String key() {
    return key;
  }

  public Any value() {
    return value;
  }

  @Override
  public int length() {
    return 1;
  }

  @Override
  public boolean isCountable() {
    return false;
  }

  @Override
  int ref() {
    return Wire.REF_FORMAT;
  }

  @Override
  void integrate(Transaction txn, Item item) {
    item.parent.hasFormatting = true;
  }

  @Override
  void write(UpdateEncoder enc, int offset) {
    enc.writeKey(key);
    enc.writeJson(null, value);
  }

  @Override
  public void values(List<Object> out) {
    // not countable: no values
  }

  @Override
  public String toString() {
    return "Format(" + key + "=" + value + ")";
  }
}
