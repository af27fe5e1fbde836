package io.epicenter.crdt.update;

import io.epicenter.crdt.id.DeleteSet;
import io.epicenter.crdt.id.StateVector;
import io.epicenter.crdt.lib0.DecodeBudget;
import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.crdt.lib0.Lib0Writer;
import io.epicenter.crdt.struct.AbstractStruct;
import io.epicenter.crdt.struct.Skip;
import io.epicenter.crdt.update.UpdateCodec.Format;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operations on encoded Yjs updates without a document (doc §6), byte-compatible with yjs 13.6. V1 unless
 * the name says V2. Every overload without {@link DecodeLimits} uses {@link DecodeLimits#defaults()}.
 * Malformed or over-limit input throws {@link io.epicenter.crdt.lib0.CrdtDecodeException}.
 */
public final class Updates {
  private Updates() {}

  // ---------------------------------------------------------------- merge

  /**
   * Yjs's {@code mergeUpdates}: one update with the union of all structs and delete sets. Zero updates give
   * {@code 00 00}; a single update is returned unchanged (same array, not decoded), as Yjs does.
   */
  public static byte[] mergeUpdates(List<byte[]> updates) {
    return mergeUpdates(updates, DecodeLimits.defaults());
  }

  public static byte[] mergeUpdates(List<byte[]> updates, DecodeLimits limits) {
    return UpdateMerger.merge(updates, limits, Format.V1);
  }

  public static byte[] mergeUpdatesV2(List<byte[]> updates) {
    return mergeUpdatesV2(updates, DecodeLimits.defaults());
  }

  public static byte[] mergeUpdatesV2(List<byte[]> updates, DecodeLimits limits) {
    return UpdateMerger.merge(updates, limits, Format.V2);
  }

  // ---------------------------------------------------------------- diff

  /** Yjs's {@code diffUpdate}: what in {@code update} is not covered by the state vector (doc §6.3). */
  public static byte[] diffUpdate(byte[] update, byte[] encodedStateVector) {
    return diffUpdate(update, encodedStateVector, DecodeLimits.defaults());
  }

  public static byte[] diffUpdate(byte[] update, byte[] encodedStateVector, DecodeLimits limits) {
    return diff(update, encodedStateVector, limits, Format.V1);
  }

  public static byte[] diffUpdateV2(byte[] update, byte[] encodedStateVector) {
    return diffUpdateV2(update, encodedStateVector, DecodeLimits.defaults());
  }

  public static byte[] diffUpdateV2(byte[] update, byte[] encodedStateVector, DecodeLimits limits) {
    return diff(update, encodedStateVector, limits, Format.V2);
  }

  private static byte[] diff(byte[] update, byte[] sv, DecodeLimits limits, Format format) {
    Map<Long, Long> state = StateVector.decode(sv, limits);
    DecodeBudget budget = new DecodeBudget(limits);
    budget.addInput(update.length);
    UpdateEncoder enc = UpdateCodec.encoder(format, false);
    StructWriter writer = new StructWriter(enc, update.length);
    UpdateDecoder decoder = UpdateCodec.decoder(update, format, budget.limits());
    StructReader reader = new StructReader(decoder, budget, false);
    while (reader.curr() != null) {
      AbstractStruct curr = reader.curr();
      long client = curr.client();
      Long known = state.get(client);
      long svClock = known == null ? 0 : known;
      if (curr instanceof Skip) {
        reader.next(); // the first written struct must not be a Skip
        continue;
      }
      if (curr.endClock() > svClock) {
        writer.write(curr, Math.max(svClock - curr.clock(), 0));
        reader.next();
        while (reader.curr() != null && reader.curr().client() == client) {
          writer.write(reader.curr(), 0);
          reader.next();
        }
      } else {
        while (reader.curr() != null && reader.curr().client() == client && reader.curr().endClock() <= svClock) {
          reader.next();
        }
      }
    }
    writer.finish(decoder.rest().remaining() + 16);
    DeleteSet ds = DeleteSetCodec.read(decoder, budget);
    DeleteSetCodec.write(enc, ds);
    return enc.toBytes();
  }

  // ---------------------------------------------------------------- state vector / meta

  /** Yjs's {@code encodeStateVectorFromUpdate} (doc §6.4); entries in the order clients appear. */
  public static byte[] encodeStateVectorFromUpdate(byte[] update) {
    return encodeStateVectorFromUpdate(update, DecodeLimits.defaults());
  }

  public static byte[] encodeStateVectorFromUpdate(byte[] update, DecodeLimits limits) {
    return stateVectorFromUpdate(update, limits, Format.V1);
  }

  public static byte[] encodeStateVectorFromUpdateV2(byte[] update) {
    return encodeStateVectorFromUpdateV2(update, DecodeLimits.defaults());
  }

  public static byte[] encodeStateVectorFromUpdateV2(byte[] update, DecodeLimits limits) {
    return stateVectorFromUpdate(update, limits, Format.V2);
  }

  private static byte[] stateVectorFromUpdate(byte[] update, DecodeLimits limits, Format format) {
    DecodeBudget budget = new DecodeBudget(limits);
    budget.addInput(update.length);
    StructReader reader = new StructReader(UpdateCodec.decoder(update, format, budget.limits()), budget, false);
    AbstractStruct curr = reader.curr();
    Lib0Writer entries = new Lib0Writer(32);
    int size = 0;
    if (curr != null) {
      long currClient = curr.client();
      boolean stopCounting = curr.clock() != 0; // must start at 0
      long currClock = stopCounting ? 0 : curr.endClock();
      for (; curr != null; curr = reader.next()) {
        if (currClient != curr.client()) {
          if (currClock != 0) {
            size++;
            entries.writeVarUint(currClient);
            entries.writeVarUint(currClock);
          }
          currClient = curr.client();
          currClock = 0;
          stopCounting = curr.clock() != 0;
        }
        if (curr instanceof Skip) {
          stopCounting = true;
        }
        if (!stopCounting) {
          currClock = curr.endClock();
        }
      }
      if (currClock != 0) {
        size++;
        entries.writeVarUint(currClient);
        entries.writeVarUint(currClock);
      }
    }
    Lib0Writer out = new Lib0Writer(entries.length() + 5);
    out.writeVarUint(size);
    out.writeBytes(entries);
    return out.toByteArray();
  }

  /** Yjs's {@code parseUpdateMeta} (doc §6.5). Maps iterate in the order clients appear in the update. */
  public static UpdateMeta parseUpdateMeta(byte[] update) {
    return parseUpdateMeta(update, DecodeLimits.defaults());
  }

  public static UpdateMeta parseUpdateMeta(byte[] update, DecodeLimits limits) {
    return meta(update, limits, Format.V1);
  }

  public static UpdateMeta parseUpdateMetaV2(byte[] update) {
    return parseUpdateMetaV2(update, DecodeLimits.defaults());
  }

  public static UpdateMeta parseUpdateMetaV2(byte[] update, DecodeLimits limits) {
    return meta(update, limits, Format.V2);
  }

  private static UpdateMeta meta(byte[] update, DecodeLimits limits, Format format) {
    DecodeBudget budget = new DecodeBudget(limits);
    budget.addInput(update.length);
    StructReader reader = new StructReader(UpdateCodec.decoder(update, format, budget.limits()), budget, false);
    Map<Long, Long> from = new LinkedHashMap<>();
    Map<Long, Long> to = new LinkedHashMap<>();
    AbstractStruct curr = reader.curr();
    if (curr != null) {
      long currClient = curr.client();
      long currClock = curr.clock();
      from.put(currClient, currClock);
      for (; curr != null; curr = reader.next()) {
        if (currClient != curr.client()) {
          to.put(currClient, currClock);
          from.put(curr.client(), curr.clock());
          currClient = curr.client();
        }
        currClock = curr.endClock();
      }
      to.put(currClient, currClock);
    }
    return new UpdateMeta(from, to);
  }

  // ---------------------------------------------------------------- validation

  /**
   * Decodes the whole update (every struct, its content including JSON texts, and the delete set) within
   * {@code limits}. Stricter than Yjs in two points: trailing bytes after the delete set and two struct
   * groups for one client are rejected. Throws {@link io.epicenter.crdt.lib0.CrdtDecodeException} on any
   * problem; the message says what was wrong.
   */
  public static void validate(byte[] update, DecodeLimits limits) {
    UpdateCodec.validate(update, Format.V1, limits);
  }

  public static void validate(byte[] update) {
    validate(update, DecodeLimits.defaults());
  }

  public static void validateV2(byte[] update, DecodeLimits limits) {
    UpdateCodec.validate(update, Format.V2, limits);
  }

  /** True if the update has no structs (of any kind) and no delete ranges. Decodes the update. */
  public static boolean isEmpty(byte[] update) {
    if (update.length == 2 && update[0] == 0 && update[1] == 0) {
      return true;
    }
    DecodedUpdate u = UpdateCodec.decode(update, Format.V1, DecodeLimits.defaults());
    return u.structs().isEmpty() && u.deleteSet().isEmpty();
  }

  // ---------------------------------------------------------------- conversion

  /** Yjs's {@code convertUpdateFormatV1ToV2}. */
  public static byte[] convertUpdateFormatV1ToV2(byte[] update) {
    return convert(update, Format.V1, Format.V2, DecodeLimits.defaults());
  }

  /** Yjs's {@code convertUpdateFormatV2ToV1}. */
  public static byte[] convertUpdateFormatV2ToV1(byte[] update) {
    return convert(update, Format.V2, Format.V1, DecodeLimits.defaults());
  }

  public static byte[] convert(byte[] update, Format from, Format to, DecodeLimits limits) {
    DecodeBudget budget = new DecodeBudget(limits);
    budget.addInput(update.length);
    UpdateDecoder decoder = UpdateCodec.decoder(update, from, budget.limits());
    StructReader reader = new StructReader(decoder, budget, false);
    UpdateEncoder enc = UpdateCodec.encoder(to, false);
    // V1 is ~1.3x the size of V2 for text
    StructWriter writer = new StructWriter(enc, from == to ? update.length : update.length * 3L / 2);
    for (AbstractStruct s = reader.curr(); s != null; s = reader.next()) {
      writer.write(s, 0);
    }
    writer.finish(decoder.rest().remaining() * 2L + 16);
    DeleteSetCodec.write(enc, DeleteSetCodec.read(decoder, budget));
    return enc.toBytes();
  }

}
