package io.epicenter.crdt.lib0;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON texts as Yjs handles them in V1 (ContentEmbed, ContentFormat values, legacy ContentJSON):
 * {@link #parse} mirrors {@code JSON.parse} (strict JSON grammar, numbers become doubles) into {@link Any}
 * values, {@link #stringify} mirrors {@code JSON.stringify} of the corresponding JavaScript value.
 */
public final class JsonText {
  private JsonText() {}

  /** Parses a JSON text; invalid JSON throws {@link CrdtDecodeException}. */
  public static Any parse(String text, int maxDepth) {
    Parser p = new Parser(text, maxDepth);
    p.ws();
    Any v = p.value(0);
    p.ws();
    if (p.i != text.length()) {
      throw p.err("unexpected character after JSON value");
    }
    return v;
  }

  private static final class Parser {
    final String s;
    final int maxDepth;
    int i;

    Parser(String s, int maxDepth) {
      this.s = s;
      this.maxDepth = maxDepth;
    }

    CrdtDecodeException err(String what) {
      return new CrdtDecodeException("invalid JSON text: " + what + " at character " + i);
    }

    void ws() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          i++;
        } else {
          break;
        }
      }
    }

    Any value(int depth) {
      if (i >= s.length()) {
        throw err("unexpected end");
      }
      char c = s.charAt(i);
      switch (c) {
        case '{': {
          if (depth >= maxDepth) {
            throw new CrdtDecodeException("limit exceeded: maxAnyDepth (" + maxDepth + ") in JSON text");
          }
          i++;
          List<Map.Entry<String, Any>> entries = new ArrayList<>();
          ws();
          if (i < s.length() && s.charAt(i) == '}') {
            i++;
            return new Any.Obj(entries, true);
          }
          while (true) {
            ws();
            if (i >= s.length() || s.charAt(i) != '"') {
              throw err("expected string key");
            }
            String k = string();
            ws();
            if (i >= s.length() || s.charAt(i) != ':') {
              throw err("expected ':'");
            }
            i++;
            ws();
            entries.add(AnyCodec.entry(k, value(depth + 1)));
            ws();
            if (i < s.length() && s.charAt(i) == ',') {
              i++;
              continue;
            }
            if (i < s.length() && s.charAt(i) == '}') {
              i++;
              return new Any.Obj(entries, true);
            }
            throw err("expected ',' or '}'");
          }
        }
        case '[': {
          if (depth >= maxDepth) {
            throw new CrdtDecodeException("limit exceeded: maxAnyDepth (" + maxDepth + ") in JSON text");
          }
          i++;
          List<Any> values = new ArrayList<>();
          ws();
          if (i < s.length() && s.charAt(i) == ']') {
            i++;
            return new Any.Arr(values);
          }
          while (true) {
            ws();
            values.add(value(depth + 1));
            ws();
            if (i < s.length() && s.charAt(i) == ',') {
              i++;
              continue;
            }
            if (i < s.length() && s.charAt(i) == ']') {
              i++;
              return new Any.Arr(values);
            }
            throw err("expected ',' or ']'");
          }
        }
        case '"':
          return new Any.Str(string());
        case 't':
          literal("true");
          return Any.Bool.TRUE;
        case 'f':
          literal("false");
          return Any.Bool.FALSE;
        case 'n':
          literal("null");
          return Any.Null.INSTANCE;
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw err("unexpected character");
      }
    }

    void literal(String lit) {
      if (!s.startsWith(lit, i)) {
        throw err("invalid literal");
      }
      i += lit.length();
    }

    Any number() {
      int st = i;
      if (s.charAt(i) == '-') {
        i++;
      }
      if (i >= s.length()) {
        throw err("bad number");
      }
      if (s.charAt(i) == '0') {
        i++;
      } else if (s.charAt(i) >= '1' && s.charAt(i) <= '9') {
        while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
          i++;
        }
      } else {
        throw err("bad number");
      }
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int d = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          i++;
        }
        if (d == i) {
          throw err("bad number fraction");
        }
      }
      if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
        i++;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
          i++;
        }
        int d = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          i++;
        }
        if (d == i) {
          throw err("bad number exponent");
        }
      }
      return new Any.Float64(Double.parseDouble(s.substring(st, i)));
    }

    String string() {
      i++; // opening quote
      StringBuilder sb = null;
      int runStart = i;
      while (true) {
        if (i >= s.length()) {
          throw err("unterminated string");
        }
        char c = s.charAt(i);
        if (c == '"') {
          String out = sb == null ? s.substring(runStart, i) : sb.append(s, runStart, i).toString();
          i++;
          return out;
        }
        if (c < 0x20) {
          throw err("control character in string");
        }
        if (c == '\\') {
          if (sb == null) {
            sb = new StringBuilder();
          }
          sb.append(s, runStart, i);
          i++;
          if (i >= s.length()) {
            throw err("unterminated escape");
          }
          char e = s.charAt(i++);
          switch (e) {
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case '/' -> sb.append('/');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
              if (i + 4 > s.length()) {
                throw err("bad unicode escape");
              }
              int v = 0;
              for (int k = 0; k < 4; k++) {
                int d = Character.digit(s.charAt(i + k), 16);
                if (d < 0 || s.charAt(i + k) > 'f') {
                  throw err("bad unicode escape");
                }
                v = v * 16 + d;
              }
              i += 4;
              sb.append((char) v);
            }
            default -> throw err("bad escape");
          }
          runStart = i;
          continue;
        }
        i++;
      }
    }
  }

  /**
   * {@code JSON.stringify} of the JavaScript value of {@code a}; returns null where JavaScript returns
   * undefined (top-level undefined). BigInt values throw {@link CrdtDecodeException} (JavaScript throws a
   * TypeError).
   */
  public static String stringify(Any a) {
    if (a instanceof Any.Undefined) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    write(sb, a);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Any a) {
    switch (a) {
      case Any.Undefined u -> sb.append("null"); // only reached inside arrays
      case Any.Null n -> sb.append("null");
      case Any.Bool b -> sb.append(b.value());
      case Any.Int i -> sb.append(i.value());
      case Any.Float32 f -> num(sb, f.jsNumber());
      case Any.Float64 f -> num(sb, f.value());
      case Any.BigInt64 b -> throw new CrdtDecodeException("a BigInt cannot be written as JSON text");
      case Any.Str s -> quote(sb, s.value());
      case Any.Bytes b -> {
        sb.append('{');
        byte[] v = b.value();
        for (int k = 0; k < v.length; k++) {
          if (k > 0) {
            sb.append(',');
          }
          sb.append('"').append(k).append("\":").append(v[k] & 0xff);
        }
        sb.append('}');
      }
      case Any.Arr arr -> {
        sb.append('[');
        boolean first = true;
        for (Any v : arr.values()) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          write(sb, v);
        }
        sb.append(']');
      }
      case Any.Obj o -> {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Any> e : JsSemantics.jsPropertyOrder(o.entries(), !o.fromJsonText())) {
          if (e.getValue() instanceof Any.Undefined) {
            continue;
          }
          if (!first) {
            sb.append(',');
          }
          first = false;
          quote(sb, e.getKey());
          sb.append(':');
          write(sb, e.getValue());
        }
        sb.append('}');
      }
    }
  }

  private static void num(StringBuilder sb, double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      sb.append("null");
    } else {
      sb.append(JsSemantics.numberToString(d));
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** JSON.stringify of a string (well-formed: lone surrogates escaped as \\udxxx). */
  public static void quote(StringBuilder sb, String s) {
    sb.append('"');
    int n = s.length();
    for (int k = 0; k < n; k++) {
      char c = s.charAt(k);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            hex(sb, c);
          } else if (Character.isHighSurrogate(c)) {
            if (k + 1 < n && Character.isLowSurrogate(s.charAt(k + 1))) {
              sb.append(c).append(s.charAt(++k));
            } else {
              hex(sb, c);
            }
          } else if (Character.isLowSurrogate(c)) {
            hex(sb, c);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static void hex(StringBuilder sb, char c) {
    sb.append("\\u").append(HEX[(c >> 12) & 15]).append(HEX[(c >> 8) & 15]).append(HEX[(c >> 4) & 15])
        .append(HEX[c & 15]);
  }
}
