package io.epicenter.server.testing;

import java.util.function.BooleanSupplier;

/** Polling for a condition, bounded by {@link WsClient#TIMEOUT}. */
public final class Await {

    private Await() {
    }

    /**
     * Poll {@code condition} every 20 ms until it holds.
     *
     * @param what what is awaited (for the failure message)
     * @param condition the condition
     * @throws AssertionError when it does not hold within {@link WsClient#TIMEOUT}
     */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WsClient.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
