package io.epicenter.crdt.update;

import com.fasterxml.jackson.databind.JsonNode;
import io.epicenter.crdt.Vectors;
import io.epicenter.crdt.id.DeleteSet;
import io.epicenter.crdt.id.ID;
import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.struct.AbstractStruct;
import io.epicenter.crdt.struct.Content;
import io.epicenter.crdt.struct.ContentAny;
import io.epicenter.crdt.struct.ContentDeleted;
import io.epicenter.crdt.struct.ContentJson;
import io.epicenter.crdt.struct.ContentString;
import io.epicenter.crdt.struct.GC;
import io.epicenter.crdt.struct.Item;
import io.epicenter.crdt.struct.Skip;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Helpers for property tests: pools of real updates, random slicing, per-unit content comparison. */
final class TestUpdates {
  private TestUpdates() {}

  /**
   * Per session: the updates delivered in that session (random-fuzz.json and basics with 3+ updates). With
   * {@code withState}, the receiver's encoded state is added: it can represent the same clocks differently
   * (deleted or garbage-collected content), so it is only used where representation does not matter.
   */
  static List<List<byte[]>> sessions(boolean withState) {
    List<List<byte[]>> out = new ArrayList<>();
    for (JsonNode s : Vectors.load("random-fuzz.json").get("sessions")) {
      List<byte[]> us = Vectors.b64List(s.get("updates"));
      if (withState) {
        us.add(Vectors.b64(s.get("expected").get("encodedState")));
      }
      out.add(us);
    }
    for (JsonNode c : Vectors.load("updates-basic.json").get("cases")) {
      List<byte[]> us = Vectors.b64List(c.get("updates"));
      if (withState) {
        us.add(Vectors.b64(c.get("expected").get("encodedState")));
      }
      if (us.size() >= 3) {
        out.add(us);
      }
    }
    return out;
  }

  /**
   * A random piece of {@code update}: for one random client, a random run of its structs, optionally
   * starting inside the first struct (sliced as a diff would).
   */
  static byte[] randomPiece(byte[] update, Random rnd) {
    DecodedUpdate d = UpdateCodec.decodeV1(update);
    List<AbstractStruct> structs = new ArrayList<>();
    for (AbstractStruct s : d.structs()) {
      if (!(s instanceof Skip)) {
        structs.add(s);
      }
    }
    if (structs.isEmpty()) {
      return update;
    }
    long client = structs.get(rnd.nextInt(structs.size())).client();
    List<AbstractStruct> own = structs.stream().filter(s -> s.client() == client).toList();
    int from = rnd.nextInt(own.size());
    int to = from + 1 + rnd.nextInt(own.size() - from);
    List<AbstractStruct> piece = new ArrayList<>(own.subList(from, to));
    AbstractStruct first = piece.get(0);
    if (first.length() > 1 && rnd.nextBoolean() && splittable(first)) {
      piece.set(0, first.sliceFrom(1 + rnd.nextInt((int) Math.min(first.length() - 1, Integer.MAX_VALUE))));
    }
    DeleteSet ds = rnd.nextInt(3) == 0 ? d.deleteSet() : new DeleteSet();
    return UpdateCodec.encode(piece, ds, UpdateCodec.Format.V1, false);
  }

  static boolean splittable(AbstractStruct s) {
    return !(s instanceof Item it) || it.content().isSplittable();
  }

  /** A unit of content, independent of how structs were cut. */
  record Unit(String kind, String value, ID origin, ID rightOrigin) {}

  /**
   * client -> clock -> unit for every non-Skip struct of the update. String units that are surrogates or
   * U+FFFD are normalised (cutting a pair replaces halves with U+FFFD depending on where inputs were cut).
   */
  static Map<Long, TreeMap<Long, Unit>> units(byte[] update) {
    DecodedUpdate d = UpdateCodec.decodeV1(update);
    Map<Long, TreeMap<Long, Unit>> out = new TreeMap<>();
    for (AbstractStruct s : d.structs()) {
      if (s instanceof Skip) {
        continue;
      }
      TreeMap<Long, Unit> m = out.computeIfAbsent(s.client(), k -> new TreeMap<>());
      for (long k = 0; k < s.length(); k++) {
        long clock = s.clock() + k;
        Unit u;
        if (s instanceof GC) {
          u = new Unit("GC", "", null, null);
        } else {
          Item it = (Item) s;
          ID origin = k == 0 ? it.origin() : new ID(it.client(), clock - 1);
          u = new Unit("ref" + it.content().ref(), unitValue(it.content(), (int) k), origin, it.rightOrigin());
        }
        m.put(clock, u);
      }
    }
    return out;
  }

  private static String unitValue(Content c, int k) {
    return switch (c) {
      case ContentString s -> {
        char ch = s.str().charAt(k);
        yield Character.isSurrogate(ch) || ch == '\uFFFD' ? "S" : String.valueOf(ch);
      }
      case ContentAny a -> String.valueOf(a.values().get(k));
      case ContentJson j -> String.valueOf(j.elements().get(k).value());
      case ContentDeleted d -> "";
      default -> c.toString();
    };
  }

  static String deleteSet(byte[] update) {
    DeleteSet ds = UpdateCodec.decodeV1(update).deleteSet();
    List<DeleteSet> one = List.of(ds);
    return DeleteSet.merge(one).toString();
  }

  /** Contiguous-from-zero coverage per client of the union of all non-Skip structs of the inputs. */
  static Map<Long, Long> expectedStateVector(List<byte[]> inputs) {
    Map<Long, TreeMap<Long, Long>> ranges = new TreeMap<>();
    for (byte[] u : inputs) {
      for (AbstractStruct s : UpdateCodec.decodeV1(u).structs()) {
        if (!(s instanceof Skip) && s.length() > 0) {
          ranges.computeIfAbsent(s.client(), k -> new TreeMap<>()).merge(s.clock(), s.endClock(), Math::max);
        }
      }
    }
    Map<Long, Long> sv = new TreeMap<>();
    ranges.forEach((client, r) -> {
      long end = 0;
      for (Map.Entry<Long, Long> e : r.entrySet()) {
        if (e.getKey() > end) {
          break;
        }
        end = Math.max(end, e.getValue());
      }
      if (end > 0) {
        sv.put(client, end);
      }
    });
    return sv;
  }

}
