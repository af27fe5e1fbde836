package io.epicenter.plugin;

import java.util.List;
import java.util.Map;

import io.helidon.health.HealthCheck;

/**
 * A unit of server functionality, found with {@link java.util.ServiceLoader}.
 *
 * <p>What a plugin author must know:
 * <ul>
 *   <li>Register the implementation in {@code META-INF/services/io.epicenter.plugin.EpicenterPlugin}.
 *       It needs a public no-argument constructor, which must not do any work.</li>
 *   <li>The host calls, in this order and on one thread: {@link #start} on every enabled plugin
 *       (publish your services to the registry here), then {@link #routes} on every plugin (look
 *       up other plugins' services here or later, never in {@code start}), then {@link #healthChecks}.
 *       At shutdown {@link #stop} is called in reverse order, before the web server stops, so
 *       open WebSockets can still be closed cleanly.</li>
 *   <li>{@link #name()} is the plugin's identity: its config lives under {@code plugins.<name>},
 *       and {@code plugins.<name>.enabled: false} keeps the plugin from being started at all.
 *       Names are unique; two plugins with one name stop the server from starting.</li>
 *   <li>Every method but {@link #name()} has a default, and new methods will only ever be added
 *       with defaults, so a plugin built against an older SPI keeps working.</li>
 * </ul>
 */
public interface EpicenterPlugin {

    /** Unique, stable name; lower case, digits and dashes (e.g. {@code sync}). */
    String name();

    /**
     * Called once before any routes are registered. Read config, create state, and publish the
     * services other plugins may use via {@link PluginContext#registry()}.
     *
     * @param context the host's context for this plugin
     */
    default void start(PluginContext context) {
    }

    /**
     * Add HTTP routes, filters and WebSocket endpoints. Called once, after every plugin's
     * {@link #start}.
     *
     * @param routes where to register
     */
    default void routes(Routes routes) {
    }

    /**
     * Health checks to publish under {@code /observe/health}. Called once after {@link #routes}.
     *
     * @return checks (liveness or readiness, by {@link HealthCheck#type()})
     */
    default List<HealthCheck> healthChecks() {
        return List.of();
    }

    /**
     * A small JSON-serializable summary merged into {@code GET /} under the plugin's name
     * (numbers, strings, booleans, lists and maps of them). Called on every request: keep it cheap.
     *
     * @return status entries
     */
    default Map<String, Object> status() {
        return Map.of();
    }

    /**
     * Release resources; called once at shutdown while the web server still runs. Close your
     * WebSockets with 1001 and flush what must be durable. Must return within a few seconds.
     */
    default void stop() {
    }
}
