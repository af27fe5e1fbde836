package io.epicenter.crdt.lib0;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small pieces of JavaScript semantics that byte parity depends on. */
public final class JsSemantics {
  private JsSemantics() {}

  /** lib0 {@code isFloat32}: float32 round trip gives the same number (false for NaN). */
  public static boolean isFloat32(double d) {
    return (double) (float) d == d;
  }

  /** {@code Number.isInteger(d)}. */
  public static boolean isInteger(double d) {
    return !Double.isInfinite(d) && !Double.isNaN(d) && Math.rint(d) == d;
  }

  /**
   * Whether {@code key} is an array index ("0" ... "4294967294" without leading zeros), which
   * JavaScript objects order first, ascending.
   */
  public static boolean isArrayIndex(String key) {
    int n = key.length();
    if (n == 0 || n > 10) {
      return false;
    }
    char c0 = key.charAt(0);
    if (c0 == '0') {
      return n == 1;
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      v = v * 10 + (c - '0');
    }
    return v < 4294967295L;
  }

  /**
   * The own enumerable properties of a JavaScript object built from {@code entries} in order (later values
   * replace earlier ones at the first position), in JavaScript property order: array-index keys ascending,
   * then the others in insertion order. {@code dropProto}: drop {@code __proto__} (assignment semantics).
   */
  public static List<Map.Entry<String, Any>> jsPropertyOrder(List<Map.Entry<String, Any>> entries, boolean dropProto) {
    int n = entries.size();
    boolean simple = true;
    if (n > 1 || (n == 1 && dropProto)) {
      // fast check: no duplicates, no index keys (except trivially), no __proto__
      if (n <= 16) {
        for (int i = 0; i < n && simple; i++) {
          String k = entries.get(i).getKey();
          if (isArrayIndex(k) || (dropProto && k.equals("__proto__"))) {
            simple = false;
          }
          for (int j = 0; j < i && simple; j++) {
            if (entries.get(j).getKey().equals(k)) {
              simple = false;
            }
          }
        }
      } else {
        simple = false;
      }
    } else if (n == 1) {
      return entries;
    }
    if (simple) {
      return entries;
    }
    Map<String, Integer> pos = new HashMap<>();
    List<Map.Entry<String, Any>> out = new ArrayList<>(n);
    for (Map.Entry<String, Any> e : entries) {
      String k = e.getKey();
      if (dropProto && k.equals("__proto__")) {
        continue;
      }
      Integer at = pos.get(k);
      if (at == null) {
        pos.put(k, out.size());
        out.add(e);
      } else {
        out.set(at, e);
      }
    }
    List<Map.Entry<String, Any>> idx = new ArrayList<>();
    List<Map.Entry<String, Any>> rest = new ArrayList<>();
    for (Map.Entry<String, Any> e : out) {
      (isArrayIndex(e.getKey()) ? idx : rest).add(e);
    }
    if (idx.isEmpty()) {
      return out;
    }
    idx.sort((a, b) -> Long.compare(Long.parseLong(a.getKey()), Long.parseLong(b.getKey())));
    idx.addAll(rest);
    return idx;
  }

  /** ECMAScript {@code Number::toString(10)} (shortest round-trip digits, JS exponent format). */
  public static String numberToString(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (v == 0) {
      return "0";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Infinity" : "-Infinity";
    }
    if (v < 0) {
      return "-" + numberToString(-v);
    }
    if (v < 1e21 && v == Math.rint(v) && v < 9.007199254740992E15) {
      return Long.toString((long) v);
    }
    // digits and exponent from Java's shortest representation
    BigDecimal bd = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int k = digits.length();
    int n = k - bd.scale(); // value = 0.d1..dk * 10^n
    if (k == 2) {
      // Java may print two digits where one suffices (it then prefers the closer 2-digit decimal)
      BigDecimal one = new BigDecimal(v).round(new MathContext(1, RoundingMode.HALF_EVEN));
      if (Double.parseDouble(one.toString()) == v) {
        BigDecimal s = one.stripTrailingZeros();
        digits = s.unscaledValue().toString();
        k = digits.length();
        n = k - s.scale();
      }
    }
    StringBuilder sb = new StringBuilder(k + 8);
    if (k <= n && n <= 21) {
      sb.append(digits);
      for (int i = 0; i < n - k; i++) {
        sb.append('0');
      }
    } else if (0 < n && n <= 21) {
      sb.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      sb.append("0.");
      for (int i = 0; i < -n; i++) {
        sb.append('0');
      }
      sb.append(digits);
    } else {
      sb.append(digits.charAt(0));
      if (k > 1) {
        sb.append('.').append(digits, 1, k);
      }
      sb.append('e').append(n - 1 >= 0 ? '+' : '-').append(Math.abs(n - 1));
    }
    return sb.toString();
  }
}
