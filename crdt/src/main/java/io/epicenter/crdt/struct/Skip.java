package io.epicenter.crdt.struct;

/** A hole marker in merged updates (content ref 10): these clocks are not contained. */
public final class Skip extends AbstractStruct {
  private final long length;

  public Skip(long client, long clock, long length) {
    super(client, clock);
    this.length = length;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public Skip sliceFrom(long diff) {
    return new Skip(client, clock + diff, length - diff);
  }

  @Override
  public String toString() {
    return "Skip(" + client + "," + clock + "+" + length + ")";
  }
}
