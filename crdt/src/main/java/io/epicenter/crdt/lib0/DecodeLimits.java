package io.epicenter.crdt.lib0;

/**
 * Bounds applied while decoding untrusted input. Every decoder checks them and throws
 * {@link CrdtDecodeException} naming the exceeded limit.
 *
 * @param maxBytes        maximum input size in bytes (for merges: per input and in sum)
 * @param maxStructs      maximum number of structs (Item/GC/Skip) declared by one update (for merges: in sum)
 * @param maxClients      maximum declared count of client entries of one section (struct groups, delete-set
 *                        clients, state-vector entries)
 * @param maxStringBytes  maximum byte length of one string or byte array (UTF-8 bytes for strings)
 * @param maxAnyDepth     maximum nesting depth of lib0 Any values and JSON texts (objects / arrays); at most 1000
 * @param maxDeleteRanges maximum number of delete-set ranges of one update (for merges: in sum)
 */
public record DecodeLimits(int maxBytes, int maxStructs, int maxClients, int maxStringBytes, int maxAnyDepth,
                           int maxDeleteRanges) {

  /** Hard cap for {@link #maxAnyDepth()}: decoding nested values recurses. */
  public static final int MAX_SUPPORTED_DEPTH = 1000;

  private static final DecodeLimits DEFAULTS =
      new DecodeLimits(64 << 20, 10_000_000, 100_000, 16 << 20, 64, 10_000_000);

  public DecodeLimits {
    if (maxBytes < 0 || maxStructs < 0 || maxClients < 0 || maxStringBytes < 0 || maxAnyDepth < 0
        || maxDeleteRanges < 0) {
      throw new IllegalArgumentException("limits must be >= 0");
    }
    if (maxAnyDepth > MAX_SUPPORTED_DEPTH) {
      throw new IllegalArgumentException("maxAnyDepth must be <= " + MAX_SUPPORTED_DEPTH);
    }
  }

  /** 64 MiB input, 10M structs, 100k clients, 16 MiB per string, Any depth 64, 10M delete ranges. */
  public static DecodeLimits defaults() {
    return DEFAULTS;
  }

  public DecodeLimits withMaxBytes(int v) { return new DecodeLimits(v, maxStructs, maxClients, maxStringBytes, maxAnyDepth, maxDeleteRanges); }
  public DecodeLimits withMaxStructs(int v) { return new DecodeLimits(maxBytes, v, maxClients, maxStringBytes, maxAnyDepth, maxDeleteRanges); }
  public DecodeLimits withMaxClients(int v) { return new DecodeLimits(maxBytes, maxStructs, v, maxStringBytes, maxAnyDepth, maxDeleteRanges); }
  public DecodeLimits withMaxStringBytes(int v) { return new DecodeLimits(maxBytes, maxStructs, maxClients, v, maxAnyDepth, maxDeleteRanges); }
  public DecodeLimits withMaxAnyDepth(int v) { return new DecodeLimits(maxBytes, maxStructs, maxClients, maxStringBytes, v, maxDeleteRanges); }
  public DecodeLimits withMaxDeleteRanges(int v) { return new DecodeLimits(maxBytes, maxStructs, maxClients, maxStringBytes, maxAnyDepth, v); }
}
