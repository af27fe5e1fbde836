package io.epicenter.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigNode;
import io.helidon.config.spi.ConfigSource;

/**
 * Builds the server's configuration with a fixed precedence:
 * CLI flag &gt; environment variable &gt; config file &gt; built-in default.
 *
 * <p>Built-in defaults are the classpath resource {@value #DEFAULTS_RESOURCE} (a copy of
 * {@code config/application.yaml}; a test keeps them equal). Every leaf key of the defaults has an
 * environment variable: {@code EPICENTER_} + the key upper-cased with {@code .} and {@code -} as
 * {@code _}; list keys take a comma-separated value. {@code auth.token} is also
 * {@code EPICENTER_TOKEN}, and the config file can be named by {@code EPICENTER_CONFIG}.
 */
public final class ConfigLoader {

    /** Classpath resource holding every key with its default. */
    public static final String DEFAULTS_RESOURCE = "epicenter-defaults.yaml";
    /** The config file read when no {@code --config} is given, if it exists. */
    public static final Path DEFAULT_FILE = Path.of("config", "application.yaml");
    /** Short environment aliases. */
    private static final Map<String, String> ALIASES = Map.of("EPICENTER_TOKEN", "auth.token",
                                                              "EPICENTER_PORT", "server.port",
                                                              "EPICENTER_HOST", "server.host");

    private ConfigLoader() {
    }

    /**
     * @param cliOverrides config key → value from flags
     * @param configFile explicit config file (must exist), or empty for the default file (optional)
     * @param env the environment (System.getenv() in production)
     * @return the merged configuration
     * @throws IllegalArgumentException when an explicit config file does not exist
     */
    public static Config load(Map<String, String> cliOverrides, Optional<String> configFile, Map<String, String> env) {
        Config defaults = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(ConfigSources.classpath(DEFAULTS_RESOURCE))
                .build();

        List<Supplier<? extends ConfigSource>> sources = new ArrayList<>();
        sources.add(ConfigSources.create(fromOverrides(defaults, cliOverrides)));
        sources.add(ConfigSources.create(fromEnvironment(defaults, env)));
        Optional<String> file = configFile.or(() -> Optional.ofNullable(env.get("EPICENTER_CONFIG")));
        if (file.isPresent()) {
            Path path = Path.of(file.get());
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("config file not found: " + path.toAbsolutePath());
            }
            sources.add(ConfigSources.file(path));
        } else if (Files.isRegularFile(DEFAULT_FILE)) {
            sources.add(ConfigSources.file(DEFAULT_FILE));
        }
        sources.add(ConfigSources.classpath(DEFAULTS_RESOURCE));
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(sources)
                .build();
    }

    /**
     * @param key a config key such as {@code plugins.sync.eviction-delay}
     * @return its environment variable, {@code EPICENTER_PLUGINS_SYNC_EVICTION_DELAY}
     */
    public static String envName(String key) {
        return "EPICENTER_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Flag-style overrides as a config tree. A key {@code some.list.N} whose parent is a list in
     * the defaults becomes element N of that list (a plain map source would make it an object).
     */
    private static ConfigNode.ObjectNode fromOverrides(Config defaults, Map<String, String> overrides) {
        ConfigNode.ObjectNode.Builder out = ConfigNode.ObjectNode.builder();
        Map<String, java.util.TreeMap<Integer, String>> lists = new LinkedHashMap<>();
        overrides.forEach((key, value) -> {
            int dot = key.lastIndexOf('.');
            if (dot > 0 && key.substring(dot + 1).matches("\\d{1,4}")
                    && defaults.get(key.substring(0, dot)).type() == Config.Type.LIST) {
                lists.computeIfAbsent(key.substring(0, dot), k -> new java.util.TreeMap<>())
                        .put(Integer.parseInt(key.substring(dot + 1)), value);
            } else {
                out.addValue(key, value);
            }
        });
        lists.forEach((key, items) -> {
            ConfigNode.ListNode.Builder list = ConfigNode.ListNode.builder();
            items.values().forEach(v -> list.addValue(ConfigNode.ValueNode.create(v)));
            out.addList(key, list.build());
        });
        return out.build();
    }

    private static ConfigNode.ObjectNode fromEnvironment(Config defaults, Map<String, String> env) {
        ConfigNode.ObjectNode.Builder out = ConfigNode.ObjectNode.builder();
        java.util.Set<String> seen = new java.util.HashSet<>();
        defaults.traverse().forEach(node -> {
            String key = node.key().toString();
            String value = env.get(envName(key));
            if (value == null) {
                return;
            }
            if (node.type() == Config.Type.LIST) {
                ConfigNode.ListNode.Builder list = ConfigNode.ListNode.builder();
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        list.addValue(ConfigNode.ValueNode.create(part.trim()));
                    }
                }
                out.addList(key, list.build());
                seen.add(key);
            } else if (node.type() == Config.Type.VALUE) {
                out.addValue(key, value);
                seen.add(key);
            }
        });
        ALIASES.forEach((envName, key) -> {
            String value = env.get(envName);
            if (value != null && seen.add(key)) {
                out.addValue(key, value);
            }
        });
        return out.build();
    }
}
