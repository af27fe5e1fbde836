package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.update.UpdateEncoder;

/** A garbage-collected range (content ref 0): occupies clocks, always counts as deleted. */
public final class GcStruct extends Struct {
  GcStruct(long client, long clock, int length) {
    super(client, clock, length);
  }

  @Override
  public boolean isDeleted() {
    return true;
  }

  @Override
  boolean mergeWith(Struct right) {
    if (!(right instanceof GcStruct)) {
      return false;
    }
    length += right.length;
    return true;
  }

  @Override
  void write(UpdateEncoder enc, int offset) {
    enc.writeInfo(Wire.REF_GC);
    enc.writeLen(length - offset);
  }

  @Override
  public String toString() {
    return "GC(" + client + "," + clock + "+" + length + ")";
  }
}
