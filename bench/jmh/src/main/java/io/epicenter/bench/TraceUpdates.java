package io.epicenter.bench;

import io.epicenter.crdt.id.DeleteSet;
import io.epicenter.crdt.id.ID;
import io.epicenter.crdt.struct.AbstractStruct;
import io.epicenter.crdt.struct.ContentString;
import io.epicenter.crdt.struct.Item;
import io.epicenter.crdt.update.UpdateCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Builds Yjs V1 updates from the automerge-paper editing trace (shared/traces): a tiny list model
 * assigns each inserted character an ID with the origin / rightOrigin Yjs would give it, so the
 * generated updates have realistic shapes (single-character items, origins into older text, delete sets).
 */
final class TraceUpdates {
  /** One small update per trace transaction, in order. */
  final List<byte[]> smallUpdates = new ArrayList<>();
  /** All transactions as one update (consecutive typing merged into runs, like a Yjs document state). */
  final byte[] largeDoc;
  /** State vector after half of the transactions. */
  final byte[] halfStateVector;
  /** Number of visible characters at the end (the trace's endContent length). */
  final int visibleLength;

  /** @param smallLimit how many transactions also become small updates; clients change every 2000 txns */
  TraceUpdates(int smallLimit) {
    List<int[]> posDel = new ArrayList<>();
    List<String> ins = new ArrayList<>();
    int[] txnEnds = parse(posDel, ins);
    GapList visible = new GapList();
    long[] clocks = new long[4];
    TreeMap<Long, List<Item>> perClient = new TreeMap<>();
    DeleteSet allDeleted = new DeleteSet();
    List<java.util.BitSet> deletedClocks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      deletedClocks.add(new java.util.BitSet());
    }
    int patch = 0;
    long[] half = null;
    for (int t = 0; t < txnEnds.length; t++) {
      int client = 1 + (t / 2000) % 3;
      List<AbstractStruct> txStructs = new ArrayList<>();
      DeleteSet txDeletes = new DeleteSet();
      for (; patch < txnEnds[t]; patch++) {
        int pos = posDel.get(patch)[0];
        int del = posDel.get(patch)[1];
        for (int k = 0; k < del; k++) {
          long id = visible.remove(pos);
          txDeletes.add(id >>> 40, id & ((1L << 40) - 1), 1);
          deletedClocks.get((int) (id >>> 40)).set((int) (id & ((1L << 40) - 1)));
          allDeleted.add(id >>> 40, id & ((1L << 40) - 1), 1);
        }
        String s = ins.get(patch);
        if (!s.isEmpty()) {
          ID origin = pos > 0 ? unpack(visible.get(pos - 1)) : null;
          ID right = pos < visible.size() ? unpack(visible.get(pos)) : null;
          long clock = clocks[client];
          Item item = new Item(client, clock, origin, right, origin == null && right == null ? "text" : null, null,
              null, new ContentString(s));
          txStructs.add(item);
          for (int k = 0; k < s.length(); k++) {
            visible.insert(pos + k, ((long) client << 40) | (clock + k));
          }
          clocks[client] += s.length();
          appendRun(perClient.computeIfAbsent((long) client, c -> new ArrayList<>()), item);
        }
      }
      if (t < smallLimit) {
        txDeletes.sortAndMerge();
        smallUpdates.add(UpdateCodec.encode(txStructs, txDeletes, UpdateCodec.Format.V1, false));
      }
      if (t == txnEnds.length / 2) {
        half = clocks.clone();
      }
    }
    visibleLength = visible.size();
    // like a Yjs document with gc: deleted text becomes ContentDeleted, items split where deletion starts/ends
    List<AbstractStruct> all = new ArrayList<>();
    for (Long c : perClient.descendingKeySet()) {
      java.util.BitSet del = deletedClocks.get(c.intValue());
      for (Item it : perClient.get(c)) {
        splitByDeletion(it, del, all);
      }
    }
    allDeleted.sortAndMerge();
    largeDoc = UpdateCodec.encode(all, allDeleted, UpdateCodec.Format.V1, false);
    java.util.Map<Long, Long> sv = new java.util.HashMap<>();
    for (int c = 1; c <= 3; c++) {
      if (half[c] > 0) {
        sv.put((long) c, half[c]);
      }
    }
    halfStateVector = io.epicenter.crdt.id.StateVector.encode(sv);
  }

  private static void splitByDeletion(Item item, java.util.BitSet del, List<AbstractStruct> out) {
    Item rest = item;
    while (true) {
      int start = (int) rest.clock();
      int len = (int) rest.length();
      boolean d = del.get(start);
      int n = 1;
      while (n < len && del.get(start + n) == d) {
        n++;
      }
      Item head = n < len ? rest.withContent(rest.content().spliceLeft(n)) : rest;
      if (d) {
        head = head.withContent(new io.epicenter.crdt.struct.ContentDeleted(n));
      }
      out.add(head);
      if (n == len) {
        return;
      }
      rest = rest.sliceFrom(n);
    }
  }

  private static ID unpack(long id) {
    return new ID(id >>> 40, id & ((1L << 40) - 1));
  }

  /** Appends like Yjs's normalisation: a continuation typed right after the run's end joins the run. */
  private static void appendRun(List<Item> items, Item item) {
    if (!items.isEmpty()) {
      Item last = items.get(items.size() - 1);
      boolean contiguous = last.endClock() == item.clock() && item.origin() != null
          && item.origin().equals(last.lastId()) && java.util.Objects.equals(item.rightOrigin(), last.rightOrigin());
      if (contiguous) {
        String s = ((ContentString) last.content()).str() + ((ContentString) item.content()).str();
        items.set(items.size() - 1, last.withContent(new ContentString(s)));
        return;
      }
    }
    items.add(item);
  }

  static Path tracesDir() {
    String shared = System.getProperty("epicenter.shared", System.getenv("EPICENTER_SHARED"));
    List<Path> candidates = new ArrayList<>();
    if (shared != null) {
      candidates.add(Path.of(shared, "traces"));
    }
    Path cwd = Path.of("").toAbsolutePath();
    for (Path p = cwd; p != null; p = p.getParent()) {
      candidates.add(p.resolve("shared/traces"));
      candidates.add(p.resolveSibling("shared/traces"));
    }
    for (Path c : candidates) {
      if (Files.exists(c.resolve("automerge-paper.json.gz"))) {
        return c;
      }
    }
    throw new IllegalStateException("traces not found; pass -Depicenter.shared=/path/to/shared (tried " + candidates + ")");
  }

  /** Minimal reader of the trace JSON: patches [pos, del, "text"] grouped per transaction. */
  private static int[] parse(List<int[]> posDel, List<String> ins) {
    String json;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tracesDir().resolve("automerge-paper.json.gz")))) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int txStart = json.indexOf("\"txns\"");
    Pattern patches = Pattern.compile("\"patches\"\\s*:\\s*\\[(.*?)\\]\\s*\\}");
    Pattern patch = Pattern.compile("\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\]");
    Matcher tm = patches.matcher(json);
    tm.region(txStart, json.length());
    int[] ends = new int[300_000];
    int n = 0;
    while (tm.find()) {
      Matcher pm = patch.matcher(tm.group(1));
      while (pm.find()) {
        posDel.add(new int[] {Integer.parseInt(pm.group(1)), Integer.parseInt(pm.group(2))});
        ins.add(unescape(pm.group(3)));
      }
      ends[n++] = posDel.size();
    }
    return Arrays.copyOf(ends, n);
  }

  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> sb.append(e);
      }
    }
    return sb.toString();
  }

  /** A gap buffer of longs: cheap inserts and removes near the previous edit. */
  static final class GapList {
    private long[] a = new long[1024];
    private int gapStart;
    private int gapEnd = a.length;

    int size() {
      return a.length - (gapEnd - gapStart);
    }

    private void moveGap(int pos) {
      if (pos < gapStart) {
        int n = gapStart - pos;
        System.arraycopy(a, pos, a, gapEnd - n, n);
        gapStart = pos;
        gapEnd -= n;
      } else if (pos > gapStart) {
        int n = pos - gapStart;
        System.arraycopy(a, gapEnd, a, gapStart, n);
        gapStart += n;
        gapEnd += n;
      }
    }

    long get(int i) {
      return i < gapStart ? a[i] : a[i + (gapEnd - gapStart)];
    }

    void insert(int pos, long v) {
      if (gapStart == gapEnd) {
        long[] b = new long[a.length * 2];
        System.arraycopy(a, 0, b, 0, gapStart);
        int tail = a.length - gapEnd;
        System.arraycopy(a, gapEnd, b, b.length - tail, tail);
        gapEnd = b.length - tail;
        a = b;
      }
      moveGap(pos);
      a[gapStart++] = v;
    }

    long remove(int pos) {
      moveGap(pos);
      return a[gapEnd++];
    }
  }
}
