package io.epicenter.server;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

import io.epicenter.server.cli.CommandLine;
import io.epicenter.server.config.ConfigLoader;
import io.epicenter.server.plugin.PluginLoadException;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;

/** The {@code epicenter} command. Logs go to stderr; stdout carries only the {@code listening on} line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // before anything touches java.util.logging: keep logging alive during our shutdown hook
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownSafeLogManager.class.getName());
        }
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * @return the exit code (0 also while the server keeps running in the background)
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine.Parsed parsed = CommandLine.parse(args);
        if (parsed instanceof CommandLine.Help help) {
            out.print(help.text());
            return 0;
        }
        if (parsed instanceof CommandLine.Usage usage) {
            err.println("epicenter: " + usage.error());
            err.print(usage.usage());
            return 2;
        }
        CommandLine.Serve serve = (CommandLine.Serve) parsed;
        LogConfig.configureRuntime();
        EpicenterServer server;
        try {
            Config config = ConfigLoader.load(serve.overrides(), serve.configFile(), System.getenv());
            server = EpicenterServer.start(config);
        } catch (PluginLoadException | IllegalArgumentException | io.helidon.config.ConfigException e) {
            err.println("epicenter: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            ShutdownSafeLogManager.flushAll();
            stopped.countDown();
        }, "epicenter-shutdown"));
        String host = hostForUrl(ConfigLoader.load(serve.overrides(), serve.configFile(), System.getenv())
                                         .get("server.host").asString().orElse("127.0.0.1"));
        out.println("listening on http://" + host + ":" + server.port());
        out.flush();
        return 0;
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
