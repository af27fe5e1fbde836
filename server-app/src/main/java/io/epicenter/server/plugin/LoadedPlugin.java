package io.epicenter.server.plugin;

import io.epicenter.plugin.EpicenterPlugin;

/**
 * A plugin instance and where it came from.
 *
 * @param plugin the instance
 * @param source {@code classpath} or the jar / directory path
 */
public record LoadedPlugin(EpicenterPlugin plugin, String source) {

    /** @return the plugin's name */
    public String name() {
        return plugin.name();
    }

    @Override
    public String toString() {
        return plugin.name() + " (" + source + ")";
    }
}
