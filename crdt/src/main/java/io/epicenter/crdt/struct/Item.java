package io.epicenter.crdt.struct;

import io.epicenter.crdt.id.ID;
import io.epicenter.crdt.lib0.Wire;

/**
 * An item with content (content refs 1-9) and its position information as it travels (doc §3.4):
 * {@code origin}, {@code rightOrigin}, {@code parent} (a root type name or the ID of the item holding the
 * parent type) and {@code parentSub} (the map key). Parent and parentSub are only on the wire when the item
 * has neither origin nor rightOrigin; otherwise they are null here (a document copies them from the
 * neighbour).
 *
 * <p>{@link #wireInfo()} is the info byte as it was read (or -1 for items built in memory); the exact
 * encoder writes it back unchanged, the Yjs-style encoder rebuilds it (doc §6.1).
 */
public final class Item extends AbstractStruct {
  private final ID origin;
  private final ID rightOrigin;
  private final String parentName;
  private final ID parentId;
  private final String parentSub;
  private final Content content;
  private final int wireInfo;

  public Item(long client, long clock, ID origin, ID rightOrigin, String parentName, ID parentId, String parentSub,
      Content content, int wireInfo) {
    super(client, clock);
    this.origin = origin;
    this.rightOrigin = rightOrigin;
    this.parentName = parentName;
    this.parentId = parentId;
    this.parentSub = parentSub;
    this.content = content;
    this.wireInfo = wireInfo;
  }

  public Item(long client, long clock, ID origin, ID rightOrigin, String parentName, ID parentId, String parentSub,
      Content content) {
    this(client, clock, origin, rightOrigin, parentName, parentId, parentSub, content, -1);
  }

  @Override
  public long length() {
    return content.length();
  }

  /** ID of the unit to the left at insertion time, or null. */
  public ID origin() {
    return origin;
  }

  /** ID of the unit to the right at insertion time, or null. */
  public ID rightOrigin() {
    return rightOrigin;
  }

  /** Root type name of the parent when given on the wire as a name, else null. */
  public String parentName() {
    return parentName;
  }

  /** ID of the item holding the parent type when given on the wire as an ID, else null. */
  public ID parentId() {
    return parentId;
  }

  /** Map key, or null. */
  public String parentSub() {
    return parentSub;
  }

  public Content content() {
    return content;
  }

  /** Whether parent information travels with this item (it has neither origin nor rightOrigin). */
  public boolean hasParentInfo() {
    return parentName != null || parentId != null;
  }

  /** The info byte as read, or -1 if the item was not decoded. */
  public int wireInfo() {
    return wireInfo;
  }

  public ID lastId() {
    return new ID(client, clock + length() - 1);
  }

  /** The info byte Yjs writes for this item when written with {@code offset} (doc §6.1). */
  public int yjsInfo(long offset) {
    return (content.ref() & Wire.INFO_CONTENT_REF_MASK)
        | (offset > 0 || origin != null ? Wire.INFO_HAS_ORIGIN : 0)
        | (rightOrigin != null ? Wire.INFO_HAS_RIGHT_ORIGIN : 0)
        | (parentSub != null ? Wire.INFO_HAS_PARENT_SUB : 0);
  }

  @Override
  public Item sliceFrom(long diff) {
    if (diff <= 0 || diff >= length()) {
      throw new IllegalArgumentException("slice offset " + diff + " outside 1.." + (length() - 1));
    }
    return new Item(client, clock + diff, new ID(client, clock + diff - 1), rightOrigin, parentName, parentId,
        parentSub, content.spliceRight(diff), -1);
  }

  /** A copy with other content (e.g. the left part of a split); the info byte is rebuilt when written. */
  public Item withContent(Content c) {
    return new Item(client, clock, origin, rightOrigin, parentName, parentId, parentSub, c, -1);
  }

  @Override
  public String toString() {
    return "Item(" + client + "," + clock + "+" + length() + (origin != null ? " o=" + origin : "")
        + (rightOrigin != null ? " ro=" + rightOrigin : "") + (parentName != null ? " p=" + parentName : "")
        + (parentId != null ? " p=" + parentId : "") + (parentSub != null ? " k=" + parentSub : "") + " " + content
        + ")";
  }
}
