package io.epicenter.crdt.struct;

import io.epicenter.crdt.lib0.Wire;

/**
 * Content ref 7: a nested shared type. {@code typeRef} per doc §3.7; {@code name} is the node name of an
 * XmlElement (3) or the hook name of an XmlHook (5), else null.
 */
public record ContentType(int typeRef, String name) implements Content {
  @Override public int ref() { return Wire.REF_TYPE; }
  @Override public long length() { return 1; }
  @Override public boolean isCountable() { return true; }

  public static boolean hasName(int typeRef) {
    return typeRef == Wire.TYPE_XML_ELEMENT || typeRef == Wire.TYPE_XML_HOOK;
  }
}
