package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.update.UpdateEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Base of all shared types: a list ({@code start}, {@code length}) and a map of key chains ({@code map},
 * key → last item of the chain). Holds the list/map primitives of Yjs ({@code typeListInsertGenerics},
 * {@code typeMapSet}, ...); the concrete types in {@code io.epicenter.crdt.types} expose them.
 */
public abstract class AbstractType {
  Doc doc;
  /** The item holding this type, or null for a root type. */
  Item item;
  /** Name of a root type, else null. */
  String rootName;
  Item start;
  final LinkedHashMap<String, Item> map = new LinkedHashMap<>();
  int length;
  SearchMarkers markers;
  boolean hasFormatting;

  protected AbstractType(boolean useSearchMarkers) {
    if (useSearchMarkers) {
      markers = new SearchMarkers();
    }
  }

  /** The type ref written for a nested type (doc §3.7). */
  protected abstract int typeRef();

  /** XML element node name / hook name written after the type ref, or null. */
  protected String typeName() {
    return null;
  }

  /** The value as Yjs's {@code toJSON} shows it. */
  public abstract Object toJson();

  /** Whether Yjs runs its rich-text formatting clean-up for this type (YText, YXmlText). */
  protected boolean isRichText() {
    return false;
  }

  /** A fresh empty instance of the same kind (used to give a root its kind). */
  protected abstract AbstractType emptyCopy();

  void integrate(Doc d, Item it) {
    this.doc = d;
    this.item = it;
  }

  void writeTypeRef(UpdateEncoder enc) {
    enc.writeTypeRef(typeRef());
    String n = typeName();
    if (n != null) {
      enc.writeKey(n);
    }
  }

  public final Doc doc() {
    return doc;
  }

  /** The first item of the list (deleted ones included). */
  public final Item startItem() {
    return start;
  }

  /** The item holding this nested type, or null for a root. */
  public final Item parentItem() {
    return item;
  }

  /** Number of countable, visible units in the list. */
  public final int listLength() {
    return length;
  }

  /** Runs {@code f} in a transaction of this type's document (joining the current one). */
  protected final void transact(Consumer<Transaction> f) {
    if (doc == null) {
      throw new IllegalStateException("type is not part of a document yet");
    }
    doc.transact(f);
  }

  // ---------------------------------------------------------------------------------------------------
  // list primitives

  /** All visible values of the list, in order. */
  protected final List<Object> listValues() {
    List<Object> out = new ArrayList<>(length);
    for (Item n = start; n != null; n = n.right) {
      if (n.isVisible()) {
        n.content.values(out);
      }
    }
    return out;
  }

  /** Value at index. */
  protected final Object listGet(int index) {
    if (markers != null) {
      Item m = markers.find(this, index);
      if (m != null) {
        int i = markers.foundIndex;
        for (Item n = m; n != null; n = n.right) {
          if (n.isVisible()) {
            if (index < i + n.length) {
              List<Object> vals = new ArrayList<>(n.length);
              n.content.values(vals);
              return vals.get(index - i);
            }
            i += n.length;
          }
        }
        throw new IndexOutOfBoundsException(index);
      }
    }
    for (Item n = start; n != null; n = n.right) {
      if (n.isVisible()) {
        if (index < n.length) {
          List<Object> vals = new ArrayList<>(n.length);
          n.content.values(vals);
          return vals.get(index);
        }
        index -= n.length;
      }
    }
    throw new IndexOutOfBoundsException(index);
  }

  protected final void listInsert(Transaction txn, int index, List<?> values) {
    if (index > length || index < 0) {
      throw new IndexOutOfBoundsException("index " + index + " outside 0.." + length);
    }
    if (index == 0) {
      if (markers != null) {
        markers.update(index, values.size());
      }
      insertAfter(txn, null, values);
      return;
    }
    int startIndex = index;
    Item n = start;
    if (markers != null) {
      Item m = markers.find(this, index);
      if (m != null) {
        n = m;
        index -= markers.foundIndex;
        if (index == 0) {
          n = prevVisible(n);
          index += (n != null && n.isVisible()) ? n.length : 0;
        }
      }
    }
    for (; n != null; n = n.right) {
      if (n.isVisible()) {
        if (index <= n.length) {
          if (index < n.length) {
            doc.store.getItemCleanStart(txn, n.client, n.clock + index);
          }
          break;
        }
        index -= n.length;
      }
    }
    if (markers != null) {
      markers.update(startIndex, values.size());
    }
    insertAfter(txn, n, values);
  }

  private static Item prevVisible(Item n) {
    Item p = n.left;
    while (p != null && p.isDeleted()) {
      p = p.left;
    }
    return p;
  }

  /** Appends after the last item of the list (Yjs's typeListPushGenerics). */
  protected final void listPush(Transaction txn, List<?> values) {
    Item n = start;
    if (n != null) {
      while (n.right != null) {
        n = n.right;
      }
    }
    insertAfter(txn, n, values);
  }

  /** Yjs's typeListInsertGenericsAfter: packs consecutive JSON values into one Any item. */
  private void insertAfter(Transaction txn, Item reference, List<?> values) {
    Item left = reference;
    Item right = reference == null ? start : reference.right;
    List<Any> json = new ArrayList<>();
    for (Object v : values) {
      Content c = JsonValues.specialContent(v);
      if (c == null) {
        json.add(JsonValues.toAnyForArray(v));
      } else {
        if (!json.isEmpty()) {
          left = integrateLocal(txn, left, right, null, new ContentAny(json));
          json = new ArrayList<>();
        }
        left = integrateLocal(txn, left, right, null, c);
      }
    }
    if (!json.isEmpty()) {
      integrateLocal(txn, left, right, null, new ContentAny(json));
    }
  }

  /** Creates and integrates a local item of the document's client between left and right. */
  protected final Item integrateLocal(Transaction txn, Item left, Item right, String parentSub, Content c) {
    long client = doc.clientId();
    Item it = Item.local(client, doc.store.getState(client), left, right, this, parentSub, c);
    it.integrate(txn, 0);
    return it;
  }

  protected final void listDelete(Transaction txn, int index, int len) {
    if (len == 0) {
      return;
    }
    int startIndex = index;
    int startLength = len;
    Item n = start;
    if (markers != null) {
      Item m = markers.find(this, index);
      if (m != null) {
        n = m;
        index -= markers.foundIndex;
      }
    }
    for (; n != null && index > 0; n = n.right) {
      if (n.isVisible()) {
        if (index < n.length) {
          doc.store.getItemCleanStart(txn, n.client, n.clock + index);
        }
        index -= n.length;
      }
    }
    while (len > 0 && n != null) {
      if (!n.isDeleted()) {
        if (len < n.length) {
          doc.store.getItemCleanStart(txn, n.client, n.clock + len);
        }
        n.delete(txn);
        len -= n.length;
      }
      n = n.right;
    }
    if (len > 0) {
      throw new IndexOutOfBoundsException("delete of " + startLength + " at " + startIndex + " exceeds length");
    }
    if (markers != null) {
      markers.update(startIndex, -startLength + len);
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // map primitives

  protected final void mapSet(Transaction txn, String key, Object value) {
    Item left = map.get(key);
    Content c = JsonValues.specialContent(value);
    if (c == null) {
      c = new ContentAny(List.of(JsonValues.toAny(value)));
    }
    integrateLocal(txn, left, null, key, c);
  }

  protected final void mapDelete(Transaction txn, String key) {
    Item c = map.get(key);
    if (c != null) {
      c.delete(txn);
    }
  }

  protected final Object mapGet(String key) {
    Item v = map.get(key);
    return v == null || v.isDeleted() ? null : v.content.lastValue();
  }

  protected final boolean mapHas(String key) {
    Item v = map.get(key);
    return v != null && !v.isDeleted();
  }

  /** Visible entries (key → value) in key insertion order. */
  protected final Map<String, Object> mapEntries() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Item> e : map.entrySet()) {
      if (!e.getValue().isDeleted()) {
        out.put(e.getKey(), e.getValue().content.lastValue());
      }
    }
    return out;
  }

  /** A value converted to JSON form (nested types as their JSON). */
  protected static Object jsonOf(Object v) {
    return v instanceof AbstractType t ? t.toJson() : v;
  }
}
