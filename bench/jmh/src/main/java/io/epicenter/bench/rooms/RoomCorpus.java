package io.epicenter.bench.rooms;

import io.epicenter.bench.doc.B4Trace;
import io.epicenter.bench.doc.DocBenchmarks;
import io.epicenter.crdt.doc.Doc;
import io.epicenter.crdt.id.DeleteSet;
import io.epicenter.crdt.id.ID;
import io.epicenter.crdt.id.StateVector;
import io.epicenter.crdt.struct.AbstractStruct;
import io.epicenter.crdt.struct.GC;
import io.epicenter.crdt.struct.Item;
import io.epicenter.crdt.struct.Skip;
import io.epicenter.crdt.types.YText;
import io.epicenter.crdt.update.DecodedUpdate;
import io.epicenter.crdt.update.UpdateCodec;
import io.epicenter.crdt.update.Updates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The room contents for {@link RoomRepresentationBenchmark}: a stored document state and the stream of
 * small updates a fast writer sends on top of it.
 *
 * <ul>
 *   <li>{@code b4}: the automerge-paper trace replayed as local edits (client 1, root text {@code "text"}),
 *       encoded with {@code encodeStateAsUpdate}: 223,414 bytes, 10,971 structs.
 *   <li>{@code big}: {@value #BIG_COPIES} copies of that state, each rewritten to its own client
 *       (101, 102, ...) and root text ({@code "text0"}, ...), merged into one update (~2.2 MB).
 * </ul>
 *
 * <p>The writer (client 7777) loads the state and replays the first {@value #STREAM} patches of the trace
 * (one transaction each: mostly one typed character, some deletions) into the first text at offset
 * 50,000; each transaction's V1 update (14-25 bytes) is one element of the stream.
 */
public final class RoomCorpus {
  public static final int STREAM = 4096;
  public static final int BIG_COPIES = 10;
  static final long WRITER = 7777;

  public final String name;
  public final byte[] base;
  public final List<byte[]> stream;
  /** The state vector of {@link #base}: a joiner that missed only the stream. */
  public final byte[] svRecent;
  /** Half of every client's clock of {@link #base}: a joiner that has about half of the history. */
  public final byte[] svHalf;

  private RoomCorpus(String name, byte[] base, List<byte[]> stream) {
    this.name = name;
    this.base = base;
    this.stream = stream;
    this.svRecent = Updates.encodeStateVectorFromUpdate(base);
    Map<Long, Long> half = new LinkedHashMap<>();
    StateVector.decode(svRecent).forEach((c, k) -> half.put(c, k / 2));
    this.svHalf = StateVector.encode(half);
  }

  private static final Map<String, RoomCorpus> CACHE = new java.util.concurrent.ConcurrentHashMap<>();
  private static B4Trace trace;
  private static byte[] b4State;

  public static synchronized RoomCorpus get(String name) {
    RoomCorpus c = CACHE.get(name);
    if (c == null) {
      c = build(name);
      CACHE.put(name, c);
    }
    return c;
  }

  private static RoomCorpus build(String name) {
    try {
      if (trace == null) {
        trace = B4Trace.load("automerge-paper");
        b4State = DocBenchmarks.replay(trace).encodeStateAsUpdate();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] base;
    String root;
    switch (name) {
      case "b4" -> {
        base = b4State;
        root = "text";
      }
      case "big" -> {
        List<byte[]> copies = new ArrayList<>();
        for (int i = 0; i < BIG_COPIES; i++) {
          copies.add(rewrite(b4State, 101 + i, "text" + i));
        }
        base = Updates.mergeUpdates(copies);
        root = "text0";
      }
      default -> throw new IllegalArgumentException(name);
    }
    Doc writer = new Doc(WRITER, true);
    writer.applyUpdate(base);
    YText text = writer.getText(root);
    if (text.length() < 60_000) {
      throw new IllegalStateException("text too short: " + text.length());
    }
    List<byte[]> stream = new ArrayList<>(STREAM);
    writer.onUpdate(stream::add);
    for (int i = 0; i < STREAM; i++) {
      int pos = 50_000 + trace.pos[i];
      int del = trace.del[i];
      String ins = trace.ins[i];
      writer.transact(txn -> {
        if (del > 0) {
          text.delete(pos, del);
        }
        if (!ins.isEmpty()) {
          text.insert(pos, ins);
        }
      });
    }
    if (stream.size() != STREAM) {
      throw new IllegalStateException("expected one update per transaction, got " + stream.size());
    }
    return new RoomCorpus(name, base, stream);
  }

  /** The same update with every struct and deletion moved to {@code client} and the root renamed. */
  static byte[] rewrite(byte[] update, long client, String root) {
    DecodedUpdate d = UpdateCodec.decodeV1(update);
    List<AbstractStruct> out = new ArrayList<>(d.structs().size());
    for (AbstractStruct s : d.structs()) {
      out.add(switch (s) {
        case GC g -> new GC(client, g.clock(), g.length());
        case Skip k -> new Skip(client, k.clock(), k.length());
        case Item it -> new Item(client, it.clock(), move(it.origin(), client), move(it.rightOrigin(), client),
            it.parentName() != null ? root : null, move(it.parentId(), client), it.parentSub(), it.content());
      });
    }
    DeleteSet ds = new DeleteSet();
    for (long c : d.deleteSet().clientsDescending()) {
      DeleteSet.Ranges r = d.deleteSet().ranges(c);
      for (int i = 0; i < r.size(); i++) {
        ds.add(client, r.clock(i), r.len(i));
      }
    }
    return UpdateCodec.encode(out, ds, UpdateCodec.Format.V1, false);
  }

  private static ID move(ID id, long client) {
    return id == null ? null : new ID(client, id.clock());
  }

  public int streamBytes() {
    int n = 0;
    for (byte[] u : stream) {
      n += u.length;
    }
    return n;
  }
}
