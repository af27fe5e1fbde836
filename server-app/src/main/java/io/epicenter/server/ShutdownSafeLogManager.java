package io.epicenter.server;

import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * A {@link LogManager} that ignores the JDK's reset at JVM shutdown, so the lines our own shutdown
 * hook logs while stopping (connections closed, storage flushed) are not lost: the JDK's cleaner
 * hook runs concurrently with ours and would otherwise remove every handler first. Our hook
 * flushes the handlers itself when it is done ({@link #flushAll()}).
 */
public final class ShutdownSafeLogManager extends LogManager {

    @Override
    public void reset() {
        if (shuttingDown()) {
            return;
        }
        super.reset();
    }

    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** Flush every handler of the root logger (called at the end of our shutdown hook). */
    static void flushAll() {
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
    }
}
