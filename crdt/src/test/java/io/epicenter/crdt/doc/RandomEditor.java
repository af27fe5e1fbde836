package io.epicenter.crdt.doc;

import io.epicenter.crdt.types.YArray;
import io.epicenter.crdt.types.YMap;
import io.epicenter.crdt.types.YText;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test helper: random local edits on roots "t" (text), "m" (map) and "a" (array). */
final class RandomEditor {
  private RandomEditor() {}

  /**
   * BMP only: inserting or cutting at a random UTF-16 index could split a surrogate pair, which Yjs turns
   * into U+FFFD differently on different peers (doc §6.1), so random sessions avoid astral characters.
   */
  static final String ALPHABET = "abcdefghijé";

  static String randomText(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      int cp = ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, r.nextInt(ALPHABET.codePointCount(0, ALPHABET.length()))));
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  /** One random operation (described in the returned string for debugging). */
  static String edit(Doc doc, Random r, boolean withFormatting) {
    int op = r.nextInt(withFormatting ? 11 : 9);
    YText t = doc.getText("t");
    YMap m = doc.getMap("m");
    YArray a = doc.getArray("a");
    switch (op) {
      case 0, 1, 2: {
        int i = r.nextInt(t.length() + 1);
        String s = randomText(r);
        t.insert(i, s);
        return "t.insert(" + i + "," + s + ")";
      }
      case 3: {
        if (t.length() == 0) {
          return "noop";
        }
        int i = r.nextInt(t.length());
        int n = 1 + r.nextInt(Math.min(3, t.length() - i));
        t.delete(i, n);
        return "t.delete(" + i + "," + n + ")";
      }
      case 4: {
        String k = "k" + r.nextInt(4);
        Object v = switch (r.nextInt(4)) {
          case 0 -> r.nextInt(100);
          case 1 -> "s" + r.nextInt(10);
          case 2 -> Map.of("x", r.nextBoolean());
          default -> List.of(1, "two", 3.5);
        };
        m.set(k, v);
        return "m.set(" + k + "," + v + ")";
      }
      case 5: {
        String k = "k" + r.nextInt(4);
        m.delete(k);
        return "m.delete(" + k + ")";
      }
      case 6: {
        int i = r.nextInt(a.length() + 1);
        a.insert(i, List.of(r.nextInt(1000), "v" + r.nextInt(5)));
        return "a.insert(" + i + ")";
      }
      case 7: {
        if (a.length() == 0) {
          a.push(List.of(r.nextInt(9)));
          return "a.push";
        }
        int i = r.nextInt(a.length());
        int n = 1 + r.nextInt(Math.min(2, a.length() - i));
        a.delete(i, n);
        return "a.delete(" + i + "," + n + ")";
      }
      case 8: {
        YMap nested = new YMap();
        doc.transact(txn -> {
          m.set("nested" + r.nextInt(2), nested);
          nested.set("inner", r.nextInt(50));
        });
        return "nested map";
      }
      case 9: {
        if (t.length() == 0) {
          return "noop";
        }
        int i = r.nextInt(t.length());
        int n = 1 + r.nextInt(Math.min(4, t.length() - i));
        Map<String, Object> attrs = new java.util.HashMap<>();
        attrs.put(r.nextBoolean() ? "bold" : "italic", r.nextInt(3) == 0 ? null : true);
        t.format(i, n, attrs);
        return "t.format(" + i + "," + n + "," + attrs + ")";
      }
      default: {
        int i = r.nextInt(t.length() + 1);
        t.insert(i, randomText(r), Map.of("bold", true));
        return "t.insert bold";
      }
    }
  }
}
