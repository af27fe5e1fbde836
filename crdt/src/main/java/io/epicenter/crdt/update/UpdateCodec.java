package io.epicenter.crdt.update;

import io.epicenter.crdt.id.DeleteSet;
import io.epicenter.crdt.lib0.CrdtDecodeException;
import io.epicenter.crdt.lib0.DecodeBudget;
import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.crdt.struct.AbstractStruct;
import io.epicenter.crdt.struct.ContentString;
import io.epicenter.crdt.struct.Item;
import java.util.ArrayList;
import java.util.List;

/** Whole-update decoding and encoding, V1 and V2. */
public final class UpdateCodec {
  private UpdateCodec() {}

  public enum Format { V1, V2 }

  static UpdateDecoder decoder(byte[] update, Format f, DecodeLimits limits) {
    return f == Format.V2 ? UpdateDecoder.v2(update, limits) : UpdateDecoder.v1(update, limits);
  }

  static UpdateEncoder encoder(Format f, boolean exact) {
    return f == Format.V2 ? UpdateEncoder.v2(exact) : UpdateEncoder.v1(exact);
  }

  /** Decodes an update completely (structs and delete set). Trailing bytes are ignored, as in Yjs. */
  public static DecodedUpdate decode(byte[] update, Format format, DecodeLimits limits) {
    DecodeBudget budget = new DecodeBudget(limits);
    budget.addInput(update.length);
    UpdateDecoder d = decoder(update, format, budget.limits());
    StructReader r = new StructReader(d, budget, false);
    List<AbstractStruct> structs = new ArrayList<>();
    for (AbstractStruct s = r.curr(); s != null; s = r.next()) {
      structs.add(s);
    }
    DeleteSet ds = DeleteSetCodec.read(d, budget);
    return new DecodedUpdate(structs, ds);
  }

  public static DecodedUpdate decodeV1(byte[] update) {
    return decode(update, Format.V1, DecodeLimits.defaults());
  }

  public static DecodedUpdate decodeV2(byte[] update) {
    return decode(update, Format.V2, DecodeLimits.defaults());
  }

  /**
   * Encodes structs (grouped by consecutive client, as Yjs's lazy writer does) and a delete set.
   *
   * @param exact true: reproduce decoded values as they arrived (decode + encode gives the input bytes for
   *              updates written by Yjs); false: write what Yjs writes when it re-encodes (merge/diff rules)
   */
  public static byte[] encode(List<? extends AbstractStruct> structs, DeleteSet ds, Format format, boolean exact) {
    UpdateEncoder e = encoder(format, exact);
    StructWriter w = new StructWriter(e, estimateSize(structs));
    for (AbstractStruct s : structs) {
      w.write(s, 0);
    }
    w.finish(estimateSize(ds));
    DeleteSetCodec.write(e, ds);
    return e.toBytes();
  }

  /** Rough V1 size of structs: text one byte per char, ~12 bytes of ids and info per struct. */
  private static long estimateSize(List<? extends AbstractStruct> structs) {
    long n = 16;
    for (AbstractStruct s : structs) {
      n += 12;
      if (s instanceof Item it && it.content() instanceof ContentString cs) {
        n += cs.str().length();
      }
    }
    return n;
  }

  private static long estimateSize(DeleteSet ds) {
    long n = 16;
    for (long c : ds.clientsDescending()) {
      n += 10 + 6L * ds.ranges(c).size();
    }
    return n;
  }

  public static byte[] encode(DecodedUpdate u, Format format, boolean exact) {
    return encode(u.structs(), u.deleteSet(), format, exact);
  }

  /**
   * Full validation: decodes everything (structs, content, JSON texts, delete set) within the limits,
   * rejects two struct groups for the same client (Yjs's document reader would silently drop the first,
   * doc 3.1) and trailing bytes after the delete set (Yjs ignores them; a V2 update fed to the V1 reader
   * usually shows up this way).
   */
  static void validate(byte[] update, Format format, DecodeLimits limits) {
    DecodeBudget budget = new DecodeBudget(limits);
    budget.addInput(update.length);
    UpdateDecoder d = decoder(update, format, budget.limits());
    StructReader r = new StructReader(d, budget, false);
    java.util.HashSet<Long> clients = new java.util.HashSet<>();
    long group = -1;
    for (AbstractStruct s = r.curr(); s != null; s = r.next()) {
      if (r.groupIndex() != group) {
        group = r.groupIndex();
        if (!clients.add(s.client())) {
          throw new CrdtDecodeException("two struct groups for client " + s.client());
        }
      }
    }
    DeleteSetCodec.read(d, budget);
    if (d.rest().remaining() > 0) {
      throw new CrdtDecodeException("trailing bytes after the delete set: " + d.rest().remaining(), d.rest().offset());
    }
  }
}
