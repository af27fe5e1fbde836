package io.epicenter.crdt.doc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** Seeded multi-peer simulations: random edits, delivery in random order with duplicates and delays. */
class DocSimulationTest {

  static String state(Doc d) {
    return sorted(d.getText("t").toDelta()) + "|" + sorted(d.getMap("m").toJson()) + "|"
        + sorted(d.getArray("a").toJson()) + "|" + d.stateVector();
  }

  /** Maps with sorted keys (map key order is not significant). */
  static Object sorted(Object v) {
    if (v instanceof java.util.Map<?, ?> m) {
      java.util.TreeMap<String, Object> t = new java.util.TreeMap<>();
      m.forEach((k, x) -> t.put((String) k, sorted(x)));
      return t;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(sorted(x)));
      return out;
    }
    return v;
  }

  @RepeatedTest(40)
  void peersConverge(RepetitionInfo info) {
    long seed = 0x5EED_0000L + info.getCurrentRepetition();
    try {
      simulate(seed, 3 + (int) (seed % 3), 120, info.getCurrentRepetition() % 2 == 0);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }

  static void simulate(long seed, int peers, int steps, boolean formatting) {
    Random r = new Random(seed);
    List<Doc> docs = new ArrayList<>();
    List<List<byte[]>> inbox = new ArrayList<>();
    List<byte[]> all = new ArrayList<>();
    for (int i = 0; i < peers; i++) {
      Doc d = new Doc(i * 7 + 1 + (i == 2 ? 4_000_000_000L : 0), true);
      docs.add(d);
      inbox.add(new ArrayList<>());
    }
    for (int i = 0; i < peers; i++) {
      final int me = i;
      docs.get(i).onUpdate(u -> {
        if (docs.get(me).clientId() >= 0) {
          all.add(u);
        }
      });
    }
    int delivered = 0;
    for (int step = 0; step < steps; step++) {
      int p = r.nextInt(peers);
      Doc d = docs.get(p);
      int before = all.size();
      RandomEditor.edit(d, r, formatting);
      for (int k = before; k < all.size(); k++) {
        byte[] u = all.get(k);
        for (int q = 0; q < peers; q++) {
          if (q != p) {
            inbox.get(q).add(u);
            if (r.nextInt(12) == 0) {
              inbox.get(q).add(u); // duplicate
            }
          }
        }
      }
      // deliver a random subset, in random order (others stay delayed)
      for (int q = 0; q < peers; q++) {
        List<byte[]> box = inbox.get(q);
        Collections.shuffle(box, r);
        int n = r.nextInt(box.size() + 1);
        List<byte[]> now = new ArrayList<>(box.subList(0, n));
        box.subList(0, n).clear();
        for (byte[] u : now) {
          docs.get(q).applyUpdate(u);
          delivered++;
        }
      }
    }
    // flush: everything still waiting, then full states both ways
    for (int q = 0; q < peers; q++) {
      for (byte[] u : inbox.get(q)) {
        docs.get(q).applyUpdate(u);
      }
    }
    for (Doc a : docs) {
      for (Doc b : docs) {
        if (a != b) {
          b.applyUpdate(a.encodeStateAsUpdate(b.encodeStateVector()));
        }
      }
    }
    String expected = state(docs.get(0));
    for (Doc d : docs) {
      assertThat(d.hasPending()).isFalse();
      assertThat(state(d)).isEqualTo(expected);
      Doc fresh = new Doc(99, true);
      fresh.applyUpdate(d.encodeStateAsUpdate());
      assertThat(state(fresh)).isEqualTo(expected);
    }
    assertThat(delivered).isGreaterThanOrEqualTo(0);
  }

  /** Pending structs are retried: a session's updates shuffled and duplicated end in the in-order state. */
  @RepeatedTest(20)
  void shuffledDuplicatedDeliveryResolvesPending(RepetitionInfo info) {
    long seed = 0xABCD00L + info.getCurrentRepetition();
    Random r = new Random(seed);
    Doc a = new Doc(1, true);
    Doc b = new Doc(2, true);
    List<byte[]> updates = new ArrayList<>();
    a.onUpdate(updates::add);
    b.onUpdate(updates::add);
    for (int i = 0; i < 60; i++) {
      Doc d = r.nextBoolean() ? a : b;
      int before = updates.size();
      RandomEditor.edit(d, r, false);
      List<byte[]> fresh = new ArrayList<>(updates.subList(before, updates.size()));
      Doc other = d == a ? b : a;
      for (byte[] u : fresh) {
        other.applyUpdate(u);
      }
    }
    List<byte[]> delivery = new ArrayList<>(new ArrayList<>(updates));
    for (int i = 0; i < updates.size() / 5; i++) {
      delivery.add(updates.get(r.nextInt(updates.size())));
    }
    Collections.shuffle(delivery, r);
    Doc c = new Doc(3, true);
    boolean sawPending = false;
    for (byte[] u : delivery) {
      c.applyUpdate(u);
      sawPending |= c.hasPendingStructs();
    }
    assertThat(c.hasPending()).as("seed " + seed).isFalse();
    assertThat(state(c)).as("seed " + seed).isEqualTo(state(a));
    assertThat(sawPending || updates.size() < 3).isTrue();
  }

  /** Doc §7.5 quirk: a struct whose dependency arrived must integrate even if Yjs's missing map says later. */
  @Test
  void pendingStructRetriedWhenItsDependencyArrives() {
    Doc one = new Doc(1, true);
    List<byte[]> u1 = new ArrayList<>();
    one.onUpdate(u1::add);
    one.getText("t").insert(0, "xx");
    one.getText("t").insert(2, "yy");
    one.getText("t").insert(4, "zz");
    Doc two = new Doc(2, true);
    List<byte[]> u2 = new ArrayList<>();
    two.applyUpdate(u1.get(0));
    two.onUpdate(u2::add);
    two.getText("t").insert(2, "B");
    byte[] ub = u2.get(0);
    Doc c = new Doc(3, true);
    c.applyUpdate(io.epicenter.crdt.update.Updates.mergeUpdates(List.of(ub, u1.get(2))));
    c.applyUpdate(u1.get(0));
    assertThat(c.getText("t").toString()).isEqualTo("xxB");
    c.applyUpdate(u1.get(1));
    Doc inOrder = new Doc(4, true);
    inOrder.applyUpdate(u1.get(0));
    inOrder.applyUpdate(u1.get(1));
    inOrder.applyUpdate(u1.get(2));
    inOrder.applyUpdate(ub);
    assertThat(c.getText("t").toString()).isEqualTo(inOrder.getText("t").toString());
    assertThat(c.hasPending()).isFalse();
  }
}
