package io.epicenter.server.cli;

/**
 * One command-line flag of {@code epicenter serve} and the config key it sets.
 *
 * @param name the flag, e.g. {@code --port}
 * @param configKey the config key it overrides, e.g. {@code server.port}; null for flags the
 *                  launcher itself consumes (such as {@code --config})
 * @param valueName placeholder shown in usage
 * @param help one-line description
 */
public record Flag(String name, String configKey, String valueName, String help) {
}
