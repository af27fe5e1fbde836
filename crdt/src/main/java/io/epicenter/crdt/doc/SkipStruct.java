package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.update.UpdateEncoder;

/** A hole marker read from a merged update; never stored in a document. */
public final class SkipStruct extends Struct {
  SkipStruct(long client, long clock, int length) {
    super(client, clock, length);
  }

  @Override
  public boolean isDeleted() {
    return true;
  }

  @Override
  boolean mergeWith(Struct right) {
    return false;
  }

  @Override
  void write(UpdateEncoder enc, int offset) {
    enc.writeInfo(Wire.REF_SKIP);
    enc.rest().writeVarUint(length - offset);
  }
}
