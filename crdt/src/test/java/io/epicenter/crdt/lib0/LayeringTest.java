package io.epicenter.crdt.lib0;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** lib0 &lt; id &lt; struct &lt; update (&lt; doc): a package never references a higher one. */
class LayeringTest {
  static final List<String> LAYERS = List.of("lib0", "id", "struct", "update", "doc");
  static final Pattern REF = Pattern.compile("io\\.epicenter\\.crdt\\.([a-z0-9]+)");

  @Test
  void lowerPackagesDoNotReferenceHigherOnes() throws IOException {
    Path root = Path.of(System.getProperty("basedir", "."), "src/main/java/io/epicenter/crdt");
    for (String layer : LAYERS.subList(0, 4)) {
      int level = LAYERS.indexOf(layer);
      try (Stream<Path> files = Files.list(root.resolve(layer))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher m = REF.matcher(Files.readString(f));
          while (m.find()) {
            int target = LAYERS.indexOf(m.group(1));
            assertThat(target).as("%s references io.epicenter.crdt.%s", f.getFileName(), m.group(1))
                .isLessThanOrEqualTo(level);
          }
        }
      }
    }
  }
}
