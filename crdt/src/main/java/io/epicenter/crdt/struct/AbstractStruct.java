package io.epicenter.crdt.struct;

import io.epicenter.crdt.id.ID;

/**
 * A struct: the unit of transmission (doc §1). It occupies clocks {@code clock .. clock+length-1} of
 * {@code client}. Three kinds: {@link Item}, {@link GC} and {@link Skip}.
 */
public abstract sealed class AbstractStruct permits Item, GC, Skip {
  protected final long client;
  protected final long clock;

  protected AbstractStruct(long client, long clock) {
    this.client = client;
    this.clock = clock;
  }

  public final long client() {
    return client;
  }

  public final long clock() {
    return clock;
  }

  public final ID id() {
    return new ID(client, clock);
  }

  /** Number of clocks occupied. */
  public abstract long length();

  /** First clock after this struct. */
  public final long endClock() {
    return clock + length();
  }

  /**
   * The right part of this struct after dropping its first {@code diff} clocks (0 &lt; diff &lt; length),
   * per doc §6.1 (content split method 2 for strings). This struct is unchanged.
   */
  public abstract AbstractStruct sliceFrom(long diff);
}
