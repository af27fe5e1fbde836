package io.epicenter.crdt.types;

import io.epicenter.crdt.doc.AbstractType;
import io.epicenter.crdt.lib0.Wire;

/** A custom XML node (Y.XmlHook): a map with a hook name. */
public class YXmlHook extends YMap {
  private final String hookName;

  public YXmlHook(String hookName) {
    this.hookName = hookName;
  }

  public String hookName() {
    return hookName;
  }

  @Override
  protected int typeRef() {
    return Wire.TYPE_XML_HOOK;
  }

  @Override
  protected String typeName() {
    return hookName;
  }

  @Override
  protected AbstractType emptyCopy() {
    return new YXmlHook(hookName);
  }
}
