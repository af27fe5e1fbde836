package io.epicenter.bench.doc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The automerge-paper editing trace (B4): patches {@code [pos, deleteCount, insertText]} in order, one
 * transaction each. A minimal reader for exactly this JSON shape (the bench module has no JSON library).
 */
public final class B4Trace {
  public final int[] pos;
  public final int[] del;
  public final String[] ins;
  public final String endContent;

  private B4Trace(int[] pos, int[] del, String[] ins, String endContent) {
    this.pos = pos;
    this.del = del;
    this.ins = ins;
    this.endContent = endContent;
  }

  public int size() {
    return pos.length;
  }

  static Path tracesDir() {
    String shared = System.getProperty("epicenter.shared");
    if (shared != null) {
      return Path.of(shared, "traces");
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path t = p.resolveSibling("shared").resolve("traces");
      if (Files.isDirectory(t)) {
        return t;
      }
    }
    return Path.of("/work/shared/traces");
  }

  public static B4Trace load(String name) throws IOException {
    String json;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tracesDir().resolve(name + ".json.gz")))) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int[] i = {0};
    List<int[]> pd = new ArrayList<>();
    List<String> ins = new ArrayList<>();
    int at = 0;
    while ((at = json.indexOf("\"patches\"", at)) >= 0) {
      at = json.indexOf('[', at) + 1; // list of patches
      while (true) {
        while (json.charAt(at) == ' ' || json.charAt(at) == ',') {
          at++;
        }
        if (json.charAt(at) == ']') {
          break;
        }
        at++; // '['
        i[0] = at;
        int p = readInt(json, i);
        int d = readInt(json, i);
        at = json.indexOf('"', i[0]);
        i[0] = at + 1;
        ins.add(readString(json, i));
        at = json.indexOf(']', i[0]) + 1;
        pd.add(new int[] {p, d});
      }
    }
    int ec = json.indexOf("\"endContent\"");
    int[] j = {json.indexOf('"', json.indexOf(':', ec)) + 1};
    String end = readString(json, j);
    int n = pd.size();
    int[] pos = new int[n];
    int[] del = new int[n];
    for (int k = 0; k < n; k++) {
      pos[k] = pd.get(k)[0];
      del[k] = pd.get(k)[1];
    }
    return new B4Trace(pos, del, ins.toArray(new String[0]), end);
  }

  private static int readInt(String s, int[] i) {
    int at = i[0];
    while (!Character.isDigit(s.charAt(at))) {
      at++;
    }
    int v = 0;
    while (Character.isDigit(s.charAt(at))) {
      v = v * 10 + (s.charAt(at++) - '0');
    }
    i[0] = at;
    return v;
  }

  private static String readString(String s, int[] i) {
    StringBuilder sb = new StringBuilder();
    int at = i[0];
    while (true) {
      char c = s.charAt(at++);
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        char e = s.charAt(at++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            sb.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
            at += 4;
          }
          default -> sb.append(e);
        }
      } else {
        sb.append(c);
      }
    }
    i[0] = at;
    return sb.toString();
  }
}
