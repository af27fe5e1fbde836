package io.epicenter.server.plugin;

/** Startup must stop: a plugin is missing, duplicated or cannot be loaded. The message names the culprit. */
public final class PluginLoadException extends RuntimeException {
    public PluginLoadException(String message) {
        super(message);
    }

    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
