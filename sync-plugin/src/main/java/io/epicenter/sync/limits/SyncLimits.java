package io.epicenter.sync.limits;

import io.helidon.config.Config;

/**
 * The sync plugin's limits ({@code plugins.sync.limits.*}). {@code 0} switches a limit off. Every
 * refusal is logged (one line, with room and connection id) and counted in
 * {@code epicenter_sync_limit_refusals_total{limit=...}}.
 *
 * @param maxDocumentBytes bytes a room's document may hold; an update that would pass it is refused
 *                         (the sender is closed with 1008 "document too large ...")
 * @param maxRooms rooms loaded at once (any state but closed); a connection that would load one
 *                 more is closed with 1013 "try again later: ..." (existing rooms keep working)
 * @param maxConnections open WebSocket connections in total (1013)
 * @param maxConnectionsPerRoom connections to one room (1013)
 * @param maxConnectionsPerAddress connections from one client address (1013); the address is the
 *                                 TCP peer, or the last {@code X-Forwarded-For} entry when
 *                                 {@code trustForwardedFor}
 * @param updatesPerSecond sustained rate of document updates (sync step 2 and update messages) one
 *                         connection may send; excess closes it with 1008
 * @param updateBurst updates a connection may send at once (token bucket size)
 * @param awarenessPerSecond sustained rate of awareness messages per connection; excess is
 *                           coalesced (latest state per client id, sent when the budget refills)
 * @param awarenessBurst awareness messages a connection may send at once
 * @param maxAwarenessIdsPerConnection awareness client ids one connection may own (have announced
 *                                     and not removed); an update that would pass it closes the
 *                                     connection with 1008
 * @param preauthBytes bytes a connection may send before it is admitted to its room (refused
 *                     connections, or while the room is joining); beyond it the connection is cut
 * @param preauthMessages messages likewise
 * @param trustForwardedFor whether the client address for per-address limits and logs comes from
 *                          {@code X-Forwarded-For} (only behind a proxy that sets it)
 */
public record SyncLimits(long maxDocumentBytes,
                         int maxRooms,
                         int maxConnections,
                         int maxConnectionsPerRoom,
                         int maxConnectionsPerAddress,
                         double updatesPerSecond,
                         int updateBurst,
                         double awarenessPerSecond,
                         int awarenessBurst,
                         int maxAwarenessIdsPerConnection,
                         long preauthBytes,
                         int preauthMessages,
                         boolean trustForwardedFor) {

    /** Awareness client ids one connection may have waiting in its coalescing buffer; more are dropped. */
    public static final int AWARENESS_PENDING_CLIENTS = 64;

    /** Every limit off (unit tests of the room layer). */
    public static final SyncLimits NONE = new SyncLimits(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);

    public SyncLimits {
        require(maxDocumentBytes >= 0, "max-document-bytes");
        require(maxRooms >= 0, "max-rooms");
        require(maxConnections >= 0, "max-connections");
        require(maxConnectionsPerRoom >= 0, "max-connections-per-room");
        require(maxConnectionsPerAddress >= 0, "max-connections-per-address");
        require(updatesPerSecond >= 0, "updates-per-second");
        require(updateBurst >= 0, "update-burst");
        require(awarenessPerSecond >= 0, "awareness-per-second");
        require(awarenessBurst >= 0, "awareness-burst");
        require(maxAwarenessIdsPerConnection >= 0, "max-awareness-ids-per-connection");
        require(preauthBytes >= 0, "preauth-bytes");
        require(preauthMessages >= 0, "preauth-messages");
        if (updatesPerSecond > 0 && updateBurst < 1) {
            throw new IllegalArgumentException("plugins.sync.limits.update-burst must be at least 1 when updates-per-second is set");
        }
        if (awarenessPerSecond > 0 && awarenessBurst < 1) {
            throw new IllegalArgumentException("plugins.sync.limits.awareness-burst must be at least 1 when awareness-per-second is set");
        }
    }

    private static void require(boolean ok, String key) {
        if (!ok) {
            throw new IllegalArgumentException("plugins.sync.limits." + key + " must not be negative");
        }
    }

    /**
     * @param c the {@code plugins.sync.limits} node
     * @return limits with the documented defaults for missing keys
     */
    public static SyncLimits from(Config c) {
        return new SyncLimits(
                c.get("max-document-bytes").asLong().orElse(256L * 1024 * 1024),
                c.get("max-rooms").asInt().orElse(100_000),
                c.get("max-connections").asInt().orElse(20_000),
                c.get("max-connections-per-room").asInt().orElse(5_000),
                c.get("max-connections-per-address").asInt().orElse(5_000),
                c.get("updates-per-second").asDouble().orElse(1000.0),
                c.get("update-burst").asInt().orElse(20_000),
                c.get("awareness-per-second").asDouble().orElse(30.0),
                c.get("awareness-burst").asInt().orElse(100),
                c.get("max-awareness-ids-per-connection").asInt().orElse(64),
                c.get("preauth-bytes").asLong().orElse(65_536L),
                c.get("preauth-messages").asInt().orElse(32),
                c.get("trust-forwarded-for").asBoolean().orElse(false));
    }

    /** @return a new update bucket for one connection, or null when unlimited */
    public TokenBucket newUpdateBucket() {
        return updatesPerSecond > 0 ? new TokenBucket(updatesPerSecond, updateBurst) : null;
    }

    /** @return a new awareness bucket for one connection, or null when unlimited */
    public TokenBucket newAwarenessBucket() {
        return awarenessPerSecond > 0 ? new TokenBucket(awarenessPerSecond, awarenessBurst) : null;
    }
}
