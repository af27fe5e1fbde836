package io.epicenter.crdt.update;

import io.epicenter.crdt.id.ID;
import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.Lib0Writer;
import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.struct.AbstractStruct;
import io.epicenter.crdt.struct.Content;
import io.epicenter.crdt.struct.ContentAny;
import io.epicenter.crdt.struct.ContentBinary;
import io.epicenter.crdt.struct.ContentDeleted;
import io.epicenter.crdt.struct.ContentDoc;
import io.epicenter.crdt.struct.ContentEmbed;
import io.epicenter.crdt.struct.ContentFormat;
import io.epicenter.crdt.struct.ContentJson;
import io.epicenter.crdt.struct.ContentString;
import io.epicenter.crdt.struct.ContentType;
import io.epicenter.crdt.struct.GC;
import io.epicenter.crdt.struct.Item;
import io.epicenter.crdt.struct.Skip;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes structs lazily (Yjs's LazyStructWriter): consecutive structs of one client form a group; the group
 * headers are assembled in {@link #finish()}. Also the single-struct writer ({@link #writeStruct}).
 */
public final class StructWriter {
  private final UpdateEncoder enc;
  private long currClient;
  private int written;
  private final List<Lib0Writer> fragments = new ArrayList<>();
  private final List<Integer> counts = new ArrayList<>();

  public StructWriter(UpdateEncoder enc) {
    this.enc = enc;
  }

  /** Writes {@code s} without its first {@code offset} clocks (doc §6.1, write method 1). */
  public void write(AbstractStruct s, long offset) {
    if (written > 0 && currClient != s.client()) {
      flush();
    }
    if (written == 0) {
      currClient = s.client();
      enc.writeClient(s.client());
      enc.rest().writeVarUint(s.clock() + offset);
    }
    writeStruct(enc, s, offset);
    written++;
  }

  private void flush() {
    if (written > 0) {
      counts.add(written);
      fragments.add(enc.swapRest(new Lib0Writer(256)));
      written = 0;
    }
  }

  /** Writes the struct section (group count, groups); the delete set must be written next. */
  public void finish() {
    flush();
    Lib0Writer rest = enc.rest();
    rest.writeVarUint(fragments.size());
    for (int i = 0; i < fragments.size(); i++) {
      rest.writeVarUint(counts.get(i));
      rest.writeBytes(fragments.get(i));
    }
    fragments.clear();
    counts.clear();
  }

  /** Yjs's {@code struct.write(encoder, offset)}. */
  public static void writeStruct(UpdateEncoder enc, AbstractStruct s, long offset) {
    switch (s) {
      case GC gc -> {
        enc.writeInfo(Wire.REF_GC);
        enc.writeLen(gc.length() - offset);
      }
      case Skip skip -> {
        enc.writeInfo(Wire.REF_SKIP);
        enc.rest().writeVarUint(skip.length() - offset);
      }
      case Item item -> writeItem(enc, item, offset);
    }
  }

  private static void writeItem(UpdateEncoder enc, Item item, long offset) {
    ID origin = offset > 0 ? new ID(item.client(), item.clock() + offset - 1) : item.origin();
    ID rightOrigin = item.rightOrigin();
    int info = enc.exact() && offset == 0 && item.wireInfo() >= 0 ? item.wireInfo() : item.yjsInfo(offset);
    enc.writeInfo(info);
    if (origin != null) {
      enc.writeLeftId(origin);
    }
    if (rightOrigin != null) {
      enc.writeRightId(rightOrigin);
    }
    if (origin == null && rightOrigin == null) {
      if (item.parentName() != null) {
        enc.writeParentInfo(true);
        enc.writeString(item.parentName());
      } else if (item.parentId() != null) {
        enc.writeParentInfo(false);
        enc.writeLeftId(item.parentId());
      } else {
        throw new IllegalStateException("item " + item.id() + " has neither origin, rightOrigin nor parent");
      }
      if (item.parentSub() != null) {
        enc.writeString(item.parentSub());
      }
    }
    writeContent(enc, item.content(), offset);
  }

  static void writeContent(UpdateEncoder enc, Content c, long offset) {
    switch (c) {
      case ContentDeleted d -> enc.writeLen(d.len() - offset);
      case ContentJson j -> {
        int n = j.elements().size();
        enc.writeLen(n - offset);
        for (int i = (int) offset; i < n; i++) {
          ContentJson.Element e = j.elements().get(i);
          String text;
          if (enc.exact() && e.text() != null) {
            text = e.text();
          } else if (e.value() instanceof Any.Undefined) {
            text = "undefined";
          } else {
            text = UpdateEncoder.stringify(e.value());
          }
          enc.writeString(text);
        }
      }
      case ContentBinary b -> enc.writeBuf(b.bytes());
      case ContentString s -> enc.writeString(offset == 0 ? s.str() : s.str().substring((int) offset));
      case ContentEmbed e -> enc.writeJson(e.jsonText(), e.value());
      case ContentFormat f -> {
        enc.writeKey(f.key());
        enc.writeJson(f.jsonText(), f.value());
      }
      case ContentType t -> {
        enc.writeTypeRef(t.typeRef());
        if (ContentType.hasName(t.typeRef())) {
          enc.writeKey(t.name());
        }
      }
      case ContentAny a -> {
        int n = a.values().size();
        enc.writeLen(n - offset);
        for (int i = (int) offset; i < n; i++) {
          enc.writeAny(a.values().get(i));
        }
      }
      case ContentDoc d -> {
        enc.writeString(d.guid());
        enc.writeAny(enc.exact() ? d.opts() : d.normalizedOpts());
      }
    }
  }
}
