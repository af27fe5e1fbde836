package io.epicenter.crdt.update;

import io.epicenter.crdt.lib0.DecodeLimits;
import java.util.List;

/** Operations on encoded Yjs updates without a document. V1 unless the name says V2. */
public final class Updates {
  private Updates() {}

  public static byte[] mergeUpdates(List<byte[]> updates) { return mergeUpdates(updates, DecodeLimits.defaults()); }
  public static byte[] mergeUpdates(List<byte[]> updates, DecodeLimits limits) { throw new UnsupportedOperationException(); }
  public static byte[] diffUpdate(byte[] update, byte[] encodedStateVector) { throw new UnsupportedOperationException(); }
  public static byte[] encodeStateVectorFromUpdate(byte[] update) { throw new UnsupportedOperationException(); }
  public static UpdateMeta parseUpdateMeta(byte[] update) { throw new UnsupportedOperationException(); }
  public static void validate(byte[] update, DecodeLimits limits) { throw new UnsupportedOperationException(); }
  public static byte[] mergeUpdatesV2(List<byte[]> updates) { throw new UnsupportedOperationException(); }
  public static byte[] diffUpdateV2(byte[] update, byte[] encodedStateVector) { throw new UnsupportedOperationException(); }
  public static byte[] encodeStateVectorFromUpdateV2(byte[] update) { throw new UnsupportedOperationException(); }
  public static UpdateMeta parseUpdateMetaV2(byte[] update) { throw new UnsupportedOperationException(); }
  public static byte[] convertUpdateFormatV1ToV2(byte[] update) { throw new UnsupportedOperationException(); }
  public static byte[] convertUpdateFormatV2ToV1(byte[] update) { throw new UnsupportedOperationException(); }
  public static boolean isEmpty(byte[] update) { throw new UnsupportedOperationException(); }
}
