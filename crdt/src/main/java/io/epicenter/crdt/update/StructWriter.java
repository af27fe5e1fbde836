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

/**
 * Writes structs lazily (Yjs's LazyStructWriter): consecutive structs of one client form a group; the group
 * headers are assembled in {@link #finish()}. Also the single-struct writer ({@link #writeStruct}).
 */
public final class StructWriter {
  private final UpdateEncoder enc;
  private long currClient;
  private int written;
  // groups written so far: struct count and end offset (in the rest buffer) of each; group i starts where
  // group i-1 ends (the first at 0), so all groups share one buffer and are copied once, in finish()
  private int groups;
  private int[] counts = new int[8];
  private int[] ends = new int[8];

  public StructWriter(UpdateEncoder enc) {
    this.enc = enc;
  }

  /**
   * @param capacityHint expected size of the struct section in bytes (V1: the rest buffer is sized for it
   *                     up front instead of growing by doubling)
   */
  public StructWriter(UpdateEncoder enc, long capacityHint) {
    this.enc = enc;
    if (!enc.isV2() && capacityHint > 0) {
      enc.rest().reserve((int) Math.min(capacityHint, MAX_HINT));
    }
  }

  private static final long MAX_HINT = 1 << 28;

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
      if (groups == counts.length) {
        counts = java.util.Arrays.copyOf(counts, groups * 2);
        ends = java.util.Arrays.copyOf(ends, groups * 2);
      }
      counts[groups] = written;
      ends[groups++] = enc.rest().length();
      written = 0;
    }
  }

  /** Writes the struct section (group count, groups); the delete set must be written next. */
  public void finish() {
    finish(64);
  }

  /**
   * {@link #finish()}, leaving room for {@code reserveAfter} more bytes (the delete set) in the buffer, so
   * the struct section is copied once and not again when the buffer grows.
   */
  public void finish(long reserveAfter) {
    flush();
    Lib0Writer body = enc.rest();
    int header = Lib0Writer.varUintSize(groups);
    for (int i = 0; i < groups; i++) {
      header += Lib0Writer.varUintSize(counts[i]);
    }
    long cap = header + (long) body.length() + Math.max(16, Math.min(reserveAfter, MAX_HINT));
    Lib0Writer out = new Lib0Writer((int) Math.min(cap, Integer.MAX_VALUE - 16));
    out.writeVarUint(groups);
    byte[] b = body.array();
    int at = 0;
    for (int i = 0; i < groups; i++) {
      out.writeVarUint(counts[i]);
      out.writeBytes(b, at, ends[i] - at);
      at = ends[i];
    }
    enc.swapRest(out);
    groups = 0;
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
      case ContentString s -> {
        if (enc.isV2()) {
          enc.writeString(offset == 0 ? s.str() : s.str().substring((int) offset));
        } else {
          enc.rest().writeVarString(s.str(), (int) offset, s.str().length()); // no substring copy
        }
      }
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
