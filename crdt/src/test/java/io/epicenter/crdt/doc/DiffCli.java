package io.epicenter.crdt.doc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Test-only CLI for the differential test against real yjs (tests/node/test/crdt-differential.test.mjs).
 * One command per stdin line, one JSON line per answer:
 * <ul>
 *   <li>{@code edits SEED STEPS}: two Java peers make random edits and sync partially; answers every update
 *       they emitted (base64) and the converged JSON and state vector;</li>
 *   <li>{@code apply B64 B64 ...}: applies V1 updates to a fresh document; answers its JSON and state vector.</li>
 * </ul>
 */
public final class DiffCli {
  private DiffCli() {}

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] parts = line.trim().split(" ");
      StringBuilder out = new StringBuilder();
      try {
        if (parts[0].equals("edits")) {
          edits(Long.parseLong(parts[1]), Integer.parseInt(parts[2]), out);
        } else if (parts[0].equals("apply")) {
          Doc d = new Doc(999_999, true);
          for (int i = 1; i < parts.length; i++) {
            d.applyUpdate(Base64.getDecoder().decode(parts[i]));
          }
          out.append('{');
          state(d, out);
          out.append('}');
        } else {
          out.append("{\"error\":\"unknown command\"}");
        }
      } catch (RuntimeException e) {
        out.setLength(0);
        out.append("{\"error\":");
        str(String.valueOf(e), out);
        out.append('}');
      }
      System.out.println(out);
      System.out.flush();
    }
  }

  private static void edits(long seed, int steps, StringBuilder out) {
    Random r = new Random(seed);
    Doc a = new Doc(11, true);
    Doc b = new Doc(22, true);
    List<byte[]> all = new ArrayList<>();
    List<byte[]> toA = new ArrayList<>();
    List<byte[]> toB = new ArrayList<>();
    a.onUpdate(u -> {
      all.add(u);
      toB.add(u);
    });
    b.onUpdate(u -> {
      all.add(u);
      toA.add(u);
    });
    for (int i = 0; i < steps; i++) {
      RandomEditor.edit(r.nextBoolean() ? a : b, r, true);
      if (r.nextInt(4) == 0) {
        List<byte[]> x = new ArrayList<>(toA);
        toA.clear();
        x.forEach(a::applyUpdate);
        List<byte[]> y = new ArrayList<>(toB);
        toB.clear();
        y.forEach(b::applyUpdate);
      }
    }
    while (!toA.isEmpty() || !toB.isEmpty()) {
      List<byte[]> x = new ArrayList<>(toA);
      toA.clear();
      x.forEach(a::applyUpdate);
      List<byte[]> y = new ArrayList<>(toB);
      toB.clear();
      y.forEach(b::applyUpdate);
    }
    out.append("{\"updates\":[");
    for (int i = 0; i < all.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append('"').append(Base64.getEncoder().encodeToString(all.get(i))).append('"');
    }
    out.append("],");
    state(a, out);
    out.append(",\"converged\":").append(DocSimulationTest.state(a).equals(DocSimulationTest.state(b)));
    out.append('}');
  }

  private static void state(Doc d, StringBuilder out) {
    out.append("\"json\":{\"t\":");
    value(d.getText("t").toDelta(), out);
    out.append(",\"m\":");
    value(d.getMap("m").toJson(), out);
    out.append(",\"a\":");
    value(d.getArray("a").toJson(), out);
    out.append("},\"sv\":{");
    boolean first = true;
    for (Map.Entry<Long, Long> e : d.stateVector().entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append('"').append(e.getKey()).append("\":").append(e.getValue());
    }
    out.append("},\"pending\":").append(d.hasPending());
  }

  private static void value(Object v, StringBuilder out) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof Double x) {
      out.append(x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString(x.longValue()) : Double.toString(x));
    } else if (v instanceof Boolean || v instanceof Number) {
      out.append(v);
    } else if (v instanceof String s) {
      str(s, out);
    } else if (v instanceof AbstractType t) {
      value(t.toJson(), out);
    } else if (v instanceof Map<?, ?> m) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        str((String) e.getKey(), out);
        out.append(':');
        value(e.getValue(), out);
      }
      out.append('}');
    } else if (v instanceof List<?> l) {
      out.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        value(l.get(i), out);
      }
      out.append(']');
    } else {
      str(String.valueOf(v), out);
    }
  }

  private static void str(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
