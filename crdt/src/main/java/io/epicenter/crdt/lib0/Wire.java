package io.epicenter.crdt.lib0;

/**
 * The wire constants of lib0 / Yjs / y-protocols, in one place. See
 * {@code shared/docs/yjs-wire-format.md} sections 2.6 (Any tags), 3.2 (info bits), 3.5 (content refs),
 * 3.7 (type refs) and 8 (message types).
 */
public final class Wire {
  private Wire() {}

  // ---- struct info byte (doc §3.2) ----
  /** Low five bits of the info byte: the content ref. */
  public static final int INFO_CONTENT_REF_MASK = 0x1f;
  /** Yjs BIT6: the item has a parentSub (map key). */
  public static final int INFO_HAS_PARENT_SUB = 0x20;
  /** Yjs BIT7: a rightOrigin ID follows. */
  public static final int INFO_HAS_RIGHT_ORIGIN = 0x40;
  /** Yjs BIT8: an origin ID follows. */
  public static final int INFO_HAS_ORIGIN = 0x80;

  // ---- content refs (doc §3.3, §3.5) ----
  public static final int REF_GC = 0;
  public static final int REF_DELETED = 1;
  public static final int REF_JSON = 2;
  public static final int REF_BINARY = 3;
  public static final int REF_STRING = 4;
  public static final int REF_EMBED = 5;
  public static final int REF_FORMAT = 6;
  public static final int REF_TYPE = 7;
  public static final int REF_ANY = 8;
  public static final int REF_DOC = 9;
  public static final int REF_SKIP = 10;

  // ---- type refs of ContentType (doc §3.7) ----
  public static final int TYPE_ARRAY = 0;
  public static final int TYPE_MAP = 1;
  public static final int TYPE_TEXT = 2;
  public static final int TYPE_XML_ELEMENT = 3;
  public static final int TYPE_XML_FRAGMENT = 4;
  public static final int TYPE_XML_HOOK = 5;
  public static final int TYPE_XML_TEXT = 6;
  public static final int TYPE_MAX = 6;

  // ---- lib0 Any tags (doc §2.6) ----
  public static final int ANY_UNDEFINED = 127;
  public static final int ANY_NULL = 126;
  public static final int ANY_INTEGER = 125;
  public static final int ANY_FLOAT32 = 124;
  public static final int ANY_FLOAT64 = 123;
  public static final int ANY_BIGINT = 122;
  public static final int ANY_FALSE = 121;
  public static final int ANY_TRUE = 120;
  public static final int ANY_STRING = 119;
  public static final int ANY_OBJECT = 118;
  public static final int ANY_ARRAY = 117;
  public static final int ANY_UINT8ARRAY = 116;

  // ---- parentInfo values (doc §3.4) ----
  public static final int PARENT_INFO_ID = 0;
  public static final int PARENT_INFO_ROOT_NAME = 1;

  // ---- y-websocket / y-protocols messages (doc §8) ----
  public static final int MESSAGE_SYNC = 0;
  public static final int MESSAGE_AWARENESS = 1;
  public static final int MESSAGE_AUTH = 2;
  public static final int MESSAGE_QUERY_AWARENESS = 3;
  public static final int SYNC_STEP1 = 0;
  public static final int SYNC_STEP2 = 1;
  public static final int SYNC_UPDATE = 2;
  public static final int AUTH_PERMISSION_DENIED = 0;

  // ---- numbers ----
  /** 2^53 - 1, JavaScript's Number.MAX_SAFE_INTEGER: the largest client id / clock / varUint. */
  public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
  /** V2 updates start with this feature flag. */
  public static final int V2_FEATURE_FLAG = 0;
}
