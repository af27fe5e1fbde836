package io.epicenter.crdt.doc;

import io.epicenter.crdt.id.ID;
import io.epicenter.crdt.lib0.Lib0Writer;
import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.update.UpdateEncoder;

/**
 * An item of a document: content plus its position (origin / rightOrigin as they travel, and the resolved
 * {@code left}/{@code right} neighbours in its parent's list or key chain). IDs are kept as primitive pairs;
 * {@link #NONE} marks an absent origin.
 */
public final class Item extends Struct {
  static final long NONE = -1;
  private static final byte DELETED = 1;
  private static final byte KEEP = 2;
  private static final byte COUNTABLE = 4;
  private static final byte MARKER = 8;

  Item left;
  Item right;
  long originClient = NONE;
  long originClock;
  long rightOriginClient = NONE;
  long rightOriginClock;
  /** Resolved parent type (null while unresolved or when the parent is gone). */
  AbstractType parent;
  /** Parent as read from the wire before integration: a root name (String) or an {@link ID}; else null. */
  Object wireParent;
  String parentSub;
  Content content;
  private byte flags;

  Item(long client, long clock, Content content) {
    super(client, clock, content.length());
    this.content = content;
    if (content.isCountable()) {
      flags = COUNTABLE;
    }
  }

  /** A new local item between {@code left} and {@code right}. */
  static Item local(long client, long clock, Item left, Item right, AbstractType parent, String parentSub,
      Content content) {
    Item it = new Item(client, clock, content);
    it.left = left;
    if (left != null) {
      it.originClient = left.client;
      it.originClock = left.lastClock();
    }
    it.right = right;
    if (right != null) {
      it.rightOriginClient = right.client;
      it.rightOriginClock = right.clock;
    }
    it.parent = parent;
    it.parentSub = parentSub;
    return it;
  }

  public Item left() {
    return left;
  }

  public Item right() {
    return right;
  }

  public Content content() {
    return content;
  }

  public AbstractType parent() {
    return parent;
  }

  public String parentSub() {
    return parentSub;
  }

  @Override
  public boolean isDeleted() {
    return (flags & DELETED) != 0;
  }

  public boolean isCountable() {
    return (flags & COUNTABLE) != 0;
  }

  /** Visible in its list: not deleted and countable. */
  public boolean isVisible() {
    return (flags & (DELETED | COUNTABLE)) == COUNTABLE;
  }

  boolean keep() {
    return (flags & KEEP) != 0;
  }

  boolean marker() {
    return (flags & MARKER) != 0;
  }

  void setMarker(boolean m) {
    flags = (byte) (m ? flags | MARKER : flags & ~MARKER);
  }

  void markDeleted() {
    flags |= DELETED;
  }

  long lastClock() {
    return clock + length - 1;
  }

  boolean hasOrigin() {
    return originClient != NONE;
  }

  boolean hasRightOrigin() {
    return rightOriginClient != NONE;
  }

  /** Splits this item after {@code diff} units; returns the right part (linked after this one). */
  Item split(Transaction txn, int diff) {
    Item r = new Item(client, clock + diff, content.splice(diff));
    r.flags = (byte) (flags & ~MARKER);
    r.left = this;
    r.originClient = client;
    r.originClock = clock + diff - 1;
    r.right = right;
    r.rightOriginClient = rightOriginClient;
    r.rightOriginClock = rightOriginClock;
    r.parent = parent;
    r.parentSub = parentSub;
    right = r;
    if (r.right != null) {
      r.right.left = r;
    }
    txn.mergeStructs.add(r);
    if (r.parentSub != null && r.right == null) {
      parent.map.put(r.parentSub, r);
    }
    length = diff;
    return r;
  }

  /** YATA integration (doc §7.4); {@code offset} leading units are already known. */
  void integrate(Transaction txn, int offset) {
    StructStore store = txn.doc().store;
    if (offset > 0) {
      clock += offset;
      Struct l = store.getItemCleanEnd(txn, client, clock - 1);
      originClient = client;
      originClock = l.clock + l.length - 1;
      if (l instanceof Item li) {
        left = li;
      } else {
        left = null;
        parent = null; // the unit before is collected: store this one as GC too
      }
      content = content.splice(offset);
      length -= offset;
    }
    if (parent == null) {
      store.addStruct(new GcStruct(client, clock, length));
      return;
    }
    AbstractType p = parent;
    if ((left == null && (right == null || right.left != null)) || (left != null && left.right != right)) {
      Item l = left;
      Item o;
      if (l != null) {
        o = l.right;
      } else if (parentSub != null) {
        o = p.map.get(parentSub);
        while (o != null && o.left != null) {
          o = o.left;
        }
      } else {
        o = p.start;
      }
      java.util.Set<Item> conflicting = null;
      java.util.Set<Item> beforeOrigin = null;
      while (o != null && o != right) {
        if (beforeOrigin == null) {
          beforeOrigin = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
          conflicting = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        }
        beforeOrigin.add(o);
        conflicting.add(o);
        if (originClient == o.originClient && (originClient == NONE || originClock == o.originClock)) {
          if (o.client < client) {
            l = o;
            conflicting.clear();
          } else if (rightOriginClient == o.rightOriginClient
              && (rightOriginClient == NONE || rightOriginClock == o.rightOriginClock)) {
            break;
          }
        } else if (o.originClient != NONE) {
          Struct oo = store.find(o.originClient, o.originClock);
          if (oo instanceof Item oi && beforeOrigin.contains(oi)) {
            if (!conflicting.contains(oi)) {
              l = o;
              conflicting.clear();
            }
          } else {
            break;
          }
        } else {
          break;
        }
        o = o.right;
      }
      left = l;
    }
    if (left != null) {
      right = left.right;
      left.right = this;
    } else {
      Item r;
      if (parentSub != null) {
        r = p.map.get(parentSub);
        while (r != null && r.left != null) {
          r = r.left;
        }
      } else {
        r = p.start;
        p.start = this;
      }
      right = r;
    }
    if (right != null) {
      right.left = this;
    } else if (parentSub != null) {
      p.map.put(parentSub, this);
      if (left != null) {
        left.delete(txn);
      }
    }
    if (parentSub == null && isVisible()) {
      p.length += length;
    }
    store.addStruct(this);
    content.integrate(txn, this);
    txn.addChangedType(p, parentSub);
    if ((p.item != null && p.item.isDeleted()) || (parentSub != null && right != null)) {
      delete(txn);
    }
  }

  /** Marks this item deleted (doc §7.6). */
  void delete(Transaction txn) {
    if (!isDeleted()) {
      AbstractType p = parent;
      if (isCountable() && parentSub == null) {
        p.length -= length;
      }
      markDeleted();
      txn.deleteSet().add(client, clock, length);
      txn.addChangedType(p, parentSub);
      content.delete(txn);
    }
  }

  /** Garbage-collects this deleted item (doc §7.7). */
  void gc(StructStore store, boolean parentGCd) {
    content.gc(store);
    if (parentGCd) {
      store.replaceStruct(this, new GcStruct(client, clock, length));
    } else {
      content = new ContentDeleted(length);
    }
  }

  @Override
  boolean mergeWith(Struct r) {
    if (!(r instanceof Item right)) {
      return false;
    }
    if (right.originClient == client && right.originClock == lastClock() && this.right == right
        && rightOriginClient == right.rightOriginClient
        && (rightOriginClient == NONE || rightOriginClock == right.rightOriginClock)
        && right.client == client && clock + length == right.clock && isDeleted() == right.isDeleted()
        && content.getClass() == right.content.getClass() && content.mergeWith(right.content)) {
      if (parent != null && parent.markers != null) {
        parent.markers.onMerge(this, right);
      }
      if (right.keep()) {
        flags |= KEEP;
      }
      this.right = right.right;
      if (this.right != null) {
        this.right.left = this;
      }
      length += right.length;
      return true;
    }
    return false;
  }

  /**
   * {@link #write} for a V1 encoder ({@code w == enc.rest()}), writing the position fields and the common
   * contents (text, deleted) straight into the buffer; same bytes.
   */
  void writeV1(UpdateEncoder enc, Lib0Writer w, int offset) {
    boolean hasOrigin = offset > 0 || originClient != NONE;
    boolean hasRightOrigin = rightOriginClient != NONE;
    Content c = content;
    int info = (c.ref() & Wire.INFO_CONTENT_REF_MASK) | (hasOrigin ? Wire.INFO_HAS_ORIGIN : 0)
        | (hasRightOrigin ? Wire.INFO_HAS_RIGHT_ORIGIN : 0)
        | (parentSub != null ? Wire.INFO_HAS_PARENT_SUB : 0);
    w.writeUint8(info);
    if (hasOrigin) {
      if (offset > 0) {
        w.writeVarUint(client);
        w.writeVarUint(clock + offset - 1);
      } else {
        w.writeVarUint(originClient);
        w.writeVarUint(originClock);
      }
    }
    if (hasRightOrigin) {
      w.writeVarUint(rightOriginClient);
      w.writeVarUint(rightOriginClock);
    }
    if (!hasOrigin && !hasRightOrigin) {
      writeParent(enc);
    }
    if (c instanceof ContentString cs) {
      cs.writeV1(w, offset);
    } else if (c instanceof ContentDeleted cd) {
      w.writeVarUint(cd.length() - offset);
    } else {
      c.write(enc, offset);
    }
  }

  @Override
  void write(UpdateEncoder enc, int offset) {
    boolean hasOrigin = offset > 0 || originClient != NONE;
    int info = (content.ref() & Wire.INFO_CONTENT_REF_MASK) | (hasOrigin ? Wire.INFO_HAS_ORIGIN : 0)
        | (rightOriginClient != NONE ? Wire.INFO_HAS_RIGHT_ORIGIN : 0)
        | (parentSub != null ? Wire.INFO_HAS_PARENT_SUB : 0);
    enc.writeInfo(info);
    if (hasOrigin) {
      if (offset > 0) {
        enc.writeLeftId(new ID(client, clock + offset - 1));
      } else {
        enc.writeLeftId(new ID(originClient, originClock));
      }
    }
    if (rightOriginClient != NONE) {
      enc.writeRightId(new ID(rightOriginClient, rightOriginClock));
    }
    if (!hasOrigin && rightOriginClient == NONE) {
      writeParent(enc);
    }
    content.write(enc, offset);
  }

  private void writeParent(UpdateEncoder enc) {
    if (parent != null) {
      if (parent.item == null) {
        enc.writeParentInfo(true);
        enc.writeString(parent.rootName);
      } else {
        enc.writeParentInfo(false);
        enc.writeLeftId(new ID(parent.item.client, parent.item.clock));
      }
    } else if (wireParent instanceof String s) {
      enc.writeParentInfo(true);
      enc.writeString(s);
    } else if (wireParent instanceof ID id) {
      enc.writeParentInfo(false);
      enc.writeLeftId(id);
    } else {
      throw new IllegalStateException("item without parent information: " + this);
    }
    if (parentSub != null) {
      enc.writeString(parentSub);
    }
  }

  @Override
  public String toString() {
    return "Item(" + client + "," + clock + "+" + length + (originClient != NONE ? " o=" + originClient + ":"
        + originClock : "") + (rightOriginClient != NONE ? " ro=" + rightOriginClient + ":" + rightOriginClock : "")
        + (parentSub != null ? " k=" + parentSub : "") + (isDeleted() ? " deleted" : "") + " " + content + ")";
  }
}
