package io.epicenter.crdt.struct;

/** A garbage-collected range (content ref 0): real history without content. */
public final class GC extends AbstractStruct {
  private final long length;

  public GC(long client, long clock, long length) {
    super(client, clock);
    this.length = length;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public GC sliceFrom(long diff) {
    return new GC(client, clock + diff, length - diff);
  }

  /** This GC extended by {@code more} clocks. */
  public GC extend(long more) {
    return new GC(client, clock, length + more);
  }

  @Override
  public String toString() {
    return "GC(" + client + "," + clock + "+" + length + ")";
  }
}
