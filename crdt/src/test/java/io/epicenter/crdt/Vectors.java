package io.epicenter.crdt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Loads the golden vectors from {@code ${epicenter.shared}/vectors}. */
public final class Vectors {
  private Vectors() {}

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, JsonNode> CACHE = new HashMap<>();

  public static Path dir() {
    String shared = System.getProperty("epicenter.shared");
    if (shared == null) {
      shared = "../../shared";
    }
    return Path.of(shared, "vectors");
  }

  public static synchronized JsonNode load(String file) {
    return CACHE.computeIfAbsent(file, f -> {
      try {
        return MAPPER.readTree(dir().resolve(f).toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  public static byte[] b64(JsonNode n) {
    return Base64.getDecoder().decode(n.asText());
  }

  public static List<byte[]> b64List(JsonNode arr) {
    List<byte[]> out = new ArrayList<>();
    for (JsonNode n : arr) {
      out.add(b64(n));
    }
    return out;
  }

  public static String hex(byte[] b) {
    return HexFormat.ofDelimiter(" ").formatHex(b);
  }

  /** Every V1 update in the V1 vector files, with a label. */
  public static List<Map.Entry<String, byte[]>> allV1Updates() {
    List<Map.Entry<String, byte[]>> out = new ArrayList<>();
    for (JsonNode c : load("updates-basic.json").get("cases")) {
      String name = c.get("name").asText();
      int i = 0;
      for (JsonNode u : c.get("updates")) {
        out.add(Map.entry("basic:" + name + "#" + i++, b64(u)));
      }
      out.add(Map.entry("basic:" + name + "#encodedState", b64(c.get("expected").get("encodedState"))));
    }
    int s = 0;
    for (JsonNode c : load("random-fuzz.json").get("sessions")) {
      int i = 0;
      for (JsonNode u : c.get("updates")) {
        out.add(Map.entry("fuzz:" + s + "#" + i++, b64(u)));
      }
      out.add(Map.entry("fuzz:" + s + "#encodedState", b64(c.get("expected").get("encodedState"))));
      s++;
    }
    for (JsonNode c : load("merge-diff.json").get("cases")) {
      String name = c.get("name").asText();
      int i = 0;
      for (JsonNode u : c.get("updates")) {
        out.add(Map.entry("merge:" + name + "#" + i++, b64(u)));
      }
      out.add(Map.entry("merge:" + name + "#merged", b64(c.get("merged"))));
      int d = 0;
      for (JsonNode df : c.get("diffs")) {
        out.add(Map.entry("merge:" + name + "#diff" + d++, b64(df.get("diff"))));
      }
    }
    return out;
  }
}
