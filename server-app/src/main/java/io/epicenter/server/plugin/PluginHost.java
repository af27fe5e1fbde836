package io.epicenter.server.plugin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.epicenter.plugin.EpicenterPlugin;
import io.epicenter.plugin.PluginContext;
import io.epicenter.plugin.ServiceRegistry;
import io.epicenter.plugin.auth.AuthSettings;
import io.helidon.config.Config;
import io.helidon.health.HealthCheck;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;

/**
 * Decides which discovered plugins run, and drives their lifecycle: start (publish services),
 * routes, health checks, status, stop (reverse order). All lifecycle calls happen on the thread
 * that builds or stops the server.
 */
public final class PluginHost {

    private static final System.Logger LOG = System.getLogger(PluginHost.class.getName());

    private final List<LoadedPlugin> enabled;
    private final List<LoadedPlugin> disabled;
    private final ServiceRegistry registry;
    private final List<HealthCheck> healthChecks = new ArrayList<>();

    /**
     * Validates the discovered plugins against config.
     *
     * @param found what discovery found
     * @param config the root config
     * @param registry the shared registry
     * @throws PluginLoadException on duplicate names or a plugin enabled in config but absent
     */
    public PluginHost(PluginDiscovery.Result found, Config config, ServiceRegistry registry) {
        this.registry = registry;
        Map<String, LoadedPlugin> byName = new LinkedHashMap<>();
        for (LoadedPlugin p : found.plugins()) {
            LoadedPlugin previous = byName.putIfAbsent(p.name(), p);
            if (previous != null) {
                throw new PluginLoadException("two plugins are named '" + p.name() + "': " + previous.source()
                        + " and " + p.source() + "; remove one. Plugins found: " + describe(found.plugins()));
            }
        }
        Config pluginsConfig = config.get("plugins");
        for (Config node : pluginsConfig.asNodeList().orElse(List.of())) {
            String name = node.name();
            boolean explicitlyEnabled = node.get("enabled").asBoolean().orElse(false);
            if (explicitlyEnabled && !byName.containsKey(name)) {
                throw new PluginLoadException("plugin '" + name + "' is enabled in config (plugins." + name
                        + ".enabled) but was not found on the class path or in the plugins directory. Plugins found: "
                        + describe(found.plugins()));
            }
        }
        List<LoadedPlugin> on = new ArrayList<>();
        List<LoadedPlugin> off = new ArrayList<>();
        for (LoadedPlugin p : byName.values()) {
            boolean isEnabled = pluginsConfig.get(p.name()).get("enabled").asBoolean().orElse(true);
            (isEnabled ? on : off).add(p);
        }
        this.enabled = List.copyOf(on);
        this.disabled = List.copyOf(off);
    }

    private static String describe(List<LoadedPlugin> plugins) {
        return plugins.isEmpty() ? "(none)" : plugins.stream().map(LoadedPlugin::toString).collect(Collectors.joining(", "));
    }

    /**
     * Start every enabled plugin, then let each register routes, then collect health checks.
     *
     * @param config root config
     * @param auth shared auth settings
     * @param http the HTTP routing to add to
     * @param ws the WebSocket routing to add to
     */
    public void startAll(Config config, AuthSettings auth, HttpRouting.Builder http, WsRouting.Builder ws) {
        for (LoadedPlugin p : disabled) {
            LOG.log(System.Logger.Level.INFO, "plugin disabled: name=" + p.name() + " source=" + p.source());
        }
        for (LoadedPlugin p : enabled) {
            PluginContext ctx = new Context(config.get("plugins").get(p.name()), config, registry, auth, p.source());
            try {
                p.plugin().start(ctx);
            } catch (RuntimeException e) {
                throw new PluginLoadException("plugin '" + p.name() + "' from " + p.source() + " failed to start: " + e, e);
            }
            LOG.log(System.Logger.Level.INFO, "plugin loaded: name=" + p.name() + " source=" + p.source());
        }
        for (LoadedPlugin p : enabled) {
            p.plugin().routes(new LoggingRoutes(p.name(), http, ws));
        }
        for (LoadedPlugin p : enabled) {
            healthChecks.addAll(p.plugin().healthChecks());
        }
    }

    /** @return health checks of enabled plugins */
    public List<HealthCheck> healthChecks() {
        return List.copyOf(healthChecks);
    }

    /** @return enabled plugins, in start order */
    public List<LoadedPlugin> enabled() {
        return enabled;
    }

    /** @return status of every enabled plugin, by name */
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (LoadedPlugin p : enabled) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("source", p.source());
            try {
                entry.putAll(p.plugin().status());
            } catch (RuntimeException e) {
                entry.put("error", e.toString());
            }
            out.put(p.name(), entry);
        }
        return out;
    }

    /** Stop plugins in reverse start order; a failing plugin does not keep the others from stopping. */
    public void stopAll() {
        List<LoadedPlugin> reversed = new ArrayList<>(enabled);
        Collections.reverse(reversed);
        for (LoadedPlugin p : reversed) {
            try {
                p.plugin().stop();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "plugin stop failed: name=" + p.name() + " error=" + e);
            }
        }
    }

    private record Context(Config config, Config rootConfig, ServiceRegistry registry, AuthSettings auth, String source)
            implements PluginContext {
    }
}
