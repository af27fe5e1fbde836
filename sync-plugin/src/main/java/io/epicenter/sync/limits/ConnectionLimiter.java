package io.epicenter.sync.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.epicenter.sync.metrics.SyncMetrics.Limit;

/**
 * Admission of connections against {@code max-connections} and {@code max-connections-per-address}.
 * Every successful {@link #tryAcquire} is paired with one {@link #release} of the same address; an
 * address's entry is removed when its count drops to zero, so the map holds only addresses with
 * open connections. Thread-safe, lock-free apart from the map's per-key atomicity.
 */
public final class ConnectionLimiter {

    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();

    /** @param limits the limits */
    public ConnectionLimiter(SyncLimits limits) {
        this.maxTotal = limits.maxConnections();
        this.maxPerAddress = limits.maxConnectionsPerAddress();
    }

    /**
     * @param address the client address
     * @return null when admitted (then {@link #release} it later), else the limit that refused it
     */
    public Limit tryAcquire(String address) {
        int n = total.incrementAndGet();
        if (maxTotal > 0 && n > maxTotal) {
            total.decrementAndGet();
            return Limit.CONNECTIONS;
        }
        if (maxPerAddress > 0) {
            boolean[] ok = new boolean[1];
            perAddress.compute(address, (k, v) -> {
                int count = v == null ? 0 : v;
                if (count >= maxPerAddress) {
                    return v;
                }
                ok[0] = true;
                return count + 1;
            });
            if (!ok[0]) {
                total.decrementAndGet();
                return Limit.ADDRESS_CONNECTIONS;
            }
        }
        return null;
    }

    /** @param address an address admitted by {@link #tryAcquire} */
    public void release(String address) {
        total.decrementAndGet();
        if (maxPerAddress > 0) {
            perAddress.computeIfPresent(address, (k, v) -> v <= 1 ? null : v - 1);
        }
    }

    /** @return admitted connections */
    public int admitted() {
        return total.get();
    }

    /** @return client addresses with at least one admitted connection (tracked only with a per-address limit) */
    public int addresses() {
        return perAddress.size();
    }

    /** @return the per-address limit (0: none) */
    public int maxPerAddress() {
        return maxPerAddress;
    }

    /** @return the total limit (0: none) */
    public int maxTotal() {
        return maxTotal;
    }
}
