package io.epicenter.crdt.types;

import io.epicenter.crdt.doc.AbstractType;
import io.epicenter.crdt.doc.ContentEmbed;
import io.epicenter.crdt.doc.ContentString;
import io.epicenter.crdt.doc.JsonValues;
import io.epicenter.crdt.doc.TextEngine;
import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.Wire;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared rich text (Y.Text). Offsets count UTF-16 code units. */
public class YText extends AbstractType {
  public YText() {
    super(true);
  }

  @Override
  protected int typeRef() {
    return Wire.TYPE_TEXT;
  }

  @Override
  protected boolean isRichText() {
    return true;
  }

  @Override
  protected AbstractType emptyCopy() {
    return new YText();
  }

  public int length() {
    return listLength();
  }

  /** Inserts text, inheriting the formatting at that position. */
  public void insert(int index, String text) {
    if (text.isEmpty()) {
      return;
    }
    transact(txn -> TextEngine.insert(txn, this, index, new ContentString(text), null));
  }

  /** Inserts text with exactly these attributes (values as for {@link YMap#set}; null removes). */
  public void insert(int index, String text, Map<String, ?> attributes) {
    if (text.isEmpty()) {
      return;
    }
    transact(txn -> TextEngine.insert(txn, this, index, new ContentString(text), anyAttrs(attributes)));
  }

  public void insertEmbed(int index, Object embed, Map<String, ?> attributes) {
    transact(txn -> TextEngine.insert(txn, this, index, new ContentEmbed(JsonValues.toAny(embed)),
        attributes == null ? new LinkedHashMap<>() : anyAttrs(attributes)));
  }

  public void delete(int index, int length) {
    transact(txn -> TextEngine.delete(txn, this, index, length));
  }

  public void format(int index, int length, Map<String, ?> attributes) {
    transact(txn -> TextEngine.format(txn, this, index, length, anyAttrs(attributes)));
  }

  private static Map<String, Any> anyAttrs(Map<String, ?> attributes) {
    Map<String, Any> m = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : attributes.entrySet()) {
      m.put(e.getKey(), JsonValues.toAny(e.getValue()));
    }
    return m;
  }

  /** Quill delta ({@code insert} + optional {@code attributes}). */
  public List<Map<String, Object>> toDelta() {
    return TextEngine.toDelta(this);
  }

  @Override
  public String toString() {
    return TextEngine.toPlainString(this);
  }

  @Override
  public Object toJson() {
    return toString();
  }
}
