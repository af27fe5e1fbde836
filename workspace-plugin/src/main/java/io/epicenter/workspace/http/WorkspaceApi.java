package io.epicenter.workspace.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.epicenter.plugin.actions.ActionException;
import io.epicenter.workspace.actions.ActionCatalog;
import io.epicenter.workspace.actions.DocTables;
import io.epicenter.workspace.schema.FieldDef;
import io.epicenter.workspace.schema.RowValidator;
import io.epicenter.workspace.schema.TableDef;
import io.epicenter.workspace.schema.WorkspaceDef;
import io.epicenter.workspace.store.KvStore;
import io.epicenter.workspace.store.RowStore;
import io.epicenter.workspace.store.ValidationException;
import io.epicenter.workspace.store.Values;
import io.epicenter.workspace.store.WorkspaceDocs;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The workspace REST and RPC handlers: tables, kv, actions and the OpenAPI document. Every
 * answer is JSON; errors are {@code {"error": message}} (plus {@code "fields"} for validation).
 */
public final class WorkspaceApi {

    private static final System.Logger LOG = System.getLogger("io.epicenter.workspace");
    /** Default and largest page size of a table listing. */
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final Map<String, WorkspaceDef> workspaces = new LinkedHashMap<>();
    private final WorkspaceDocs docs;
    private final ActionCatalog actions;
    private final int maxBodyBytes;
    private final byte[] openApi;

    /**
     * @param workspaces the definitions
     * @param docs document access
     * @param actions the actions
     * @param maxBodyBytes largest request body
     * @param openApi the OpenAPI document
     */
    public WorkspaceApi(List<WorkspaceDef> workspaces, WorkspaceDocs docs, ActionCatalog actions, int maxBodyBytes,
                        Map<String, Object> openApi) {
        workspaces.forEach(w -> this.workspaces.put(w.id(), w));
        this.docs = docs;
        this.actions = actions;
        this.maxBodyBytes = maxBodyBytes;
        try {
            this.openApi = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(openApi);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("OpenAPI document is not serializable", e);
        }
    }

    /** A handler body that may throw; failures are turned into JSON answers. */
    @FunctionalInterface
    interface Body {
        void handle(ServerRequest req, ServerResponse res) throws Exception;
    }

    /**
     * @param what for log lines
     * @param body the handler
     * @return a Helidon handler answering every failure with JSON
     */
    static Handler guarded(String what, Body body) {
        return (req, res) -> {
            try {
                body.handle(req, res);
            } catch (Json.HttpError e) {
                Json.error(res, e.status, e.getMessage());
            } catch (ValidationException e) {
                Json.validation(res, e);
            } catch (ActionException e) {
                Json.error(res, clamp(e.status()), e.getMessage() == null ? "error" : e.getMessage());
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "workspace request failed: " + what + " "
                        + req.prologue().method().text() + " " + req.path().rawPath(), e);
                if (!res.isSent()) {
                    Json.error(res, 500, "internal error");
                }
            }
        };
    }

    private static int clamp(int status) {
        return status >= 400 && status <= 599 ? status : 500;
    }

    private WorkspaceDef workspace(ServerRequest req) {
        String id = req.path().pathParameters().get("ws");
        WorkspaceDef w = workspaces.get(id);
        if (w == null) {
            throw new Json.HttpError(404, "no workspace '" + id + "'");
        }
        return w;
    }

    private static TableDef table(WorkspaceDef w, ServerRequest req) {
        String name = req.path().pathParameters().get("table");
        return w.table(name).orElseThrow(() -> new Json.HttpError(404, "no table '" + name + "' in workspace '" + w.id() + "'"));
    }

    // ------------------------------------------------------------------------------------------
    // tables

    /** {@code GET /workspaces/{ws}/tables/{table}?limit=&offset=}. */
    public Handler list() {
        return guarded("list rows", (req, res) -> {
            WorkspaceDef w = workspace(req);
            TableDef t = table(w, req);
            Map<String, String> errors = new LinkedHashMap<>();
            int limit = intParam(req, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
            int offset = intParam(req, "offset", 0, 0, Integer.MAX_VALUE, errors);
            if (!errors.isEmpty()) {
                throw new ValidationException(400, "invalid paging parameters", errors);
            }
            List<RowStore.Stored> rows = docs.read(w.id(), doc -> RowStore.all(doc, t));
            List<Map<String, Object>> valid = new ArrayList<>();
            List<Map<String, Object>> invalid = new ArrayList<>();
            for (RowStore.Stored r : rows) {
                if (r.valid()) {
                    valid.add(r.values());
                } else {
                    Map<String, Object> bad = new LinkedHashMap<>();
                    bad.put("id", r.id());
                    bad.put("errors", r.errors());
                    invalid.add(bad);
                }
            }
            int total = valid.size();
            int from = Math.min(offset, total);
            int to = (int) Math.min((long) from + limit, total);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rows", valid.subList(from, to));
            body.put("invalid", invalid);
            body.put("total", total);
            body.put("next", to < total ? to : null);
            Json.send(res, 200, body);
        });
    }

    private static int intParam(ServerRequest req, String name, int dflt, int min, int max, Map<String, String> errors) {
        List<String> values = req.query().contains(name) ? req.query().all(name) : List.of();
        if (values.isEmpty()) {
            return dflt;
        }
        try {
            long v = Long.parseLong(values.get(0).trim());
            if (v < min || v > max) {
                errors.put(name, "must be between " + min + " and " + max);
                return dflt;
            }
            return (int) v;
        } catch (NumberFormatException e) {
            errors.put(name, "must be an integer");
            return dflt;
        }
    }

    /** {@code POST /workspaces/{ws}/tables/{table}}: create or replace a row (201 when created). */
    public Handler upsert() {
        return guarded("upsert row", (req, res) -> {
            WorkspaceDef w = workspace(req);
            TableDef t = table(w, req);
            Map<String, Object> row = RowStore.prepareRow(t, Json.object(req, maxBodyBytes, false));
            String id = (String) row.get(t.idField().name());
            Object[] created = new Object[1];
            Map<String, Object> stored = docs.write(w.id(), doc -> {
                created[0] = RowStore.upsert(doc, t, row);
                return RowStore.get(doc, t, id).orElseThrow().values();
            });
            if (Boolean.TRUE.equals(created[0])) {
                res.header(HeaderNames.LOCATION, "/workspaces/" + enc(w.id()) + "/tables/" + enc(t.name()) + "/" + enc(id));
                Json.send(res, 201, stored);
            } else {
                Json.send(res, 200, stored);
            }
        });
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code GET /workspaces/{ws}/tables/{table}/{rowId}}: 200, 404, or 422 for a row breaking the schema. */
    public Handler get() {
        return guarded("get row", (req, res) -> {
            WorkspaceDef w = workspace(req);
            TableDef t = table(w, req);
            String id = req.path().pathParameters().get("rowId");
            Optional<RowStore.Stored> row = docs.read(w.id(), doc -> RowStore.get(doc, t, id));
            if (row.isEmpty()) {
                throw RowStore.notFound(t, id);
            }
            if (row.get().valid()) {
                Json.send(res, 200, row.get().values());
            } else {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", "the stored row breaks the schema");
                body.put("fields", row.get().errors());
                body.put("row", row.get().values());
                Json.send(res, 422, body);
            }
        });
    }

    /** {@code PUT /workspaces/{ws}/tables/{table}/{rowId}}: change some fields (null removes one). */
    public Handler update() {
        return guarded("update row", (req, res) -> {
            WorkspaceDef w = workspace(req);
            TableDef t = table(w, req);
            String id = req.path().pathParameters().get("rowId");
            Map<String, Object> patch = Json.object(req, maxBodyBytes, false);
            RowStore.checkPatch(t, id, patch);
            Json.send(res, 200, docs.write(w.id(), doc -> RowStore.update(doc, t, id, patch)));
        });
    }

    /** {@code DELETE /workspaces/{ws}/tables/{table}/{rowId}}: 204 or 404. */
    public Handler delete() {
        return guarded("delete row", (req, res) -> {
            WorkspaceDef w = workspace(req);
            TableDef t = table(w, req);
            String id = req.path().pathParameters().get("rowId");
            if (!docs.write(w.id(), doc -> RowStore.delete(doc, t, id))) {
                throw RowStore.notFound(t, id);
            }
            res.status(io.helidon.http.Status.NO_CONTENT_204).send();
        });
    }

    // ------------------------------------------------------------------------------------------
    // kv

    /** {@code GET /workspaces/{ws}/kv}: {@code {values, invalid}}. */
    public Handler kvGet() {
        return guarded("get kv", (req, res) -> {
            WorkspaceDef w = workspace(req);
            Json.send(res, 200, kvBody(docs.read(w.id(), doc -> KvStore.read(doc, w.kv()))));
        });
    }

    /** {@code PUT /workspaces/{ws}/kv}: set the given settings (null removes one); others stay. */
    public Handler kvPut() {
        return guarded("put kv", (req, res) -> {
            WorkspaceDef w = workspace(req);
            Map<String, Object> changes = Json.object(req, maxBodyBytes, false);
            KvStore.check(w.kv(), changes);
            Json.send(res, 200, kvBody(docs.write(w.id(), doc -> {
                KvStore.write(doc, changes);
                return KvStore.read(doc, w.kv());
            })));
        });
    }

    private static Map<String, Object> kvBody(KvStore.Settings s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("values", s.values());
        body.put("invalid", s.invalid());
        return body;
    }

    // ------------------------------------------------------------------------------------------
    // actions

    /** {@code GET|POST /workspaces/{ws}/actions/{action}} (and 405 for other methods). */
    public Handler action() {
        return guarded("action", (req, res) -> {
            WorkspaceDef w = workspace(req);
            String name = req.path().pathParameters().get("action");
            ActionCatalog.Entry entry = actions.find(w.id(), name).orElseThrow(
                    () -> new Json.HttpError(404, "no action '" + name + "' in workspace '" + w.id() + "'"));
            Method method = req.prologue().method();
            Method expected = entry.mutation() ? Method.POST : Method.GET;
            if (!method.equals(expected) && !(method.equals(Method.HEAD) && !entry.mutation())) {
                Json.allow(res, expected.text());
                throw new Json.HttpError(405, (entry.mutation() ? "mutation" : "query") + " '" + name + "' answers "
                        + expected.text() + " only");
            }
            Map<String, Object> input = entry.mutation() ? Json.object(req, maxBodyBytes, true) : fromQuery(req, entry.inputs());
            Map<String, String> errors = new LinkedHashMap<>();
            RowValidator.validate(entry.inputs(), input).forEach(e -> errors.merge(
                    e.field(), e.message().equals("unknown field") ? "unknown input" : e.message(), (a, b) -> a + "; " + b));
            input.forEach((k, v) -> {
                String p = Values.unsafeNumber(v);
                if (p != null) {
                    errors.putIfAbsent(k, p);
                }
            });
            if (!errors.isEmpty()) {
                throw new ValidationException(400, "invalid input", errors);
            }
            Object result;
            try {
                result = entry.action().handle(new DocTables(w, docs, !entry.mutation()), input);
            } catch (ActionException e) {
                throw e;
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "workspace action failed: workspace=" + w.id() + " action=" + name
                        + " class=" + entry.action().getClass().getName(), e);
                Json.error(res, 500, "internal error");
                return;
            }
            Json.send(res, 200, result);
        });
    }

    private static Map<String, Object> fromQuery(ServerRequest req, TableDef inputs) {
        Map<String, Object> input = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (String name : req.query().names()) {
            List<String> values = req.query().all(name);
            FieldDef f = inputs.field(name).orElse(null);
            if (f == null) {
                input.put(name, values.get(0));
                continue;
            }
            if (f.type() == io.epicenter.workspace.schema.FieldType.TAGS) {
                if (values.size() == 1 && values.get(0).trim().startsWith("[")) {
                    input.put(name, Json.parseLenient(values.get(0)));
                } else {
                    input.put(name, new ArrayList<>(values));
                }
                continue;
            }
            if (values.size() > 1) {
                errors.put(name, "given more than once");
                continue;
            }
            input.put(name, convert(f, values.get(0)));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(400, "invalid input", errors);
        }
        return input;
    }

    private static Object convert(FieldDef f, String text) {
        String s = text.trim();
        switch (f.type()) {
            case INTEGER:
                try {
                    return Long.parseLong(s);
                } catch (NumberFormatException e) {
                    return text;
                }
            case REAL:
                try {
                    double d = Double.parseDouble(s);
                    return Double.isFinite(d) ? d : text;
                } catch (NumberFormatException e) {
                    return text;
                }
            case BOOLEAN:
                if (s.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                if (s.equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
                return text;
            case JSON:
                return Json.parseLenient(text);
            default:
                return text;
        }
    }

    // ------------------------------------------------------------------------------------------
    // misc

    /** {@code GET /openapi}. */
    public Handler openApi() {
        return guarded("openapi", (req, res) -> {
            res.status(200);
            res.headers().contentType(io.helidon.common.media.type.MediaTypes.APPLICATION_JSON);
            res.send(openApi);
        });
    }

    /**
     * @param allow the methods the path answers
     * @return a handler answering 405 with {@code Allow} (registered after the real routes)
     */
    public static Handler methodNotAllowed(String allow) {
        return guarded("405", (req, res) -> {
            Json.allow(res, allow);
            Json.error(res, 405, "method " + req.prologue().method().text() + " not allowed here (allowed: " + allow + ")");
        });
    }
}
