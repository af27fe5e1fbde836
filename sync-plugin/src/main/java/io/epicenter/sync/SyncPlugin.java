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
import io.epicenter.sync.limits.SyncLimits;
import io.epicenter.sync.metrics.MeteredStorage;
import io.epicenter.sync.metrics.SyncMetrics;
import io.epicenter.sync.room.Room;
import io.epicenter.sync.room.RoomManager;
import io.epicenter.sync.room.StorageRoomStore;
import io.epicenter.sync.http.RoomsApi;
import io.epicenter.plugin.storage.Storage;
import io.epicenter.plugin.storage.StorageProvider;
import io.helidon.config.Config;
import io.epicenter.sync.ws.OriginPolicy;
import io.epicenter.sync.ws.RoomIds;
import io.epicenter.sync.ws.SyncFilter;
import io.epicenter.sync.ws.SyncServer;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.metrics.api.Tag;

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
    /** How long a load, compaction or deletion may take before it counts as failed. */
    private static final java.time.Duration STORAGE_TIMEOUT = java.time.Duration.ofSeconds(30);
    /** How long a document API call waits for storage (an applied update: for its durability). */
    private static final java.time.Duration API_TIMEOUT = java.time.Duration.ofSeconds(10);

    private SyncSettings settings;
    private ScheduledExecutorService timer;
    private RoomManager manager;
    private SyncServer server;
    private SyncRooms rooms;
    private SyncMetrics metrics;
    private StorageRoomStore store;
    private RoomsApi api;

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
        metrics = new SyncMetrics(context.meters());
        SyncLimits syncLimits = SyncLimits.from(context.config().get("limits"));
        store = new StorageRoomStore(new MeteredStorage(openStorage(context), metrics), timer, STORAGE_TIMEOUT);
        manager = new RoomManager(store, settings.evictionDelay(), timer, limits, settings.roomState());
        server = new SyncServer(settings, manager, timer, limits,
                                () -> context.registry().find(Authorizer.class)
                                        .orElse((room, token, headers) -> context.auth().accepts(token) ? Access.READ_WRITE : Access.DENY));
        manager.instrument(metrics, syncLimits.maxRooms(), syncLimits.maxDocumentBytes());
        server.instrument(metrics, syncLimits);
        registerGauges();
        rooms = new SyncRooms(manager, server);
        context.registry().publish(RoomsService.class, rooms);
        api = new RoomsApi(manager, server, store, context.auth(), limits, settings.maxMessageBytes(), API_TIMEOUT);
        LOG.log(System.Logger.Level.INFO, "sync settings: " + settings + " auth=" + (context.auth().enabled() ? "token" : "none"));
        LOG.log(System.Logger.Level.INFO, "sync limits: " + syncLimits);
    }

    /** The gauges of {@code /observe/metrics}, computed at scrape time (see README, Operations). */
    private void registerGauges() {
        for (Room.State state : Room.State.values()) {
            if (state != Room.State.CLOSED) { // closed rooms are out of the manager
                metrics.gauge("epicenter_sync_rooms", "rooms in the manager, by lifecycle state",
                              () -> manager.countInState(state), Tag.create("state", state.name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        metrics.gauge("epicenter_sync_connections", "open WebSocket connections (including ones being closed)", server::connectionCount);
        metrics.gauge("epicenter_sync_client_addresses", "client addresses with open connections (tracked when max-connections-per-address is set)",
                      server::trackedAddresses);
        metrics.gauge("epicenter_sync_outbound_queue_bytes_max", "largest outbound queue of any connection, bytes", server::queuedBytesMax);
        metrics.gauge("epicenter_sync_outbound_queue_bytes_sum", "outbound queues of all connections together, bytes", server::queuedBytesSum);
        metrics.gauge("epicenter_sync_awareness_states", "present awareness states over all rooms", manager::awarenessStates);
        metrics.gauge("epicenter_sync_storage_pending_updates", "updates accepted but not yet durable", store::pendingUpdates);
        metrics.gauge("epicenter_sync_storage_failing_rooms", "rooms whose storage appends are failing (kept in memory, retried)",
                      () -> store.failingRooms().size());
        metrics.reportedCompactions(() -> store.storage().status().get("compactions") instanceof Number n ? n.longValue() : -1);
    }

    /**
     * The store named by {@code storage.kind} (default sqlite), among the providers the registry
     * finds (the built-in ones and any plugin jar's), opened on the {@code storage} node.
     */
    private static Storage openStorage(PluginContext context) {
        Config storageConfig = context.rootConfig().get("storage");
        String kind = storageConfig.get("kind").asString().orElse(StorageProvider.DEFAULT_KIND).trim();
        List<StorageProvider> providers = context.registry().findAll(StorageProvider.class);
        StorageProvider provider = StorageProvider.forKind(providers, kind).orElseThrow(() -> new IllegalArgumentException(
                "unknown storage.kind '" + kind + "'; kinds found: "
                        + (providers.isEmpty() ? "(none)" : String.join(", ", providers.stream().map(StorageProvider::kind)
                        .distinct().toList()))));
        Storage storage = provider.open(storageConfig);
        LOG.log(System.Logger.Level.INFO, "sync storage opened: kind=" + storage.kind()
                + " provider=" + provider.getClass().getName()
                + ("sqlite".equals(kind) ? " data-dir=" + storageConfig.get("data-dir").asString().orElse("./data") : ""));
        return storage;
    }

    @Override
    public void routes(Routes routes) {
        routes.filter(new SyncFilter(new OriginPolicy(settings.allowedOrigins())));
        routes.websocket("/sync/{roomId}", () -> server.listener(
                (prologue, headers) -> RoomIds.fromRawPath(prologue.uriPath().rawPath()), null));
        api.register(routes);
    }

    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(storageReadiness(), new HealthCheck() {
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

    /** Readiness: DOWN while any room's appends are failing (they are kept in memory and retried). */
    private HealthCheck storageReadiness() {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return "storage";
            }

            @Override
            public HealthCheckResponse call() {
                java.util.Set<String> failing = store.failingRooms();
                HealthCheckResponse.Builder b = HealthCheckResponse.builder()
                        .status(failing.isEmpty())
                        .detail("kind", store.storage().kind())
                        .detail("failingRooms", failing.size())
                        .detail("pendingUpdates", store.pendingUpdates());
                if (!failing.isEmpty()) {
                    b.detail("error", store.lastError());
                }
                return b.build();
            }
        };
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rooms", manager.roomCount());
        out.put("connections", server.connectionCount());
        Map<String, Object> byState = new LinkedHashMap<>();
        manager.countByState().forEach((state, n) -> byState.put(state.name().toLowerCase(java.util.Locale.ROOT), n));
        out.put("roomsByState", byState);
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("kind", store.storage().kind());
        storage.put("failingRooms", store.failingRooms().size());
        storage.put("pendingUpdates", store.pendingUpdates());
        storage.put("appendFailures", store.appendFailures());
        storage.putAll(store.storage().status());
        out.put("storage", storage);
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
        metrics.close();
        LOG.log(System.Logger.Level.INFO, "sync stopped");
    }
}
