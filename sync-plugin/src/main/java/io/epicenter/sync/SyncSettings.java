package io.epicenter.sync;

import java.time.Duration;
import java.util.List;

import io.epicenter.sync.room.RoomStateKind;
import io.helidon.config.Config;

/**
 * The sync plugin's settings ({@code plugins.sync.*}).
 *
 * @param evictionDelay how long a room with no connections stays loaded
 * @param pingInterval server ping interval; a connection silent for a whole interval after a ping is closed
 * @param maxMessageBytes largest accepted message after reassembly of fragments (larger: 1009)
 * @param maxQueuedBytes per-connection outbound queue bound (overflow: 1013)
 * @param allowedOrigins browser origins allowed to open WebSockets; empty allows any
 * @param closeTimeout how long a closing connection may take to answer the close before its TCP
 *                     connection is cut
 * @param roomState how rooms hold their document: a crdt document (default) or an update log
 */
public record SyncSettings(Duration evictionDelay,
                           Duration pingInterval,
                           int maxMessageBytes,
                           long maxQueuedBytes,
                           List<String> allowedOrigins,
                           Duration closeTimeout,
                           RoomStateKind roomState) {

    public SyncSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        require(!evictionDelay.isNegative(), "plugins.sync.eviction-delay must not be negative");
        require(pingInterval.compareTo(Duration.ofMillis(10)) >= 0, "plugins.sync.ping-interval must be at least 10 ms");
        require(maxMessageBytes > 0, "plugins.sync.max-message-bytes must be positive");
        require(maxQueuedBytes > 0, "plugins.sync.max-queued-bytes must be positive");
        require(!closeTimeout.isNegative() && !closeTimeout.isZero(), "plugins.sync.close-timeout must be positive");
        require(roomState != null, "plugins.sync.room-state must be document or log");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * @param c the {@code plugins.sync} node
     * @return settings with defaults for missing keys
     */
    public static SyncSettings from(Config c) {
        return new SyncSettings(
                c.get("eviction-delay").as(Duration.class).orElse(Duration.ofSeconds(60)),
                c.get("ping-interval").as(Duration.class).orElse(Duration.ofSeconds(30)),
                c.get("max-message-bytes").asInt().orElse(16 * 1024 * 1024),
                c.get("max-queued-bytes").asLong().orElse(32L * 1024 * 1024),
                c.get("allowed-origins").asList(String.class).orElse(List.of()).stream()
                        .map(String::trim).filter(s -> !s.isEmpty()).toList(),
                c.get("close-timeout").as(Duration.class).orElse(Duration.ofSeconds(5)),
                c.get("room-state").asString().map(RoomStateKind::parse).orElse(RoomStateKind.DOCUMENT));
    }
}
