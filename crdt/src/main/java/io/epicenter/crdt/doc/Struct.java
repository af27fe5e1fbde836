package io.epicenter.crdt.doc;

import io.epicenter.crdt.update.UpdateEncoder;

/**
 * A struct held by a document: an {@link Item}, a {@link GcStruct}, or (only while an update is being
 * integrated) a {@link SkipStruct}. Occupies clocks {@code clock .. clock+length-1} of {@code client}.
 */
public abstract sealed class Struct permits Item, GcStruct, SkipStruct {
  final long client;
  long clock;
  int length;

  Struct(long client, long clock, int length) {
    this.client = client;
    this.clock = clock;
    this.length = length;
  }

  public final long client() {
    return client;
  }

  public final long clock() {
    return clock;
  }

  public final int length() {
    return length;
  }

  public abstract boolean isDeleted();

  /** Merges {@code right} (the next struct of the same client) into this one if Yjs would. */
  abstract boolean mergeWith(Struct right);

  /** Writes this struct from clock offset {@code offset} on, like Yjs's {@code struct.write}. */
  abstract void write(UpdateEncoder enc, int offset);
}
