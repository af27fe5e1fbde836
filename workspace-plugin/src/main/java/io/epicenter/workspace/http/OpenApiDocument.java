package io.epicenter.workspace.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.epicenter.workspace.schema.FieldDef;
import io.epicenter.workspace.schema.TableDef;
import io.epicenter.workspace.schema.WorkspaceDef;

/**
 * Builds the OpenAPI 3.0 description of the workspace REST surface from the definitions (so it is
 * always exactly what is served). Helidon SE's OpenAPI support serves static documents; ours is
 * generated, so we build the tree and let the JSON media module write it.
 */
public final class OpenApiDocument {

    /** Description of one action, as the actions registry reports it. */
    public record ActionInfo(String workspace, String name, boolean mutation, Map<String, Object> inputSchema, String description) {
    }

    private OpenApiDocument() {
    }

    /**
     * @param version server version
     * @param workspaces definitions
     * @param actions actions per workspace
     * @return the OpenAPI document as nested maps and lists
     */
    public static Map<String, Object> build(String version, List<WorkspaceDef> workspaces, List<ActionInfo> actions) {
        return build(version, workspaces, actions, false);
    }

    /**
     * @param version server version
     * @param workspaces definitions
     * @param actions actions per workspace
     * @param bearerRequired whether the server has a token (adds a global bearer security requirement)
     * @return the OpenAPI document as nested maps and lists
     */
    public static Map<String, Object> build(String version, List<WorkspaceDef> workspaces, List<ActionInfo> actions,
                                            boolean bearerRequired) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "Epicenter workspaces", "version", version,
                               "description", "Typed tables and actions over Yjs documents. Rows live in the "
                                       + "workspace's document: root map 'tables' -> table map -> row map."));
        Map<String, Object> paths = new LinkedHashMap<>();
        Map<String, Object> schemas = new LinkedHashMap<>();
        schemas.put("FieldErrors", Map.of("type", "object", "properties", Map.of(
                "error", Map.of("type", "string"),
                "fields", Map.of("type", "object", "additionalProperties", Map.of("type", "string")))));
        for (WorkspaceDef w : workspaces) {
            for (TableDef t : w.tables()) {
                String schemaName = w.id() + "." + t.name();
                schemas.put(schemaName, rowSchema(t, false));
                schemas.put(schemaName + ".patch", rowSchema(t, true));
                String ref = "#/components/schemas/" + schemaName;
                String base = "/workspaces/" + w.id() + "/tables/" + t.name();
                String tag = w.id() + "/" + t.name();
                Map<String, Object> collection = new LinkedHashMap<>();
                collection.put("get", op(tag, "List valid rows of " + t.name() + " (paged); invalid rows are reported apart",
                                         List.of(query("limit", "integer"), query("offset", "integer")), null,
                                         Map.of("200", json("page of rows", Map.of("type", "object", "properties", Map.of(
                                                 "rows", Map.of("type", "array", "items", Map.of("$ref", ref)),
                                                 "invalid", Map.of("type", "array", "items", Map.of("type", "object")),
                                                 "total", Map.of("type", "integer"),
                                                 "next", Map.of("type", "integer", "nullable", true)))))));
                collection.put("post", op(tag, "Create or replace a row (upsert by id; a missing id is generated)", List.of(), ref,
                                          Map.of("200", json("the replaced row", Map.of("$ref", ref)),
                                                 "201", json("the created row (Location header names it)", Map.of("$ref", ref)),
                                                 "400", json("validation errors", Map.of("$ref", "#/components/schemas/FieldErrors")))));
                paths.put(base, collection);
                Map<String, Object> item = new LinkedHashMap<>();
                List<Object> idParam = List.of(Map.of("name", "rowId", "in", "path", "required", true,
                                                      "schema", Map.of("type", "string")));
                item.put("get", op(tag, "Get a row by id", idParam, null,
                                   Map.of("200", json("the row", Map.of("$ref", ref)),
                                          "404", Map.of("description", "no such row"),
                                          "422", json("the stored row breaks the schema", Map.of("$ref", "#/components/schemas/FieldErrors")))));
                item.put("put", op(tag, "Update some fields of a row", idParam, "#/components/schemas/" + schemaName + ".patch",
                                   Map.of("200", json("the row after the update", Map.of("$ref", ref)),
                                          "400", json("validation errors", Map.of("$ref", "#/components/schemas/FieldErrors")),
                                          "404", Map.of("description", "no such row"))));
                item.put("delete", op(tag, "Delete a row", idParam, null,
                                      Map.of("204", Map.of("description", "deleted"), "404", Map.of("description", "no such row"))));
                paths.put(base + "/{rowId}", item);
            }
            if (!w.kv().isEmpty()) {
                TableDef kvTable = new TableDef("kv", w.kv());
                String kvName = w.id() + ".kv";
                schemas.put(kvName, rowSchema(kvTable, true));
                Map<String, Object> kvPage = Map.of("type", "object", "properties", Map.of(
                        "values", Map.of("$ref", "#/components/schemas/" + kvName),
                        "invalid", Map.of("type", "object", "additionalProperties", Map.of("type", "string"))));
                Map<String, Object> kv = new LinkedHashMap<>();
                kv.put("get", op(w.id(), "Read the settings (valid ones in values, others in invalid)", List.of(), null,
                                 Map.of("200", json("the settings", kvPage))));
                kv.put("put", op(w.id(), "Set some settings (null removes one; others stay)", List.of(),
                                 "#/components/schemas/" + kvName,
                                 Map.of("200", json("the settings after the change", kvPage),
                                        "400", json("validation errors", Map.of("$ref", "#/components/schemas/FieldErrors")))));
                paths.put("/workspaces/" + w.id() + "/kv", kv);
            }
            Map<String, Object> sync = new LinkedHashMap<>();
            sync.put("get", op(w.id(), "WebSocket (y-websocket protocol) on the workspace's document; same room as /sync/" + w.id(),
                               List.of(), null, Map.of("101", Map.of("description", "switching protocols"))));
            paths.put("/workspaces/" + w.id() + "/sync", sync);
        }
        for (ActionInfo a : actions) {
            Map<String, Object> action = new LinkedHashMap<>();
            String path = "/workspaces/" + a.workspace() + "/actions/" + a.name();
            Map<String, Object> responses = Map.of("200", json("the action's result", Map.of()),
                                                    "400", json("invalid input", Map.of("$ref", "#/components/schemas/FieldErrors")));
            if (a.mutation()) {
                action.put("post", withBody(op(a.workspace(), a.description(), List.of(), null, responses), a.inputSchema()));
            } else {
                List<Object> params = new ArrayList<>();
                Object props = a.inputSchema().get("properties");
                Object req = a.inputSchema().get("required");
                if (props instanceof Map<?, ?> m) {
                    m.forEach((k, schema) -> {
                        Map<String, Object> p = new LinkedHashMap<>();
                        p.put("name", k);
                        p.put("in", "query");
                        p.put("required", req instanceof List<?> l && l.contains(k));
                        p.put("schema", schema instanceof Map<?, ?> sm && !sm.isEmpty() ? schema : Map.of("type", "string"));
                        params.add(p);
                    });
                }
                action.put("get", op(a.workspace(), a.description(), params, null, responses));
            }
            paths.put(path, action);
        }
        java.util.Set<String> operationIds = new java.util.HashSet<>();
        paths.forEach((path, item) -> ((Map<?, ?>) item).forEach((method, operation) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> o = (Map<String, Object>) operation;
            String base = (method + path).replaceAll("[^A-Za-z0-9]+", "_");
            String id = base;
            for (int n = 2; !operationIds.add(id); n++) {
                id = base + "_" + n;
            }
            o.put("operationId", id);
        }));
        doc.put("paths", paths);
        if (bearerRequired) {
            doc.put("security", List.of(Map.of("bearer", List.of())));
        }
        doc.put("components", Map.of("schemas", schemas,
                                     "securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer"))));
        return doc;
    }

    /**
     * @param inputs an action's inputs as fields
     * @return their JSON schema (the request body of a mutation, the parameters of a query)
     */
    public static Map<String, Object> inputSchema(TableDef inputs) {
        return rowSchema(inputs, false);
    }

    private static Map<String, Object> withBody(Map<String, Object> op, Map<String, Object> schema) {
        op.put("requestBody", Map.of("required", true, "content", Map.of("application/json", Map.of("schema", schema))));
        return op;
    }

    private static Map<String, Object> op(String tag, String summary, List<Object> params, String bodyRef,
                                          Map<String, Object> responses) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("tags", List.of(tag));
        op.put("summary", summary);
        if (!params.isEmpty()) {
            op.put("parameters", params);
        }
        if (bodyRef != null) {
            op.put("requestBody", Map.of("required", true, "content",
                                         Map.of("application/json", Map.of("schema", Map.of("$ref", bodyRef)))));
        }
        Map<String, Object> all = new LinkedHashMap<>(responses);
        all.put("401", Map.of("description", "missing or wrong bearer token (when the server has a token)"));
        op.put("responses", all);
        return op;
    }

    private static Map<String, Object> query(String name, String type) {
        return Map.of("name", name, "in", "query", "required", false, "schema", Map.of("type", type));
    }

    private static Map<String, Object> json(String description, Map<String, Object> schema) {
        return Map.of("description", description, "content", Map.of("application/json", Map.of("schema", schema)));
    }

    /**
     * @param t a table
     * @param patch whether every field is optional (PUT body)
     * @return its JSON schema
     */
    static Map<String, Object> rowSchema(TableDef t, boolean patch) {
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (FieldDef f : t.fields()) {
            Map<String, Object> s = new LinkedHashMap<>(fieldSchema(f));
            if (!f.required()) {
                s.put("nullable", true);
            } else if (!patch) {
                required.add(f.name());
            }
            props.put(f.name(), s);
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", props);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> fieldSchema(FieldDef f) {
        return switch (f.type()) {
            case ID, TEXT -> Map.of("type", "string");
            case INTEGER -> Map.of("type", "integer");
            case REAL -> Map.of("type", "number");
            case BOOLEAN -> Map.of("type", "boolean");
            case DATE -> Map.of("type", "string", "format", "date");
            case DATETIME -> Map.of("type", "string", "format", "date-time");
            case SELECT -> Map.of("type", "string", "enum", f.options());
            case TAGS -> f.options().isEmpty()
                    ? Map.of("type", "array", "uniqueItems", true, "items", Map.of("type", "string"))
                    : Map.of("type", "array", "uniqueItems", true, "items", Map.of("type", "string", "enum", f.options()));
            case JSON -> Map.of();
        };
    }
}
