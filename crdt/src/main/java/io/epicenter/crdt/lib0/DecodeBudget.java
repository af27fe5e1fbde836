package io.epicenter.crdt.lib0;

/**
 * Running counters checked against {@link DecodeLimits} while decoding; one budget can be shared by
 * several inputs (e.g. all inputs of a merge), so that struct / delete-range limits apply to the sum.
 */
public final class DecodeBudget {
  private final DecodeLimits limits;
  private long bytes;
  private long structs;
  private long deleteRanges;

  public DecodeBudget(DecodeLimits limits) {
    this.limits = limits == null ? DecodeLimits.defaults() : limits;
  }

  public DecodeLimits limits() {
    return limits;
  }

  /** Accounts for one input of {@code n} bytes. */
  public void addInput(int n) {
    if (n > limits.maxBytes()) {
      throw new CrdtDecodeException("limit exceeded: maxBytes (" + limits.maxBytes() + "): input has " + n + " bytes");
    }
    bytes += n;
    if (bytes > limits.maxBytes()) {
      throw new CrdtDecodeException("limit exceeded: maxBytes (" + limits.maxBytes() + "): inputs have " + bytes + " bytes in total");
    }
  }

  /** Reserves {@code n} more structs (checked before the structs are read). */
  public void addStructs(long n) {
    structs += n;
    if (n < 0 || structs > limits.maxStructs()) {
      throw new CrdtDecodeException("limit exceeded: maxStructs (" + limits.maxStructs() + "): update declares " + structs + " structs");
    }
  }

  public void addDeleteRanges(long n) {
    deleteRanges += n;
    if (n < 0 || deleteRanges > limits.maxDeleteRanges()) {
      throw new CrdtDecodeException("limit exceeded: maxDeleteRanges (" + limits.maxDeleteRanges() + "): update declares " + deleteRanges + " delete ranges");
    }
  }

  /** Checks a declared client / group / entry count. */
  public void checkClients(long n, String what) {
    if (n > limits.maxClients()) {
      throw new CrdtDecodeException("limit exceeded: maxClients (" + limits.maxClients() + "): " + what + " declares " + n + " clients");
    }
  }
}
