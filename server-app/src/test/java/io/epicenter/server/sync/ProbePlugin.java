package io.epicenter.server.sync;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Builds a real drop-in plugin jar ("probe") that uses the sync plugin only through the shared SPI:
 * it publishes an {@code Authorizer} (token "reader" → READ_ONLY, "writer" → READ_WRITE, else DENY)
 * and, through {@code RoomsService}, serves {@code GET /probe/state/{room}} (base64 state),
 * {@code POST /probe/update/{room}} (base64 update body, applied with origin "probe") and the full
 * sync protocol at {@code /probe/ws/{room}}.
 */
final class ProbePlugin {

    private ProbePlugin() {
    }

    static final String SOURCE = """
            package probe;

            import java.util.Base64;
            import io.epicenter.plugin.*;
            import io.epicenter.plugin.auth.*;
            import io.epicenter.plugin.rooms.*;

            public class Probe implements EpicenterPlugin {
                private ServiceRegistry registry;
                public String name() { return "probe"; }
                public void start(PluginContext ctx) {
                    registry = ctx.registry();
                    registry.publish(Authorizer.class, (room, token, headers) ->
                            "reader".equals(token) ? Access.READ_ONLY : "writer".equals(token) ? Access.READ_WRITE : Access.DENY);
                }
                public void routes(Routes routes) {
                    RoomsService rooms = registry.find(RoomsService.class).orElseThrow();
                    routes.get("/probe/state/{room}", (req, res) -> res.send(Base64.getEncoder().encodeToString(
                            rooms.encodeState(req.path().pathParameters().get("room"), null).join())));
                    routes.post("/probe/update/{room}", (req, res) -> {
                        byte[] update = Base64.getDecoder().decode(req.content().as(String.class));
                        try {
                            rooms.applyUpdate(req.path().pathParameters().get("room"), update, "probe").join();
                            res.send("ok");
                        } catch (java.util.concurrent.CompletionException e) {
                            res.status(io.helidon.http.Status.BAD_REQUEST_400).send(String.valueOf(e.getCause().getMessage()));
                        }
                    });
                    routes.websocket("/probe/ws/{room}", () -> rooms.listener((prologue, headers) -> {
                        String p = prologue.uriPath().rawPath();
                        return "probe:" + p.substring(p.lastIndexOf('/') + 1);
                    }));
                }
            }
            """;

    /** @return a plugins directory holding the probe plugin jar */
    static Path build(Path dir) throws IOException {
        Path classes = Files.createTempDirectory("probe-classes");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        SimpleJavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///probe/Probe.java"),
                                                             SimpleJavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return SOURCE;
            }
        };
        java.io.StringWriter diagnostics = new java.io.StringWriter();
        boolean ok = compiler.getTask(diagnostics, null, null,
                                      List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
                                              "--release", "21", "-proc:none"),
                                      null, List.of(unit)).call();
        if (!ok) {
            throw new IllegalStateException("probe plugin did not compile:\n" + diagnostics);
        }
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plugins.resolve("probe.jar")));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/io.epicenter.plugin.EpicenterPlugin"));
            out.write("probe.Probe\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return plugins;
    }
}
