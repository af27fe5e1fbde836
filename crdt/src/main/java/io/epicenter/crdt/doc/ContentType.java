package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.update.UpdateEncoder;
import java.util.List;

/** A nested shared type (ref 7). */
public final class ContentType extends Content {
  final AbstractType type;

  public ContentType(AbstractType type) {
    this.type = type;
  }

  public AbstractType type() {
    return type;
  }

  @Override
  public int length() {
    return 1;
  }

  @Override
  public boolean isCountable() {
    return true;
  }

  @Override
  int ref() {
    return Wire.REF_TYPE;
  }

  @Override
  void integrate(Transaction txn, Item item) {
    type.integrate(txn.doc(), item);
  }

  @Override
  void delete(Transaction txn) {
    for (Item it = type.start; it != null; it = it.right) {
      if (!it.isDeleted()) {
        it.delete(txn);
      } else if (it.clock < txn.beforeClock(it.client)) {
        txn.mergeStructs.add(it);
      }
    }
    if (type.map != null) {
      for (Item it : type.map.values()) {
        if (!it.isDeleted()) {
          it.delete(txn);
        } else if (it.clock < txn.beforeClock(it.client)) {
          txn.mergeStructs.add(it);
        }
      }
    }
    txn.changed.remove(type);
  }

  @Override
  void gc(StructStore store) {
    for (Item it = type.start; it != null; it = it.right) {
      it.gc(store, true);
    }
    type.start = null;
    if (type.map != null) {
      for (Item it : type.map.values()) {
        for (Item i = it; i != null; i = i.left) {
          i.gc(store, true);
        }
      }
      type.map.clear();
    }
    type.length = 0;
  }

  @Override
  void write(UpdateEncoder enc, int offset) {
    type.writeTypeRef(enc);
  }

  @Override
  public void values(List<Object> out) {
    out.add(type);
  }

  @Override
  public Object lastValue() {
    return type;
  }
}
