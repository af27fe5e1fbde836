package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.update.UpdateEncoder;
import java.util.List;

/** Deleted content (ref 1): only its length remains. */
public final class ContentDeleted extends Content {
  private int len;

  public ContentDeleted(int len) {
    this.len = len;
  }

  @Override
  public int length() {
    return len;
  }

  @Override
  public boolean isCountable() {
    return false;
  }

  @Override
  int ref() {
    return Wire.REF_DELETED;
  }

  @Override
  Content splice(int offset) {
    ContentDeleted right = new ContentDeleted(len - offset);
    len = offset;
    return right;
  }

  @Override
  boolean mergeWith(Content right) {
    len += ((ContentDeleted) right).len;
    return true;
  }

  @Override
  void integrate(Transaction txn, Item item) {
    txn.deleteSet().add(item.client, item.clock, len);
    item.markDeleted();
  }

  @Override
  void write(UpdateEncoder enc, int offset) {
    enc.writeLen(len - offset);
  }

  @Override
  public void values(List<Object> out) {
    // no values
  }

  @Override
  public String toString() {
    return "Deleted(" + len + ")";
  }
}
