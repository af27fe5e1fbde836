package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.types.YArray;
import io.epicenter.crdt.types.YMap;
import io.epicenter.crdt.types.YText;
import io.epicenter.crdt.types.YXmlElement;
import io.epicenter.crdt.types.YXmlFragment;
import io.epicenter.crdt.types.YXmlHook;
import io.epicenter.crdt.types.YXmlText;

/** Creates the empty nested type for a type ref read from an update (doc §3.7). */
final class TypeFactory {
  private TypeFactory() {}

  static AbstractType create(int typeRef, String name) {
    return switch (typeRef) {
      case Wire.TYPE_ARRAY -> new YArray();
      case Wire.TYPE_MAP -> new YMap();
      case Wire.TYPE_TEXT -> new YText();
      case Wire.TYPE_XML_ELEMENT -> new YXmlElement(name);
      case Wire.TYPE_XML_FRAGMENT -> new YXmlFragment();
      case Wire.TYPE_XML_HOOK -> new YXmlHook(name);
      case Wire.TYPE_XML_TEXT -> new YXmlText();
      default -> throw new io.epicenter.crdt.lib0.CrdtDecodeException("unknown type ref " + typeRef);
    };
  }
}
