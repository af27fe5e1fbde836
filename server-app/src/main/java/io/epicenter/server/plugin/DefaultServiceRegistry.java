package io.epicenter.server.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

import io.epicenter.plugin.ServiceRegistry;

/**
 * The host's {@link ServiceRegistry}: published instances plus ServiceLoader lookups in the
 * application class path and every plugin class loader. Thread-safe (copy-on-write list; writes
 * happen at startup).
 */
public final class DefaultServiceRegistry implements ServiceRegistry {

    private record Entry(Class<?> type, Object service) {
    }

    private final List<Entry> published = new CopyOnWriteArrayList<>();
    private final ClassLoader appLoader;
    private final List<ClassLoader> pluginLoaders;

    /**
     * @param appLoader the application class loader
     * @param pluginLoaders the class loaders of the plugins directory
     */
    public DefaultServiceRegistry(ClassLoader appLoader, List<ClassLoader> pluginLoaders) {
        this.appLoader = appLoader;
        this.pluginLoaders = List.copyOf(pluginLoaders);
    }

    @Override
    public <T> void publish(Class<T> type, T service) {
        published.add(new Entry(type, type.cast(service)));
    }

    @Override
    public <T> Optional<T> find(Class<T> type) {
        for (int i = published.size() - 1; i >= 0; i--) {
            Entry e = published.get(i);
            if (e.type() == type) {
                return Optional.of(type.cast(e.service()));
            }
        }
        return loaded(type).stream().findFirst();
    }

    @Override
    public <T> List<T> findAll(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Entry e : published) {
            if (e.type() == type) {
                out.add(type.cast(e.service()));
            }
        }
        out.addAll(loaded(type));
        return out;
    }

    private <T> List<T> loaded(Class<T> type) {
        List<T> out = new ArrayList<>();
        ServiceLoader.load(type, appLoader).forEach(out::add);
        for (ClassLoader loader : pluginLoaders) {
            ServiceLoader.load(type, loader).stream()
                    .filter(p -> p.type().getClassLoader() == loader)
                    .forEach(p -> out.add(p.get()));
        }
        return out;
    }
}
