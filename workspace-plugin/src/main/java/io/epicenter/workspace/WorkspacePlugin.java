package io.epicenter.workspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.epicenter.plugin.EpicenterPlugin;
import io.epicenter.plugin.PluginContext;
import io.epicenter.plugin.Routes;
import io.epicenter.plugin.ServiceRegistry;
import io.epicenter.plugin.actions.WorkspaceAction;
import io.epicenter.plugin.auth.AuthSettings;
import io.epicenter.plugin.auth.Authorizer;
import io.epicenter.plugin.rooms.RoomsService;
import io.epicenter.workspace.actions.ActionCatalog;
import io.epicenter.workspace.http.OpenApiDocument;
import io.epicenter.workspace.http.Origins;
import io.epicenter.workspace.http.WorkspaceApi;
import io.epicenter.workspace.http.WorkspaceFilter;
import io.epicenter.workspace.schema.DefinitionLoader;
import io.epicenter.workspace.schema.FieldDef;
import io.epicenter.workspace.schema.TableDef;
import io.epicenter.workspace.schema.WorkspaceDef;
import io.epicenter.workspace.store.RowStore;
import io.epicenter.workspace.store.WorkspaceDocs;

/**
 * Workspaces: typed tables as REST, typed settings, actions as RPC, and the sync protocol, all over
 * the sync plugin's rooms (a workspace's document is the room whose id is the workspace id).
 *
 * <p>Definitions come from {@code plugins.workspace.dir} ({@code *.yaml}, default
 * {@code config/workspaces}) and the list {@code plugins.workspace.workspaces}. With no definition
 * nothing is mounted. Routes: {@code /workspaces/{id}/tables/{table}[/{rowId}]},
 * {@code /workspaces/{id}/kv}, {@code /workspaces/{id}/actions/{action}},
 * {@code ws /workspaces/{id}/sync} and {@code /openapi}.
 */
public final class WorkspacePlugin implements EpicenterPlugin {

    private static final System.Logger LOG = System.getLogger("io.epicenter.workspace");

    private List<WorkspaceDef> workspaces = List.of();
    private ServiceRegistry registry;
    private AuthSettings auth;
    private Origins origins;
    private int maxBodyBytes;
    private long laneTimeoutMillis;
    private volatile ActionCatalog catalog;
    private volatile WorkspaceDocs docs;

    /** Required by ServiceLoader; does nothing. */
    public WorkspacePlugin() {
    }

    @Override
    public String name() {
        return "workspace";
    }

    @Override
    public void start(PluginContext context) {
        Path dir = Path.of(context.config().get("dir").asString().orElse("config/workspaces"));
        workspaces = DefinitionLoader.load(dir, context.config().get("workspaces"));
        registry = context.registry();
        auth = context.auth();
        origins = new Origins(context.rootConfig().get("plugins.sync.allowed-origins").asList(String.class).orElse(List.of()));
        maxBodyBytes = context.config().get("max-body-bytes").asInt().orElse(1024 * 1024);
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("plugins.workspace.max-body-bytes must be positive");
        }
        laneTimeoutMillis = 30_000;
        if (workspaces.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "no workspaces defined (dir " + dir.toAbsolutePath().normalize()
                    + ", plugins.workspace.workspaces): nothing mounted");
        } else {
            for (WorkspaceDef w : workspaces) {
                LOG.log(System.Logger.Level.INFO, "workspace loaded: id=" + w.id() + " source=" + w.source()
                        + " tables=" + w.tables().stream().map(TableDef::name).toList()
                        + " kv=" + w.kv().stream().map(FieldDef::name).toList());
            }
        }
    }

    @Override
    public void routes(Routes routes) {
        if (workspaces.isEmpty()) {
            return;
        }
        RoomsService rooms = registry.find(RoomsService.class).orElseThrow(() -> new IllegalStateException(
                "plugin 'workspace': workspaces are defined but no RoomsService is available (is the sync plugin"
                        + " disabled? enable plugins.sync or remove the workspace definitions)"));
        ActionCatalog actions;
        try {
            actions = new ActionCatalog(workspaces, registry.findAll(WorkspaceAction.class));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("plugin 'workspace': " + e.getMessage(), e);
        }
        catalog = actions;
        WorkspaceDocs d = new WorkspaceDocs(rooms, laneTimeoutMillis);
        docs = d;
        WorkspaceApi api = new WorkspaceApi(workspaces, d, actions, maxBodyBytes,
                                            OpenApiDocument.build(version(), workspaces, actionInfos(actions), auth.enabled()));
        Set<String> ids = workspaces.stream().map(WorkspaceDef::id).collect(Collectors.toSet());

        routes.filter(new WorkspaceFilter(ids, origins, auth, () -> registry.find(Authorizer.class).orElse(null)));
        routes.websocket("/workspaces/{id}/sync", () -> rooms.listener((prologue, headers) -> syncRoom(prologue.uriPath().rawPath(), ids)));

        String table = "/workspaces/{ws}/tables/{table}";
        String row = table + "/{rowId}";
        String kv = "/workspaces/{ws}/kv";
        String action = "/workspaces/{ws}/actions/{action}";
        routes.get(table, api.list());
        routes.post(table, api.upsert());
        routes.get(row, api.get());
        routes.put(row, api.update());
        routes.delete(row, api.delete());
        routes.get(kv, api.kvGet());
        routes.put(kv, api.kvPut());
        routes.get(action, api.action());
        routes.post(action, api.action());
        routes.get("/openapi", api.openApi());
        // other methods on these paths: 405 with Allow (the action handler decides per action)
        routes.http().any(table, WorkspaceApi.methodNotAllowed("GET, POST"));
        routes.http().any(row, WorkspaceApi.methodNotAllowed("GET, PUT, DELETE"));
        routes.http().any(kv, WorkspaceApi.methodNotAllowed("GET, PUT"));
        routes.http().any(action, api.action());
        routes.http().any("/openapi", WorkspaceApi.methodNotAllowed("GET"));

        // create the table maps up front, so that clients joining first find them instead of
        // racing each other to create them (two clients creating one map concurrently lose rows)
        for (WorkspaceDef w : workspaces) {
            if (w.tables().isEmpty()) {
                continue;
            }
            try {
                d.write(w.id(), doc -> {
                    RowStore.ensureTables(doc, w.tables());
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "workspace tables not prepared: id=" + w.id() + " error=" + e);
            }
        }
    }

    /**
     * @param rawPath {@code /workspaces/{id}/sync}
     * @param ids the defined workspaces
     * @return the room id (= the workspace id)
     */
    private static String syncRoom(String rawPath, Set<String> ids) {
        String[] seg = rawPath.split("/", -1);
        String id = seg.length == 4 ? java.net.URLDecoder.decode(seg[2].replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8) : null;
        if (id == null || !ids.contains(id)) {
            throw new IllegalArgumentException("no workspace " + id);
        }
        return id;
    }

    private List<OpenApiDocument.ActionInfo> actionInfos(ActionCatalog actions) {
        List<OpenApiDocument.ActionInfo> out = new ArrayList<>();
        for (WorkspaceDef w : workspaces) {
            for (ActionCatalog.Entry e : actions.of(w.id()).values()) {
                String description = e.action().description();
                out.add(new OpenApiDocument.ActionInfo(w.id(), e.action().name(), e.mutation(),
                                                       OpenApiDocument.inputSchema(e.inputs()),
                                                       description == null ? e.action().name() : description));
            }
        }
        return out;
    }

    private static String version() {
        String v = WorkspacePlugin.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public Map<String, Object> status() {
        List<Object> list = new ArrayList<>();
        ActionCatalog c = catalog;
        for (WorkspaceDef w : workspaces) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", w.id());
            m.put("name", w.name());
            m.put("tables", w.tables().stream().map(TableDef::name).toList());
            m.put("kv", w.kv().stream().map(FieldDef::name).toList());
            m.put("actions", c == null ? List.of() : List.copyOf(c.of(w.id()).keySet()));
            list.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workspaces", list);
        return out;
    }

    @Override
    public void stop() {
        WorkspaceDocs d = docs;
        if (d != null) {
            d.clear();
        }
    }
}
