package io.epicenter.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.plugin.EpicenterPlugin;
import io.epicenter.plugin.PluginContext;
import io.epicenter.plugin.Routes;
import io.epicenter.plugin.auth.Access;
import io.epicenter.plugin.auth.Authorizer;
import io.epicenter.plugin.rooms.RoomsService;
import io.epicenter.sync.room.RoomManager;
import io.epicenter.sync.room.RoomStore;
import io.epicenter.sync.ws.OriginPolicy;
import io.epicenter.sync.ws.RoomIds;
import io.epicenter.sync.ws.SyncFilter;
import io.epicenter.sync.ws.SyncServer;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * The y-websocket sync server: WebSocket {@code /sync/{roomId}}, rooms on demand, the
 * {@link RoomsService} for other plugins.
 *
 * <p>Threads: Helidon's per-connection virtual threads (readers), one writer virtual thread per
 * connection while it has something to send, short-lived virtual threads for closes and
 * evictions, and one platform timer thread ({@code sync-timer}) whose tasks never block (they
 * start virtual threads or queue pings).
 */
public final class SyncPlugin implements EpicenterPlugin {

    private static final System.Logger LOG = System.getLogger("io.epicenter.sync");

    private SyncSettings settings;
    private ScheduledExecutorService timer;
    private RoomManager manager;
    private SyncServer server;
    private SyncRooms rooms;

    /** Required by ServiceLoader; does nothing. */
    public SyncPlugin() {
    }

    @Override
    public String name() {
        return "sync";
    }

    @Override
    public void start(PluginContext context) {
        settings = SyncSettings.from(context.config());
        int frameLimit = context.rootConfig().get("server.protocols.websocket.max-frame-length").asInt().orElse(1024 * 1024);
        if (frameLimit < settings.maxMessageBytes()) {
            LOG.log(System.Logger.Level.WARNING, "server.protocols.websocket.max-frame-length (" + frameLimit
                    + ") is below plugins.sync.max-message-bytes (" + settings.maxMessageBytes()
                    + "): unfragmented messages above it are closed by Helidon with 1009");
        }
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "sync-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        timer = t;
        DecodeLimits limits = DecodeLimits.defaults();
        manager = new RoomManager(RoomStore.NONE, settings.evictionDelay(), timer, limits);
        server = new SyncServer(settings, manager, timer, limits,
                                () -> context.registry().find(Authorizer.class)
                                        .orElse((room, token, headers) -> context.auth().accepts(token) ? Access.READ_WRITE : Access.DENY));
        rooms = new SyncRooms(manager, server);
        context.registry().publish(RoomsService.class, rooms);
        LOG.log(System.Logger.Level.INFO, "sync settings: " + settings + " auth=" + (context.auth().enabled() ? "token" : "none"));
    }

    @Override
    public void routes(Routes routes) {
        routes.filter(new SyncFilter(new OriginPolicy(settings.allowedOrigins())));
        routes.websocket("/sync/{roomId}", () -> server.listener(
                (prologue, headers) -> RoomIds.fromRawPath(prologue.uriPath().rawPath()), null));
    }

    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.LIVENESS;
            }

            @Override
            public String name() {
                return "sync";
            }

            @Override
            public HealthCheckResponse call() {
                return HealthCheckResponse.builder()
                        .status(true)
                        .detail("rooms", manager.roomCount())
                        .detail("connections", server.connectionCount())
                        .build();
            }
        });
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rooms", manager.roomCount());
        out.put("connections", server.connectionCount());
        Map<String, Object> byState = new LinkedHashMap<>();
        manager.countByState().forEach((state, n) -> byState.put(state.name().toLowerCase(java.util.Locale.ROOT), n));
        out.put("roomsByState", byState);
        return out;
    }

    @Override
    public void stop() {
        if (server == null) {
            return;
        }
        server.stop();
        manager.stop();
        timer.shutdownNow();
        LOG.log(System.Logger.Level.INFO, "sync stopped");
    }
}
