package io.epicenter.crdt.types;

import io.epicenter.crdt.doc.AbstractType;
import io.epicenter.crdt.lib0.Wire;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** An XML element (Y.XmlElement): node name, attributes (map entries) and children (list). */
public class YXmlElement extends YXmlFragment {
  private final String nodeName;

  public YXmlElement(String nodeName) {
    this.nodeName = nodeName;
  }

  public String nodeName() {
    return nodeName;
  }

  @Override
  protected int typeRef() {
    return Wire.TYPE_XML_ELEMENT;
  }

  @Override
  protected String typeName() {
    return nodeName;
  }

  @Override
  protected AbstractType emptyCopy() {
    return new YXmlElement(nodeName);
  }

  public void setAttribute(String key, Object value) {
    transact(txn -> mapSet(txn, key, value));
  }

  public void removeAttribute(String key) {
    transact(txn -> mapDelete(txn, key));
  }

  public Object getAttribute(String key) {
    return mapGet(key);
  }

  public Map<String, Object> attributes() {
    return mapEntries();
  }

  @Override
  public String toString() {
    Map<String, Object> attrs = mapEntries();
    List<String> keys = new ArrayList<>(attrs.keySet());
    Collections.sort(keys);
    StringBuilder sb = new StringBuilder();
    String name = nodeName.toLowerCase(java.util.Locale.ROOT);
    sb.append('<').append(name);
    for (String k : keys) {
      sb.append(' ').append(k).append("=\"").append(XmlStrings.js(attrs.get(k))).append('"');
    }
    sb.append('>').append(childrenString()).append("</").append(name).append('>');
    return sb.toString();
  }
}
