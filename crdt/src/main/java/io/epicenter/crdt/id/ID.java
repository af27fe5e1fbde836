package io.epicenter.crdt.id;

/** An ID names one unit: (client, clock). Both are in 0..2^53-1. */
public record ID(long client, long clock) {
  @Override
  public String toString() {
    return "(" + client + "," + clock + ")";
  }
}
