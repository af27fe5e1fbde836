package io.epicenter.workspace.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Reads workspace definitions from {@code <dir>/*.yaml} (one workspace per file) and from the
 * config list {@code plugins.workspace.workspaces}. Every mistake is reported with the file (or
 * config key), table and field it concerns.
 *
 * <pre>
 * id: blog
 * name: Blog
 * tables:
 *   posts:
 *     id: id                       # shorthand: field: type
 *     title: { type: text, required: true }
 *     status: { type: select, options: [draft, published] }
 * kv:
 *   theme: { type: select, options: [light, dark] }
 * </pre>
 */
public final class DefinitionLoader {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private DefinitionLoader() {
    }

    /**
     * @param dir directory of {@code *.yaml} / {@code *.yml} files (may not exist)
     * @param list the {@code plugins.workspace.workspaces} node (may be missing)
     * @return all definitions, ids unique
     * @throws DefinitionException on any invalid definition
     */
    public static List<WorkspaceDef> load(Path dir, Config list) {
        List<WorkspaceDef> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            for (Path file : yamlFiles(dir)) {
                Config node = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                        .sources(ConfigSources.file(file)).build();
                out.add(parse(node, file.toString()));
            }
        }
        List<Config> entries = list.asNodeList().orElse(List.of());
        for (int i = 0; i < entries.size(); i++) {
            out.add(parse(entries.get(i), "plugins.workspace.workspaces[" + i + "]"));
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (WorkspaceDef w : out) {
            String previous = seen.putIfAbsent(w.id(), w.source());
            if (previous != null) {
                throw new DefinitionException("workspace '" + w.id() + "' is defined twice: in " + previous + " and in " + w.source());
            }
        }
        return List.copyOf(out);
    }

    private static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new DefinitionException("cannot read workspace definitions in " + dir + ": " + e.getMessage());
        }
    }

    /**
     * @param node one workspace definition
     * @param source file or config key, for messages
     * @return the definition
     */
    public static WorkspaceDef parse(Config node, String source) {
        String id = node.get("id").asString().orElseThrow(() -> new DefinitionException(source + ": missing 'id'"));
        checkName(id, source + ": workspace id");
        String name = node.get("name").asString().orElse(id);
        String where = source + ": workspace '" + id + "'";
        List<TableDef> tables = new ArrayList<>();
        for (Config t : node.get("tables").asNodeList().orElse(List.of())) {
            tables.add(parseTable(t, where));
        }
        if (tables.isEmpty() && node.get("kv").asNodeList().orElse(List.of()).isEmpty()) {
            throw new DefinitionException(where + ": defines no tables and no kv settings");
        }
        List<FieldDef> kv = new ArrayList<>();
        for (Config f : node.get("kv").asNodeList().orElse(List.of())) {
            FieldDef def = parseField(f, where + ", kv");
            if (def.type() == FieldType.ID) {
                throw new DefinitionException(where + ", kv setting '" + def.name() + "': type id is only for table fields");
            }
            kv.add(def);
        }
        tables.sort(java.util.Comparator.comparing(TableDef::name));
        kv.sort(java.util.Comparator.comparing(FieldDef::name));
        return new WorkspaceDef(id, name, tables, kv, source);
    }

    private static TableDef parseTable(Config t, String where) {
        String table = t.name();
        checkName(table, where + ", table name");
        String at = where + ", table '" + table + "'";
        // fields may sit directly under the table or under 'fields'
        Config fieldsNode = t.get("fields").exists() ? t.get("fields") : t;
        List<FieldDef> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Config f : fieldsNode.asNodeList().orElse(List.of())) {
            FieldDef def = parseField(f, at);
            if (!names.add(def.name())) {
                throw new DefinitionException(at + ", field '" + def.name() + "': declared twice");
            }
            fields.add(def);
        }
        long ids = fields.stream().filter(f -> f.type() == FieldType.ID).count();
        if (ids != 1) {
            throw new DefinitionException(at + ": needs exactly one field of type id (found " + ids + ")");
        }
        // Helidon config does not keep YAML order: id first, then by name, so output is stable
        fields.sort(java.util.Comparator.comparing((FieldDef f) -> f.type() != FieldType.ID).thenComparing(FieldDef::name));
        return new TableDef(table, fields);
    }

    private static FieldDef parseField(Config f, String at) {
        String field = f.name();
        checkName(field, at + ", field name");
        String here = at + ", field '" + field + "'";
        String typeName;
        boolean required = false;
        List<String> options = List.of();
        if (f.isLeaf()) {
            typeName = f.asString().orElse("");
        } else {
            typeName = f.get("type").asString().orElseThrow(() -> new DefinitionException(here + ": missing 'type'"));
            required = f.get("required").asBoolean().orElse(false);
            if (f.get("nullable").exists()) {
                boolean nullable = f.get("nullable").asBoolean()
                        .orElseThrow(() -> new DefinitionException(here + ": 'nullable' must be true or false"));
                required = required || !nullable;
            }
            options = f.get("options").asList(String.class).orElse(List.of());
        }
        FieldType type = FieldType.parse(typeName);
        if (type == null) {
            throw new DefinitionException(here + ": unknown type '" + typeName
                    + "' (use one of id, text, integer, real, boolean, date, datetime, select, tags, json)");
        }
        if (type == FieldType.SELECT && options.isEmpty()) {
            throw new DefinitionException(here + ": type select needs a non-empty 'options' list");
        }
        if (!options.isEmpty() && type != FieldType.SELECT && type != FieldType.TAGS) {
            throw new DefinitionException(here + ": 'options' only applies to select and tags");
        }
        if (type == FieldType.ID) {
            required = true;
        }
        return new FieldDef(field, type, required, options);
    }

    private static void checkName(String name, String what) {
        if (!NAME.matcher(name).matches()) {
            throw new DefinitionException(what + " '" + name + "' is invalid (letters, digits, '_', '-', '.'; up to 128)");
        }
    }
}
