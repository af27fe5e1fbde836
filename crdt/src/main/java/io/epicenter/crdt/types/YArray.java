package io.epicenter.crdt.types;

import io.epicenter.crdt.doc.AbstractType;
import io.epicenter.crdt.doc.JsonValues;
import io.epicenter.crdt.lib0.Wire;
import java.util.ArrayList;
import java.util.List;

/** A shared array (Y.Array). Values as for {@link YMap#set}, except BigInt and undefined. */
public class YArray extends AbstractType {
  public YArray() {
    super(true);
  }

  @Override
  protected int typeRef() {
    return Wire.TYPE_ARRAY;
  }

  @Override
  protected AbstractType emptyCopy() {
    return new YArray();
  }

  public int length() {
    return listLength();
  }

  public void insert(int index, List<?> values) {
    transact(txn -> listInsert(txn, index, values));
  }

  public void push(List<?> values) {
    transact(txn -> listPush(txn, values));
  }

  public void delete(int index, int length) {
    transact(txn -> listDelete(txn, index, length));
  }

  public Object get(int index) {
    return listGet(index);
  }

  /** Values with nested types as type objects. */
  public List<Object> toArray() {
    return listValues();
  }

  @Override
  public List<Object> toJson() {
    List<Object> vals = listValues();
    List<Object> out = new ArrayList<>(vals.size());
    for (Object v : vals) {
      out.add(JsonValues.json(v));
    }
    return out;
  }
}
