package io.epicenter.crdt.types;

import io.epicenter.crdt.doc.AbstractType;
import io.epicenter.crdt.lib0.Wire;
import java.util.List;

/** A list of XML nodes (Y.XmlFragment); reads as the concatenated XML string. */
public class YXmlFragment extends AbstractType {
  public YXmlFragment() {
    super(true);
  }

  @Override
  protected int typeRef() {
    return Wire.TYPE_XML_FRAGMENT;
  }

  @Override
  protected AbstractType emptyCopy() {
    return new YXmlFragment();
  }

  public int length() {
    return listLength();
  }

  /** Inserts new (not yet integrated) XML nodes: {@link YXmlElement}, {@link YXmlText}. */
  public void insert(int index, List<? extends AbstractType> nodes) {
    transact(txn -> listInsert(txn, index, nodes));
  }

  public void delete(int index, int length) {
    transact(txn -> listDelete(txn, index, length));
  }

  public List<Object> children() {
    return listValues();
  }

  protected String childrenString() {
    StringBuilder sb = new StringBuilder();
    for (Object c : listValues()) {
      sb.append(c instanceof YMap && !(c instanceof YXmlHook) ? "[object Object]" : String.valueOf(c));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return childrenString();
  }

  @Override
  public Object toJson() {
    return toString();
  }
}
