package io.epicenter.plugin;

import io.epicenter.plugin.auth.AuthSettings;
import io.helidon.config.Config;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;

/**
 * What the host hands to a plugin in {@link EpicenterPlugin#start}.
 *
 * <p>Config values follow the host's precedence (CLI flag &gt; environment &gt; config file &gt;
 * built-in default). Durations are ISO-8601 ({@code PT60S}); relative paths are relative to the
 * working directory.
 */
public interface PluginContext {

    /** @return this plugin's config node, {@code plugins.<name>} (may be empty, never null) */
    Config config();

    /** @return the whole configuration, for shared keys such as {@code storage.*} */
    Config rootConfig();

    /** @return the registry through which plugins publish and find services */
    ServiceRegistry registry();

    /** @return the shared auth settings ({@code auth.token}); every plugin reads auth from here */
    AuthSettings auth();

    /**
     * Where to register meters. They are served as Prometheus/OpenMetrics text at
     * {@code /observe/metrics}; follow Prometheus naming ({@code epicenter_<plugin>_<what>_<unit>}).
     *
     * @return the server's meter registry
     */
    default MeterRegistry meters() {
        return Metrics.globalRegistry();
    }

    /** @return where this plugin was loaded from (e.g. {@code classpath} or a jar path), for logs */
    String source();
}
