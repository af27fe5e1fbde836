package io.epicenter.crdt.id;

import java.util.Map;

/** Encoded state vectors: {@code varUint(n) (varUint(client) varUint(clock))*}. */
public final class StateVector {
  private StateVector() {}

  /** Decodes a state vector (any entry order accepted; a client listed twice keeps the last value). */
  public static Map<Long, Long> decode(byte[] encoded) {
    throw new UnsupportedOperationException();
  }

  /** Encodes a state vector with entries in descending client id order (as Yjs writes it). */
  public static byte[] encode(Map<Long, Long> stateVector) {
    throw new UnsupportedOperationException();
  }
}
