package io.epicenter.server.plugin;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.epicenter.plugin.EpicenterPlugin;
import io.epicenter.server.EpicenterServer;
import io.epicenter.server.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drop-in plugins: real jars built by the test, loaded by the real server. */
class PluginDiscoveryTest {

    private static final String SPI = EpicenterPlugin.class.getName();

    @TempDir
    Path plugins;

    private Path helloJar(Path where, String name) throws IOException {
        return PluginJars.build(where,
                                Map.of("sample." + name.replace('-', '_') + ".Plugin",
                                       PluginJars.simplePlugin("sample." + name.replace('-', '_'), name, "\"hello from " + name + "\"")),
                                Map.of(SPI, "sample." + name.replace('-', '_') + ".Plugin"));
    }

    /** A plugin directory: plugin jar + dependency jar; publishes a Function service. */
    private void greeterDirectory() throws IOException {
        Path dir = plugins.resolve("greeter");
        Path dep = PluginJars.build(dir.resolve("lib/greeting-lib.jar"),
                                    Map.of("sample.lib.Greeting", """
                                            package sample.lib;
                                            public final class Greeting {
                                                public static String of(String who) { return "greetings, " + who; }
                                            }
                                            """), Map.of());
        PluginJars.build(dir.resolve("greeter-plugin.jar"), Map.of("sample.greeter.Plugin", """
                package sample.greeter;
                import java.util.function.Function;
                public class Plugin implements io.epicenter.plugin.EpicenterPlugin {
                    public String name() { return "greeter"; }
                    public void start(io.epicenter.plugin.PluginContext ctx) {
                        Function<String, String> f = sample.lib.Greeting::of;
                        ctx.registry().publish(Function.class, f);
                    }
                    public void routes(io.epicenter.plugin.Routes routes) {
                        routes.get("/greeter", (req, res) -> res.send(sample.lib.Greeting.of("world")));
                        routes.get("/greeter/loaders", (req, res) -> res.send(
                            (io.epicenter.plugin.EpicenterPlugin.class.getClassLoader() == ClassLoader.getSystemClassLoader()
                                || io.epicenter.plugin.EpicenterPlugin.class.getClassLoader() == getClass().getClassLoader().getParent())
                            + " " + (sample.lib.Greeting.class.getClassLoader() == getClass().getClassLoader())));
                    }
                }
                """), Map.of(SPI, "sample.greeter.Plugin"), dep);
        // a second plugin that finds the greeter's service through the registry (no import of greeter classes)
        PluginJars.build(plugins.resolve("consumer.jar"), Map.of("sample.consumer.Plugin", """
                package sample.consumer;
                import java.util.function.Function;
                public class Plugin implements io.epicenter.plugin.EpicenterPlugin {
                    private io.epicenter.plugin.ServiceRegistry registry;
                    public String name() { return "consumer"; }
                    public void start(io.epicenter.plugin.PluginContext ctx) { registry = ctx.registry(); }
                    @SuppressWarnings("unchecked")
                    public void routes(io.epicenter.plugin.Routes routes) {
                        routes.get("/consumer", (req, res) -> res.send(
                            ((Function<String, String>) registry.find(Function.class).orElseThrow()).apply("consumer")));
                    }
                }
                """), Map.of(SPI, "sample.consumer.Plugin"));
    }

    @Test
    void jarAndDirectoryPluginsLoadAndServeRoutes() throws IOException {
        helloJar(plugins.resolve("hello.jar"), "hello");
        greeterDirectory();
        EpicenterServer server = TestServers.start(Map.of("server.plugins-dir", plugins.toString()));
        try {
            assertThat(TestServers.get(server, "/hello").body()).isEqualTo("hello from hello");
            assertThat(TestServers.get(server, "/greeter").body()).isEqualTo("greetings, world");
            assertThat(TestServers.get(server, "/consumer").body()).isEqualTo("greetings, consumer");
            assertThat(TestServers.get(server, "/").body()).contains("\"hello\"", "\"greeter\"", "\"consumer\"");
        } finally {
            server.stop();
        }
    }

    @Test
    void classLoaderSharingRule() throws IOException {
        greeterDirectory();
        helloJar(plugins.resolve("hello.jar"), "hello");
        PluginDiscovery.Result found = PluginDiscovery.discover(plugins, getClass().getClassLoader());
        // one loader per plugins/ entry, each a child of the application loader
        assertThat(found.loaders()).hasSize(3);
        for (ClassLoader loader : found.loaders()) {
            assertThat(loader).isInstanceOf(URLClassLoader.class);
            assertThat(loader.getParent()).isSameAs(getClass().getClassLoader());
        }
        LoadedPlugin greeter = found.plugins().stream().filter(p -> p.name().equals("greeter")).findFirst().orElseThrow();
        ClassLoader own = greeter.plugin().getClass().getClassLoader();
        assertThat(own.getParent()).isSameAs(getClass().getClassLoader());
        // shared: the SPI (and with it Helidon, crdt, the JDK) comes from the application loader
        assertThat(loadFrom(own, EpicenterPlugin.class.getName()).getClassLoader()).isSameAs(EpicenterPlugin.class.getClassLoader());
        assertThat(loadFrom(own, "io.helidon.webserver.http.Handler").getClassLoader())
                .isSameAs(io.helidon.webserver.http.Handler.class.getClassLoader());
        // private: the plugin's dependency is visible to it, not to the host nor to other plugins
        assertThat(loadFrom(own, "sample.lib.Greeting").getClassLoader()).isSameAs(own);
        assertThatThrownBy(() -> Class.forName("sample.lib.Greeting", false, getClass().getClassLoader()))
                .isInstanceOf(ClassNotFoundException.class);
        LoadedPlugin hello = found.plugins().stream().filter(p -> p.name().equals("hello")).findFirst().orElseThrow();
        assertThatThrownBy(() -> Class.forName("sample.lib.Greeting", false, hello.plugin().getClass().getClassLoader()))
                .isInstanceOf(ClassNotFoundException.class);
    }

    private static Class<?> loadFrom(ClassLoader loader, String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void disabledPluginAnswers404AndLosesItsHealthCheck() throws IOException {
        helloJar(plugins.resolve("hello.jar"), "hello");
        EpicenterServer server = TestServers.start(Map.of("server.plugins-dir", plugins.toString(),
                                                          "plugins.hello.enabled", "false"));
        try {
            assertThat(TestServers.get(server, "/hello").statusCode()).isEqualTo(404);
            assertThat(TestServers.get(server, "/observe/health").body()).doesNotContain("\"hello\"");
            assertThat(TestServers.get(server, "/").body()).doesNotContain("\"hello\"");
        } finally {
            server.stop();
        }
    }

    @Test
    void duplicateNamesFailStartupNamingBoth() throws IOException {
        helloJar(plugins.resolve("a-hello.jar"), "hello");
        helloJar(plugins.resolve("b-hello.jar"), "hello");
        assertThatThrownBy(() -> TestServers.start(Map.of("server.plugins-dir", plugins.toString())))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("two plugins are named 'hello'")
                .hasMessageContaining("a-hello.jar")
                .hasMessageContaining("b-hello.jar")
                .hasMessageContaining("Plugins found:");
    }

    @Test
    void missingEnabledPluginFailsStartupListingWhatWasFound() throws IOException {
        helloJar(plugins.resolve("hello.jar"), "hello");
        assertThatThrownBy(() -> TestServers.start(Map.of("server.plugins-dir", plugins.toString(),
                                                          "plugins.audit.enabled", "true")))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("plugin 'audit' is enabled in config")
                .hasMessageContaining("hello (" + plugins.resolve("hello.jar"));
    }

    @Test
    void brokenPluginJarFailsStartupNamingTheJar() throws IOException {
        Path bad = plugins.resolve("broken.jar");
        PluginJars.build(bad, Map.of("sample.broken.Other", "package sample.broken; public class Other {}"),
                         Map.of(SPI, "sample.broken.DoesNotExist"));
        assertThatThrownBy(() -> TestServers.start(Map.of("server.plugins-dir", plugins.toString())))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("broken.jar");
    }

    @Test
    void emptyOrMissingPluginsDirectoryIsFine() {
        PluginDiscovery.Result found = PluginDiscovery.discover(plugins.resolve("nope"), getClass().getClassLoader());
        assertThat(found.loaders()).isEmpty();
        assertThat(found.plugins()).extracting(LoadedPlugin::source).containsOnly("classpath");
        assertThat(List.of(Files.exists(plugins))).containsExactly(true);
    }
}
