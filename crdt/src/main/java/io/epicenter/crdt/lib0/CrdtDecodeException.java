package io.epicenter.crdt.lib0;

/**
 * The one exception thrown for malformed or over-limit Yjs / lib0 input. The message says what was
 * wrong (truncation with the number of bytes expected, varint too long, unknown content ref, invalid
 * UTF-8, limit exceeded and which limit, ...), and {@link #offset()} the byte position where it was
 * detected (-1 if not applicable).
 */
public final class CrdtDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int offset;

  public CrdtDecodeException(String reason) {
    this(reason, -1);
  }

  public CrdtDecodeException(String reason, int offset) {
    super(offset >= 0 ? reason + " (at byte " + offset + ")" : reason);
    this.offset = offset;
  }

  /** Byte offset into the decoded buffer where the problem was detected, or -1. */
  public int offset() {
    return offset;
  }
}
