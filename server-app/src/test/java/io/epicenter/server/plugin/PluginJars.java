package io.epicenter.server.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** Builds real plugin jars in tests: compiles Java sources with the JDK compiler and packs them. */
public final class PluginJars {

    private PluginJars() {
    }

    /**
     * @param jar the jar to write
     * @param sources fully qualified class name → source
     * @param services service interface name → implementation class name (META-INF/services)
     * @param extraClasspath more jars to compile against (e.g. a dependency jar)
     * @return the jar path
     */
    public static Path build(Path jar, Map<String, String> sources, Map<String, String> services, Path... extraClasspath)
            throws IOException {
        Path classes = Files.createTempDirectory("plugin-classes");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<SimpleJavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + name.replace('.', '/') + ".java"), SimpleJavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        }));
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        for (Path p : extraClasspath) {
            cp.append(java.io.File.pathSeparator).append(p);
        }
        List<String> options = List.of("-d", classes.toString(), "-classpath", cp.toString(), "--release", "21",
                                       "-proc:none");
        java.io.StringWriter diagnostics = new java.io.StringWriter();
        Boolean ok = compiler.getTask(diagnostics, null, null, options, null, units).call();
        if (!ok) {
            throw new IllegalStateException("sample plugin did not compile:\n" + diagnostics);
        }
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            for (Map.Entry<String, String> s : services.entrySet()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + s.getKey()));
                write(out, s.getValue() + "\n");
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A plugin named {@code name} serving {@code GET /<name>} with {@code body}. */
    static String simplePlugin(String pkg, String name, String body) {
        return """
                package %s;
                public class Plugin implements io.epicenter.plugin.EpicenterPlugin {
                    public String name() { return "%s"; }
                    public void routes(io.epicenter.plugin.Routes routes) {
                        routes.get("/%s", (req, res) -> res.send(%s));
                    }
                }
                """.formatted(pkg, name, name, body);
    }
}
