package io.epicenter.sync.limits;

/**
 * A token bucket: starts full ({@code burst} tokens), refills at {@code perSecond}. Not
 * thread-safe: one connection's reader uses it, or its owner guards it with a lock.
 */
public final class TokenBucket {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    /**
     * @param perSecond refill rate, positive
     * @param burst capacity, at least 1
     */
    public TokenBucket(double perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    private void refill(long now) {
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            last = now;
        }
    }

    /**
     * @param now {@link System#nanoTime()}
     * @return whether a token was taken
     */
    public boolean tryTake(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /**
     * @param now {@link System#nanoTime()}
     * @return nanoseconds until a token is available (0: now)
     */
    public long nanosUntilToken(long now) {
        refill(now);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }
}
