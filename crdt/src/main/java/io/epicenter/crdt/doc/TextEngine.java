package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Any;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rich-text algorithms of Yjs's YText on a list of String / Embed / Type / Format items: positions with
 * current attributes, insert / format / delete, the formatting clean-ups and {@code toDelta}.
 */
public final class TextEngine {
  private TextEngine() {}

  /** A position between {@code left} and {@code right} with the attributes active there. */
  static final class Pos {
    Item left;
    Item right;
    int index;
    final LinkedHashMap<String, Any> attrs;

    Pos(Item left, Item right, int index, LinkedHashMap<String, Any> attrs) {
      this.left = left;
      this.right = right;
      this.index = index;
      this.attrs = attrs;
    }

    void forward() {
      Item r = right;
      if (r.content instanceof ContentFormat f) {
        if (!r.isDeleted()) {
          updateAttrs(attrs, f);
        }
      } else if (!r.isDeleted()) {
        index += r.length;
      }
      left = r;
      right = r.right;
    }
  }

  static void updateAttrs(Map<String, Any> attrs, ContentFormat f) {
    if (isNull(f.value)) {
      attrs.remove(f.key);
    } else {
      attrs.put(f.key, f.value);
    }
  }

  static boolean isNull(Any a) {
    return a == null || a instanceof Any.Null;
  }

  /** Yjs's equalAttrs: identical primitives, or flat-equal objects. */
  static boolean equalAttrs(Any a, Any b) {
    if (isNull(a) || isNull(b)) {
      return isNull(a) && isNull(b);
    }
    if (a == b) {
      return true;
    }
    if (a instanceof Any.Obj oa && b instanceof Any.Obj ob) {
      Map<String, Object> ma = flat(oa);
      Map<String, Object> mb = flat(ob);
      if (ma.size() != mb.size()) {
        return false;
      }
      for (Map.Entry<String, Object> e : ma.entrySet()) {
        if (!mb.containsKey(e.getKey()) || !java.util.Objects.equals(e.getValue(), mb.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    Object ja = JsonValues.fromAny(a);
    Object jb = JsonValues.fromAny(b);
    if (ja instanceof Double da && jb instanceof Double db) {
      return da.doubleValue() == db.doubleValue();
    }
    if (ja instanceof Map || ja instanceof List) {
      return false; // different objects are never === in JavaScript
    }
    return java.util.Objects.equals(ja, jb);
  }

  private static Map<String, Object> flat(Any.Obj o) {
    Map<String, Object> m = new HashMap<>();
    for (Map.Entry<String, Any> e : o.entries()) {
      Object v = JsonValues.fromAny(e.getValue());
      m.put(e.getKey(), v instanceof Map || v instanceof List ? new Object() : v);
    }
    return m;
  }

  private static Any attr(Map<String, Any> attrs, String key) {
    Any a = attrs.get(key);
    return a == null ? Any.Null.INSTANCE : a;
  }

  static Pos findNextPosition(Transaction txn, Pos pos, int count) {
    while (pos.right != null && count > 0) {
      Item r = pos.right;
      if (r.content instanceof ContentFormat f) {
        if (!r.isDeleted()) {
          updateAttrs(pos.attrs, f);
        }
      } else if (!r.isDeleted()) {
        if (count < r.length) {
          txn.doc().store.getItemCleanStart(txn, r.client, r.clock + count);
        }
        pos.index += r.length;
        count -= r.length;
      }
      pos.left = r;
      pos.right = r.right;
    }
    return pos;
  }

  static Pos findPosition(Transaction txn, AbstractType parent, int index, boolean useMarker) {
    LinkedHashMap<String, Any> attrs = new LinkedHashMap<>();
    Item m = useMarker && parent.markers != null ? parent.markers.find(parent, index) : null;
    if (m != null) {
      Pos pos = new Pos(m.left, m, parent.markers.foundIndex, attrs);
      return findNextPosition(txn, pos, index - parent.markers.foundIndex);
    }
    return findNextPosition(txn, new Pos(null, parent.start, 0, attrs), index);
  }

  private static Item newItem(Transaction txn, AbstractType parent, Item left, Item right, Content c) {
    Doc doc = txn.doc();
    long client = doc.clientId();
    Item it = Item.local(client, doc.store.getState(client), left, right, parent, null, c);
    it.integrate(txn, 0);
    return it;
  }

  private static void insertNegatedAttributes(Transaction txn, AbstractType parent, Pos pos,
      LinkedHashMap<String, Any> negated) {
    while (pos.right != null && (pos.right.isDeleted() || (pos.right.content instanceof ContentFormat f
        && equalAttrs(negated.get(f.key), f.value) && negated.containsKey(f.key)))) {
      if (!pos.right.isDeleted()) {
        negated.remove(((ContentFormat) pos.right.content).key);
      }
      pos.forward();
    }
    for (Map.Entry<String, Any> e : negated.entrySet()) {
      Item f = newItem(txn, parent, pos.left, pos.right, new ContentFormat(e.getKey(), e.getValue()));
      pos.right = f;
      pos.forward();
    }
  }

  private static void minimizeAttributeChanges(Pos pos, Map<String, Any> attributes) {
    while (pos.right != null) {
      Item r = pos.right;
      if (r.isDeleted() || (r.content instanceof ContentFormat f && equalAttrs(attr(attributes, f.key), f.value))) {
        pos.forward();
      } else {
        break;
      }
    }
  }

  private static LinkedHashMap<String, Any> insertAttributes(Transaction txn, AbstractType parent, Pos pos,
      Map<String, Any> attributes) {
    LinkedHashMap<String, Any> negated = new LinkedHashMap<>();
    for (Map.Entry<String, Any> e : attributes.entrySet()) {
      String key = e.getKey();
      Any val = e.getValue();
      Any cur = attr(pos.attrs, key);
      if (!equalAttrs(cur, val)) {
        negated.put(key, cur);
        pos.right = newItem(txn, parent, pos.left, pos.right, new ContentFormat(key, val));
        pos.forward();
      }
    }
    return negated;
  }

  /** Inserts text / an embed / a type at {@code pos} with {@code attributes} (Yjs's insertText). */
  static void insertText(Transaction txn, AbstractType parent, Pos pos, Content content,
      LinkedHashMap<String, Any> attributes) {
    for (String key : pos.attrs.keySet()) {
      if (!attributes.containsKey(key)) {
        attributes.put(key, Any.Null.INSTANCE);
      }
    }
    minimizeAttributeChanges(pos, attributes);
    LinkedHashMap<String, Any> negated = insertAttributes(txn, parent, pos, attributes);
    int index = pos.index;
    if (parent.markers != null) {
      parent.markers.update(pos.index, content.length());
    }
    Item right = newItem(txn, parent, pos.left, pos.right, content);
    pos.right = right;
    pos.index = index;
    pos.forward();
    insertNegatedAttributes(txn, parent, pos, negated);
  }

  static void formatText(Transaction txn, AbstractType parent, Pos pos, int length, Map<String, Any> attributes) {
    minimizeAttributeChanges(pos, attributes);
    LinkedHashMap<String, Any> negated = insertAttributes(txn, parent, pos, attributes);
    loop:
    while (pos.right != null && (length > 0
        || (!negated.isEmpty() && (pos.right.isDeleted() || pos.right.content instanceof ContentFormat)))) {
      Item r = pos.right;
      if (!r.isDeleted()) {
        if (r.content instanceof ContentFormat f) {
          if (attributes.containsKey(f.key)) {
            Any a = attributes.get(f.key);
            if (equalAttrs(a, f.value)) {
              negated.remove(f.key);
            } else {
              if (length == 0) {
                break loop;
              }
              negated.put(f.key, f.value);
            }
            r.delete(txn);
          } else {
            pos.attrs.put(f.key, f.value);
          }
        } else {
          if (length < r.length) {
            txn.doc().store.getItemCleanStart(txn, r.client, r.clock + length);
          }
          length -= r.length;
        }
      }
      pos.forward();
    }
    if (length > 0) {
      pos.right = newItem(txn, parent, pos.left, pos.right, new ContentString("\n".repeat(length)));
      pos.forward();
    }
    insertNegatedAttributes(txn, parent, pos, negated);
  }

  private static int cleanupFormattingGap(Transaction txn, Item start, Item curr, Map<String, Any> startAttrs,
      Map<String, Any> currAttrs) {
    Item end = start;
    Map<String, ContentFormat> endFormats = new HashMap<>();
    while (end != null && (!end.isCountable() || end.isDeleted())) {
      if (!end.isDeleted() && end.content instanceof ContentFormat cf) {
        endFormats.put(cf.key, cf);
      }
      end = end.right;
    }
    int cleanups = 0;
    boolean reachedCurr = false;
    while (start != end) {
      if (curr == start) {
        reachedCurr = true;
      }
      if (!start.isDeleted() && start.content instanceof ContentFormat cf) {
        Any startVal = attr(startAttrs, cf.key);
        if (endFormats.get(cf.key) != cf || equalsStrict(startVal, cf.value)) {
          start.delete(txn);
          cleanups++;
          if (!reachedCurr && equalsStrict(attr(currAttrs, cf.key), cf.value) && !equalsStrict(startVal, cf.value)) {
            if (isNull(startVal)) {
              currAttrs.remove(cf.key);
            } else {
              currAttrs.put(cf.key, startVal);
            }
          }
        }
        if (!reachedCurr && !start.isDeleted()) {
          updateAttrs(currAttrs, cf);
        }
      }
      start = start.right;
    }
    return cleanups;
  }

  /** JavaScript === on attribute values (objects only equal to themselves). */
  private static boolean equalsStrict(Any a, Any b) {
    if (isNull(a) || isNull(b)) {
      return isNull(a) && isNull(b);
    }
    if (a == b) {
      return true;
    }
    if (a instanceof Any.Obj || a instanceof Any.Arr || a instanceof Any.Bytes) {
      return false;
    }
    return equalAttrs(a, b);
  }

  private static void cleanupContextlessFormattingGap(Transaction txn, Item item) {
    while (item != null && item.right != null && (item.right.isDeleted() || !item.right.isCountable())) {
      item = item.right;
    }
    Set<String> seen = new HashSet<>();
    while (item != null && (item.isDeleted() || !item.isCountable())) {
      if (!item.isDeleted() && item.content instanceof ContentFormat cf) {
        if (!seen.add(cf.key)) {
          item.delete(txn);
        }
      }
      item = item.left;
    }
  }

  static int cleanupYTextFormatting(Transaction txn, AbstractType type) {
    int res = 0;
    Item start = type.start;
    Item end = type.start;
    Map<String, Any> startAttrs = new LinkedHashMap<>();
    Map<String, Any> currAttrs = new LinkedHashMap<>(startAttrs);
    while (end != null) {
      if (!end.isDeleted()) {
        if (end.content instanceof ContentFormat cf) {
          updateAttrs(currAttrs, cf);
        } else {
          res += cleanupFormattingGap(txn, start, end, startAttrs, currAttrs);
          startAttrs = new LinkedHashMap<>(currAttrs);
          start = end;
        }
      }
      end = end.right;
    }
    return res;
  }

  /** Yjs's cleanupYTextAfterTransaction: runs in a new local transaction queued after {@code txn}. */
  static void cleanupAfterTransaction(Transaction txn, Map<Long, Long> afterState) {
    Doc doc = txn.doc();
    StructStore store = doc.store;
    Set<AbstractType> needFull = new LinkedHashSet<>();
    for (Map.Entry<Long, Long> e : afterState.entrySet()) {
      long client = e.getKey();
      long before = txn.beforeClock(client);
      if (e.getValue() == before) {
        continue;
      }
      StructList structs = store.list(client);
      for (int i = structs.findIndex(before); i < structs.size; i++) {
        if (structs.get(i) instanceof Item it && !it.isDeleted() && it.content instanceof ContentFormat) {
          needFull.add(it.parent);
        }
      }
    }
    doc.transact(t -> {
      if (txn.hasDeletes()) {
        var ds = txn.deleteSet();
        for (Long client : ds.clients()) {
          var r = ds.ranges(client);
          StructList structs = store.list(client);
          for (int k = 0; k < r.size(); k++) {
            long clock = r.clock(k);
            long end = clock + r.len(k);
            Struct first = store.getItemCleanStart(txn, client, clock);
            int idx = structs.findIndex(first.clock);
            while (idx < structs.size && structs.get(idx).clock < end) {
              Struct s = structs.get(idx);
              if (end < s.clock + s.length) {
                store.getItemCleanStart(txn, client, end);
              }
              idx++;
              if (!(s instanceof Item item) || item.parent == null || !item.parent.hasFormatting
                  || needFull.contains(item.parent)) {
                continue;
              }
              if (item.content instanceof ContentFormat) {
                needFull.add(item.parent);
              } else {
                cleanupContextlessFormattingGap(t, item);
              }
            }
          }
        }
      }
      for (AbstractType type : needFull) {
        cleanupYTextFormatting(t, type);
      }
    });
  }

  /** Deletes {@code length} units from {@code pos} (Yjs's deleteText). */
  static void deleteText(Transaction txn, Pos pos, int length) {
    int startLength = length;
    LinkedHashMap<String, Any> startAttrs = new LinkedHashMap<>(pos.attrs);
    Item start = pos.right;
    while (length > 0 && pos.right != null) {
      Item r = pos.right;
      if (!r.isDeleted()) {
        Content c = r.content;
        if (c instanceof ContentString || c instanceof ContentEmbed || c instanceof ContentType) {
          if (length < r.length) {
            txn.doc().store.getItemCleanStart(txn, r.client, r.clock + length);
          }
          length -= r.length;
          r.delete(txn);
        }
      }
      pos.forward();
    }
    if (start != null) {
      cleanupFormattingGap(txn, start, pos.right, startAttrs, pos.attrs);
    }
    Item any = pos.left != null ? pos.left : pos.right;
    AbstractType parent = any == null ? null : any.parent;
    if (parent != null && parent.markers != null) {
      parent.markers.update(pos.index, -startLength + length);
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // public entry points used by the text types

  /** Inserts {@code content} at index; attributes null = inherit the formatting found at the position. */
  public static void insert(Transaction txn, AbstractType type, int index, Content content, Map<String, Any> attributes) {
    Pos pos = findPosition(txn, type, index, attributes == null);
    LinkedHashMap<String, Any> attrs = new LinkedHashMap<>();
    if (attributes == null) {
      attrs.putAll(pos.attrs);
    } else {
      attrs.putAll(attributes);
    }
    insertText(txn, type, pos, content, attrs);
  }

  public static void delete(Transaction txn, AbstractType type, int index, int length) {
    if (length == 0) {
      return;
    }
    deleteText(txn, findPosition(txn, type, index, true), length);
  }

  public static void format(Transaction txn, AbstractType type, int index, int length, Map<String, Any> attributes) {
    if (length == 0) {
      return;
    }
    Pos pos = findPosition(txn, type, index, false);
    if (pos.right == null) {
      return;
    }
    formatText(txn, type, pos, length, new LinkedHashMap<>(attributes));
  }

  /** Concatenated visible strings. */
  public static String toPlainString(AbstractType type) {
    StringBuilder sb = new StringBuilder();
    for (Item n = type.start; n != null; n = n.right) {
      if (!n.isDeleted() && n.isCountable() && n.content instanceof ContentString s) {
        sb.append(s.chars());
      }
    }
    return sb.toString();
  }

  /** Quill delta: list of {insert, attributes?}; embeds and nested types as separate inserts. */
  public static List<Map<String, Object>> toDelta(AbstractType type) {
    List<Map<String, Object>> ops = new ArrayList<>();
    LinkedHashMap<String, Any> attrs = new LinkedHashMap<>();
    StringBuilder str = new StringBuilder();
    for (Item n = type.start; n != null; n = n.right) {
      if (n.isDeleted()) {
        continue;
      }
      Content c = n.content;
      if (c instanceof ContentString s) {
        str.append(s.chars());
      } else if (c instanceof ContentType || c instanceof ContentEmbed) {
        pack(ops, str, attrs);
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("insert", c.lastValue());
        if (!attrs.isEmpty()) {
          op.put("attributes", attrMap(attrs));
        }
        ops.add(op);
      } else if (c instanceof ContentFormat f) {
        pack(ops, str, attrs);
        updateAttrs(attrs, f);
      }
    }
    pack(ops, str, attrs);
    return ops;
  }

  private static Map<String, Object> attrMap(Map<String, Any> attrs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<String, Any> e : attrs.entrySet()) {
      m.put(e.getKey(), JsonValues.fromAny(e.getValue()));
    }
    return m;
  }

  private static void pack(List<Map<String, Object>> ops, StringBuilder str, Map<String, Any> attrs) {
    if (str.length() > 0) {
      Map<String, Object> op = new LinkedHashMap<>();
      op.put("insert", str.toString());
      if (!attrs.isEmpty()) {
        op.put("attributes", attrMap(attrs));
      }
      ops.add(op);
      str.setLength(0);
    }
  }
}
