package io.epicenter.crdt.doc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.epicenter.crdt.types.YText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The editing traces in shared/traces replayed as local edits (and, for the concurrent one, merged). */
class TraceReplayTest {

  static JsonNode load(String name) throws IOException {
    String shared = System.getProperty("epicenter.shared", "../../shared");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(shared, "traces", name + ".json.gz")))) {
      return new ObjectMapper().readTree(in);
    }
  }

  /** Applies the patches of one transaction (positions in code points) to a text. */
  static void applyPatches(YText text, JsonNode patches) {
    for (JsonNode p : patches) {
      String cur = null;
      int pos = p.get(0).asInt();
      int del = p.get(1).asInt();
      String ins = p.get(2).asText();
      // the traces are BMP-only (checked below), so code points equal UTF-16 units
      if (del > 0) {
        text.delete(pos, del);
      }
      if (!ins.isEmpty()) {
        text.insert(pos, ins);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"automerge-paper", "seph-blog1"})
  void sequentialTrace(String name) throws IOException {
    JsonNode trace = load(name);
    String end = trace.get("endContent").asText();
    assertThat(end.codePointCount(0, end.length())).isEqualTo(end.length());
    Doc doc = new Doc(1, true);
    YText text = doc.getText("text");
    for (JsonNode txn : trace.get("txns")) {
      doc.transact(t -> applyPatches(text, txn.get("patches")));
    }
    assertThat(text.toString()).isEqualTo(end);
    byte[] state = doc.encodeStateAsUpdate();
    Doc copy = new Doc(2, true);
    copy.applyUpdate(state);
    assertThat(copy.getText("text").toString()).isEqualTo(end);
    assertThat(copy.encodeStateAsUpdate()).isEqualTo(state);
  }

  @Test
  void concurrentTraceFriendsForever() throws IOException {
    JsonNode trace = load("friendsforever");
    int agents = trace.get("numAgents").asInt();
    JsonNode txns = trace.get("txns");
    int n = txns.size();
    byte[][] updates = new byte[n][];
    List<Doc> docs = new ArrayList<>();
    List<boolean[]> applied = new ArrayList<>();
    for (int a = 0; a < agents; a++) {
      docs.add(new Doc(a + 1, true));
      applied.add(new boolean[n]);
    }
    for (int i = 0; i < n; i++) {
      JsonNode txn = txns.get(i);
      int agent = txn.get("agent").asInt();
      Doc doc = docs.get(agent);
      boolean[] done = applied.get(agent);
      // bring the agent's document to the version named by the parents
      List<Integer> need = new ArrayList<>();
      ArrayList<Integer> stack = new ArrayList<>();
      txn.get("parents").forEach(p -> stack.add(p.asInt()));
      while (!stack.isEmpty()) {
        int p = stack.remove(stack.size() - 1);
        if (done[p]) {
          continue;
        }
        done[p] = true;
        need.add(p);
        txns.get(p).get("parents").forEach(q -> stack.add(q.asInt()));
      }
      need.sort(null);
      for (int p : need) {
        doc.applyUpdate(updates[p]);
      }
      List<byte[]> out = new ArrayList<>();
      Runnable off = doc.onUpdate(out::add);
      YText text = doc.getText("text");
      doc.transact(t -> applyPatches(text, txn.get("patches")));
      off.run();
      updates[i] = out.isEmpty() ? new byte[] {0, 0} : out.get(0);
      done[i] = true;
    }
    Doc merged = new Doc(100, true);
    for (byte[] u : updates) {
      merged.applyUpdate(u);
    }
    assertThat(merged.hasPending()).isFalse();
    assertThat(merged.getText("text").toString()).isEqualTo(trace.get("endContent").asText());
  }
}
