package io.epicenter.server.plugin;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import io.epicenter.plugin.EpicenterPlugin;

/**
 * Finds plugins on the application class path and in the plugins directory.
 *
 * <p>Class-loader sharing rule: every entry of the plugins directory (a single jar, or a
 * directory {@code plugins/<name>/} holding the plugin jar and its dependency jars) gets its own
 * {@link URLClassLoader} whose parent is the application class loader. The parent provides the
 * JDK, Helidon, {@code plugin-api} and {@code crdt}, so those types are shared by host and
 * plugins; everything else is private to the plugin, and two plugins may carry different versions
 * of the same library. A test pins this rule.
 */
public final class PluginDiscovery {

    /**
     * What was found.
     *
     * @param plugins plugin instances with their source
     * @param loaders the class loaders of the plugins directory (also used to find services in
     *                library jars that hold no plugin, e.g. workspace actions)
     */
    public record Result(List<LoadedPlugin> plugins, List<ClassLoader> loaders) {
    }

    private PluginDiscovery() {
    }

    /**
     * @param pluginsDir the plugins directory (may not exist)
     * @param appLoader the application class loader
     * @return the plugins found, classpath ones first, then directory entries in name order
     * @throws PluginLoadException when a plugin cannot be loaded; the message names its source
     */
    public static Result discover(Path pluginsDir, ClassLoader appLoader) {
        List<LoadedPlugin> plugins = new ArrayList<>();
        List<ClassLoader> loaders = new ArrayList<>();
        load(appLoader, null, "classpath", plugins);
        if (Files.isDirectory(pluginsDir)) {
            for (Path entry : list(pluginsDir)) {
                List<Path> jars;
                if (Files.isDirectory(entry)) {
                    jars = jarsIn(entry);
                } else if (entry.getFileName().toString().endsWith(".jar")) {
                    jars = List.of(entry);
                } else {
                    continue; // README.md and the like
                }
                if (jars.isEmpty()) {
                    continue;
                }
                URLClassLoader loader = new URLClassLoader("plugin:" + entry.getFileName(), urls(jars), appLoader);
                loaders.add(loader);
                load(loader, loader, entry.toString(), plugins);
            }
        }
        return new Result(List.copyOf(plugins), List.copyOf(loaders));
    }

    private static void load(ClassLoader loader, ClassLoader own, String source, List<LoadedPlugin> out) {
        try {
            ServiceLoader.load(EpicenterPlugin.class, loader).stream()
                    // a plugin loader also sees the parent's providers; keep only its own
                    .filter(p -> own == null || p.type().getClassLoader() == own)
                    .forEach(p -> out.add(new LoadedPlugin(instantiate(p, source), source)));
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginLoadException("cannot load plugin from " + source + ": " + e, e);
        }
    }

    private static EpicenterPlugin instantiate(ServiceLoader.Provider<EpicenterPlugin> p, String source) {
        try {
            EpicenterPlugin plugin = p.get();
            String name = plugin.name();
            if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
                throw new PluginLoadException("plugin " + p.type().getName() + " from " + source
                        + " has an invalid name '" + name + "' (use lower case letters, digits and dashes)");
            }
            return plugin;
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginLoadException("cannot load plugin " + p.type().getName() + " from " + source + ": " + e, e);
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new PluginLoadException("cannot read plugins directory " + dir + ": " + e, e);
        }
    }

    private static List<Path> jarsIn(Path dir) {
        try (Stream<Path> s = Files.walk(dir, 2)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new PluginLoadException("cannot read plugin directory " + dir + ": " + e, e);
        }
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new PluginLoadException("bad plugin path " + jars.get(i), e);
            }
        }
        return urls;
    }
}
