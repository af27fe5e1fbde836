package io.epicenter.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.epicenter.plugin.auth.Access;
import io.epicenter.plugin.auth.AuthSettings;
import io.epicenter.plugin.auth.Authorizer;
import io.epicenter.server.http.RootEndpoint;
import io.epicenter.server.plugin.DefaultServiceRegistry;
import io.epicenter.server.plugin.PluginDiscovery;
import io.epicenter.server.plugin.PluginHost;
import io.helidon.config.Config;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.websocket.WsRouting;

/**
 * The production wiring: discovers plugins, builds routing, health and the web server. {@link Main}
 * and the tests both go through {@link #setup}.
 */
public final class EpicenterServer {

    private static final System.Logger LOG = System.getLogger(EpicenterServer.class.getName());

    private final PluginHost host;
    private final Duration shutdownGrace;
    private volatile WebServer server;

    private EpicenterServer(PluginHost host, Duration shutdownGrace) {
        this.host = host;
        this.shutdownGrace = shutdownGrace;
    }

    /**
     * Configure a web server builder with everything Epicenter serves. Used by {@link Main} and by
     * tests ({@code @SetUpServer}).
     *
     * @param builder the server builder to configure
     * @param config the root config (see {@code ConfigLoader})
     * @param appLoader the application class loader (parent of plugin loaders)
     * @return the server handle (its plugins are started; call {@link #stop()} to stop them)
     */
    public static EpicenterServer setup(WebServerConfig.Builder builder, Config config, ClassLoader appLoader) {
        Config serverConfig = config.get("server");
        AuthSettings auth = new AuthSettings(config.get("auth.token").asString().asOptional());
        Path pluginsDir = Path.of(serverConfig.get("plugins-dir").asString().orElse("plugins"));

        PluginDiscovery.Result found = PluginDiscovery.discover(pluginsDir, appLoader);
        DefaultServiceRegistry registry = new DefaultServiceRegistry(appLoader, found.loaders());
        registry.publish(AuthSettings.class, auth);
        registry.publish(Authorizer.class, (room, token, headers) -> auth.accepts(token) ? Access.READ_WRITE : Access.DENY);
        PluginHost host = new PluginHost(found, config, registry);

        HttpRouting.Builder http = HttpRouting.builder();
        WsRouting.Builder ws = WsRouting.builder();
        host.startAll(config, auth, http, ws);
        http.get("/", new RootEndpoint(host, version())::handle);

        // Helidon's own service discovery would add features we do not control (brief P3)
        builder.config(serverConfig)
                .featuresDiscoverServices(false)
                .shutdownHook(false)
                .routing(http)
                .addRouting(ws)
                .addFeature(ObserveFeature.builder()
                                    .addObserver(HealthObserver.builder()
                                                         .details(true)
                                                         .useSystemServices(false)
                                                         .addCheck(pluginsCheck(host))
                                                         .addChecks(host.healthChecks().toArray(HealthCheck[]::new))
                                                         .build())
                                    // Prometheus/OpenMetrics text at /observe/metrics (Helidon's global registry)
                                    .addObserver(MetricsObserver.create())
                                    .build());
        Duration grace = serverConfig.get("shutdown-grace").as(Duration.class).orElse(Duration.ofSeconds(5));
        return new EpicenterServer(host, grace);
    }

    /**
     * Build and start a server from config (the CLI's path).
     *
     * @param config root config
     * @return the running server
     */
    public static EpicenterServer start(Config config) {
        WebServerConfig.Builder builder = WebServer.builder();
        EpicenterServer es = setup(builder, config, EpicenterServer.class.getClassLoader());
        try {
            es.server = builder.build().start();
        } catch (RuntimeException e) {
            es.host.stopAll();
            throw e;
        }
        String host = config.get("server.host").asString().orElse("127.0.0.1");
        if (config.get("auth.token").asString().orElse("").isEmpty() && !isLoopback(host)) {
            LOG.log(System.Logger.Level.WARNING, "serving without a token on non-loopback address " + host
                    + ": anyone who can reach it can read and write every document (set --token or EPICENTER_TOKEN)");
        }
        return es;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    private static HealthCheck pluginsCheck(PluginHost host) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.LIVENESS;
            }

            @Override
            public String name() {
                return "plugins";
            }

            @Override
            public HealthCheckResponse call() {
                HealthCheckResponse.Builder b = HealthCheckResponse.builder().status(true);
                host.enabled().forEach(p -> b.detail(p.name(), p.source()));
                return b.build();
            }
        };
    }

    /** @return the version from the jar manifest, or {@code dev} */
    public static String version() {
        return Optional.ofNullable(EpicenterServer.class.getPackage().getImplementationVersion()).orElse("dev");
    }

    /** @return the bound port (after {@link #start}) */
    public int port() {
        return server.port();
    }

    /** @return the plugin host */
    public PluginHost host() {
        return host;
    }

    /** Graceful stop: plugins first (they close WebSockets with 1001 and flush), then the server. */
    public void stop() {
        long started = System.nanoTime();
        host.stopAll();
        WebServer s = server;
        if (s != null && s.isRunning()) {
            s.stop();
        }
        LOG.log(System.Logger.Level.INFO, "stopped in " + Duration.ofNanos(System.nanoTime() - started).toMillis()
                + " ms (grace " + shutdownGrace.toSeconds() + " s)");
    }

    /** @return the grace period for shutdown */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /** For tests: the list of loaded plugin names. */
    List<String> pluginNames() {
        return host.enabled().stream().map(p -> p.name()).toList();
    }
}
