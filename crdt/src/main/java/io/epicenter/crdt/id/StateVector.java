package io.epicenter.crdt.id;

import io.epicenter.crdt.lib0.CrdtDecodeException;
import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.crdt.lib0.Lib0Reader;
import io.epicenter.crdt.lib0.Lib0Writer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Encoded state vectors (doc §4): {@code varUint(n) (varUint(client) varUint(nextClock))*}. */
public final class StateVector {
  private StateVector() {}

  /**
   * Decodes a state vector. Any entry order is accepted; a client listed twice keeps the last value (at
   * the position of its first occurrence). Iteration order is the wire order. Trailing bytes are ignored,
   * as in Yjs.
   */
  public static Map<Long, Long> decode(byte[] encoded) {
    return decode(encoded, DecodeLimits.defaults());
  }

  public static Map<Long, Long> decode(byte[] encoded, DecodeLimits limits) {
    if (encoded.length > limits.maxBytes()) {
      throw new CrdtDecodeException("limit exceeded: maxBytes (" + limits.maxBytes() + "): state vector has "
          + encoded.length + " bytes");
    }
    Lib0Reader r = new Lib0Reader(encoded, limits);
    long n = r.readVarUint();
    if (n > limits.maxClients()) {
      throw new CrdtDecodeException("limit exceeded: maxClients (" + limits.maxClients() + "): state vector declares "
          + n + " entries");
    }
    if (n > r.remaining() / 2) {
      throw new CrdtDecodeException("unexpected end of input: state vector declares " + n + " entries, "
          + r.remaining() + " bytes left");
    }
    Map<Long, Long> sv = new LinkedHashMap<>();
    for (long i = 0; i < n; i++) {
      long client = r.readVarUint();
      long clock = r.readVarUint();
      sv.put(client, clock);
    }
    return sv;
  }

  /** Encodes a state vector with entries in descending client id order (as Yjs writes it). */
  public static byte[] encode(Map<Long, Long> stateVector) {
    int n = stateVector.size();
    long[] clients = new long[n];
    int i = 0;
    for (Long c : stateVector.keySet()) {
      clients[i++] = c;
    }
    java.util.Arrays.sort(clients);
    Lib0Writer w = new Lib0Writer(2 + n * 8);
    w.writeVarUint(n);
    for (int k = n - 1; k >= 0; k--) {
      w.writeVarUint(clients[k]);
      w.writeVarUint(stateVector.get(clients[k]));
    }
    return w.toByteArray();
  }
}
