package io.epicenter.server.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses {@code epicenter [command] [flags]}. Flags are {@code --name value} or {@code --name=value};
 * each maps to one config key, so a flag is simply the highest-precedence config source.
 * Later features add their flags to {@link #SERVE_FLAGS}.
 */
public final class CommandLine {

    /** Flags of {@code serve}, in the order usage lists them. */
    public static final List<Flag> SERVE_FLAGS = List.of(
            new Flag("--port", "server.port", "N", "port to listen on (0 picks a free port; default 3913)"),
            new Flag("--host", "server.host", "HOST", "address to bind (default 127.0.0.1)"),
            new Flag("--token", "auth.token", "TOKEN", "shared token clients must present (default: none)"),
            new Flag("--config", null, "FILE", "config file (default config/application.yaml, if present)"),
            new Flag("--plugins-dir", "server.plugins-dir", "DIR", "drop-in plugins directory (default plugins)"),
            new Flag("--storage", "storage.kind", "KIND", "where rooms are stored: sqlite or memory (default sqlite)"),
            new Flag("--data-dir", "storage.data-dir", "DIR", "directory of the sqlite store (default ./data)"));

    private CommandLine() {
    }

    /** What the user asked for. */
    public sealed interface Parsed permits Serve, Help, Usage {
    }

    /**
     * Run the server.
     *
     * @param overrides config key → value from flags
     * @param configFile the explicit {@code --config} file, if any
     */
    public record Serve(Map<String, String> overrides, Optional<String> configFile) implements Parsed {
    }

    /**
     * Print help and exit 0.
     *
     * @param text the help text
     */
    public record Help(String text) implements Parsed {
    }

    /**
     * Print an error and usage, exit 2.
     *
     * @param error what was wrong
     * @param usage the usage text
     */
    public record Usage(String error, String usage) implements Parsed {
    }

    /**
     * @param args the process arguments
     * @return what to do
     */
    public static Parsed parse(String... args) {
        if (args.length == 0) {
            return new Usage("missing command", mainUsage());
        }
        String command = args[0];
        if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
            return new Help(mainUsage());
        }
        if (!command.equals("serve")) {
            return new Usage("unknown command '" + command + "'", mainUsage());
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        Optional<String> configFile = Optional.empty();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new Help(serveUsage());
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Flag flag = find(name);
            if (flag == null) {
                return new Usage("unknown flag '" + name + "'", serveUsage());
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    return new Usage("flag " + name + " needs a value (" + flag.valueName() + ")", serveUsage());
                }
                value = args[++i];
            }
            if (flag.configKey() == null) {
                configFile = Optional.of(value);
            } else {
                overrides.put(flag.configKey(), value);
            }
        }
        return new Serve(overrides, configFile);
    }

    private static Flag find(String name) {
        for (Flag f : SERVE_FLAGS) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** @return top-level usage */
    public static String mainUsage() {
        return """
                Usage: epicenter <command> [flags]

                A Yjs sync server for the JVM. Point a y-websocket provider at ws://HOST:PORT/sync/<roomId>.

                Commands:
                  serve     run the server (see: epicenter serve --help)
                  help      show this help
                """;
    }

    /** @return usage of {@code serve} */
    public static String serveUsage() {
        StringBuilder sb = new StringBuilder("""
                Usage: epicenter serve [flags]

                Runs the server. Once ready it prints one line on stdout: listening on http://HOST:PORT
                Logs go to stderr. SIGTERM shuts down gracefully.

                Flags (each overrides a config key; precedence: flag > environment > config file > default):
                """);
        for (Flag f : SERVE_FLAGS) {
            String left = "  " + f.name() + " " + f.valueName();
            sb.append(String.format("%-24s %s%n", left, f.help()));
        }
        sb.append(String.format("%-24s %s%n", "  --help", "show this help"));
        return sb.toString();
    }
}
