package io.epicenter.sync.metrics;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * The sync plugin's meters, served by the host as Prometheus text at {@code /observe/metrics}
 * (every name is listed in the README, section Operations → Metrics).
 *
 * <p><b>Cost.</b> Every counter is a {@link LongAdder} resolved once (per message type: an array
 * indexed by a small slot computed from the message's first byte, no map lookup, no string), and
 * registered with the registry as a {@link FunctionalCounter} that reads it at scrape time. So the
 * per-message cost is one or two uncontended adds, and the plugin works the same without any
 * registry ({@link #NOOP}, for unit tests). Gauges are computed at scrape time only.
 * Timers (storage append, room load) use the registry's {@link Timer} and are skipped without one.
 *
 * <p><b>Lifetime.</b> {@link #close} removes every meter this instance registered, so a server
 * started again in the same JVM (tests) registers fresh ones; one server per JVM is the production
 * case.
 */
public final class SyncMetrics {

    /** Message types by slot, as the {@code type} tag. */
    private static final String[] TYPES = {"sync", "awareness", "auth", "query_awareness", "sync_status", "other"};
    private static final int OTHER = TYPES.length - 1;

    /** No registry: counts are kept (tests read them) but nothing is exported. */
    public static final SyncMetrics NOOP = new SyncMetrics(null);

    /** Why a connection or an update was refused ({@code limit} tag of {@code epicenter_sync_limit_refusals_total}). */
    public enum Limit {
        /** an update would make the room's document larger than {@code limits.max-document-bytes} */
        DOCUMENT_SIZE,
        /** a new room would pass {@code limits.max-rooms} */
        ROOMS,
        /** a connection would pass {@code limits.max-connections} */
        CONNECTIONS,
        /** a connection would pass {@code limits.max-connections-per-room} */
        ROOM_CONNECTIONS,
        /** a connection would pass {@code limits.max-connections-per-address} */
        ADDRESS_CONNECTIONS,
        /** a connection sent updates faster than {@code limits.updates-per-second} / {@code update-burst} */
        UPDATE_RATE,
        /** a connection sent more than {@code limits.preauth-bytes} / {@code preauth-messages} before it was admitted */
        PREAUTH,
        /** a connection would own more than {@code limits.max-awareness-ids-per-connection} awareness client ids */
        AWARENESS_IDS,
        /** a connection had too many sync-status (102) messages waiting for its updates to be stored */
        SYNC_STATUS;

        final String tag = name().toLowerCase(Locale.ROOT);
    }

    private final MeterRegistry registry;
    private final ConcurrentLinkedQueue<Meter> registered = new ConcurrentLinkedQueue<>();

    private final LongAdder[] receivedMessages = adders(TYPES.length);
    private final LongAdder[] receivedBytes = adders(TYPES.length);
    private final LongAdder[] sentMessages = adders(TYPES.length);
    private final LongAdder[] sentBytes = adders(TYPES.length);
    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder updatesApplied = new LongAdder();
    private final LongAdder updatesAppliedBytes = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder slowConsumerCloses = new LongAdder();
    private final LongAdder[] refusals = adders(Limit.values().length);
    private final LongAdder awarenessCoalesced = new LongAdder();
    private final LongAdder awarenessDropped = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder loadFailures = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder appends = new LongAdder();
    private final LongAdder appendFailures = new LongAdder();
    private final LongAdder compactions = new LongAdder();
    private final LongAdder compactionFailures = new LongAdder();
    private final LongAdder persistFailures = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> closes = new ConcurrentHashMap<>();
    private volatile LongSupplier reportedCompactions = () -> -1;
    private final Timer appendTimer;
    private final Timer loadTimer;

    /**
     * @param registry where to register the meters (the host's, {@code PluginContext.meters()}),
     *                 or null for none
     */
    public SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (int i = 0; i < TYPES.length; i++) {
            Tag type = Tag.create("type", TYPES[i]);
            counter("epicenter_sync_messages_received_total", "WebSocket messages received, by y-websocket message type", receivedMessages[i], type);
            counter("epicenter_sync_messages_received_bytes_total", "bytes of WebSocket messages received, by message type", receivedBytes[i], type);
            counter("epicenter_sync_messages_sent_total", "WebSocket messages written to clients, by message type", sentMessages[i], type);
            counter("epicenter_sync_messages_sent_bytes_total", "bytes of WebSocket messages written to clients, by message type", sentBytes[i], type);
        }
        counter("epicenter_sync_connections_opened_total", "WebSocket connections opened (upgrades, including refused ones)", connectionsOpened);
        counter("epicenter_sync_updates_applied_total", "document updates applied to rooms (WebSocket and rooms service)", updatesApplied);
        counter("epicenter_sync_updates_applied_bytes_total", "bytes of document updates applied to rooms", updatesAppliedBytes);
        counter("epicenter_sync_broadcast_deliveries_total", "frames handed to peers by room broadcasts (one per receiving peer)", deliveries);
        counter("epicenter_sync_slow_consumer_closes_total", "connections closed (1013) because their outbound queue overflowed", slowConsumerCloses);
        for (Limit l : Limit.values()) {
            counter("epicenter_sync_limit_refusals_total", "connections or updates refused by a limit (plugins.sync.limits.*)",
                    refusals[l.ordinal()], Tag.create("limit", l.tag));
        }
        counter("epicenter_sync_awareness_coalesced_total", "awareness entries held back by the awareness rate limit and sent later (latest per client id)", awarenessCoalesced);
        counter("epicenter_sync_awareness_dropped_total", "awareness entries dropped by the awareness rate limit (coalescing buffer full)", awarenessDropped);
        counter("epicenter_sync_room_loads_total", "rooms loaded from storage", loads);
        counter("epicenter_sync_room_load_failures_total", "room loads that failed (connections closed with 1011)", loadFailures);
        counter("epicenter_sync_room_evictions_total", "rooms evicted after the eviction delay", evictions);
        counter("epicenter_sync_storage_appends_total", "updates appended to storage", appends);
        counter("epicenter_sync_storage_append_failures_total", "storage appends that failed (sender closed with 1011)", appendFailures);
        if (registry != null) {
            register(FunctionalCounter.builder("epicenter_sync_storage_compactions_total", this, SyncMetrics::compactions)
                             .description("room compactions (log merged into a snapshot), automatic ones included when the store reports them"));
        }
        counter("epicenter_sync_storage_compaction_failures_total", "room compactions that failed", compactionFailures);
        counter("epicenter_sync_storage_persist_failures_total", "persists at eviction or shutdown that failed (room kept loaded)", persistFailures);
        appendTimer = timer("epicenter_sync_storage_append_seconds", "time to append an update to storage (until durable when the store waits for it)");
        loadTimer = timer("epicenter_sync_room_load_seconds", "time to load a room from storage");
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    private void counter(String name, String help, LongAdder adder, Tag... tags) {
        if (registry == null) {
            return;
        }
        FunctionalCounter.Builder<?> b = FunctionalCounter.builder(name, adder, LongAdder::sum).description(help);
        for (Tag t : tags) {
            b.addTag(t);
        }
        register(b);
    }

    private Timer timer(String name, String help) {
        if (registry == null) {
            return null;
        }
        Timer t = registry.getOrCreate(Timer.builder(name).baseUnit("seconds").description(help));
        registered.add(t);
        return t;
    }

    private <B extends Meter.Builder<B, M>, M extends Meter> void register(B builder) {
        registered.add(registry.getOrCreate(builder));
    }

    /**
     * Register a gauge computed at scrape time.
     *
     * @param name Prometheus name
     * @param help description
     * @param value computes the value (must be cheap and never block)
     * @param tags tags
     */
    public void gauge(String name, String help, Supplier<Number> value, Tag... tags) {
        if (registry == null) {
            return;
        }
        Gauge.Builder<Number> b = Gauge.builder(name, value).description(help);
        for (Tag t : tags) {
            b.addTag(t);
        }
        register(b);
    }

    /** Remove every meter this instance registered. */
    public void close() {
        if (registry == null) {
            return;
        }
        Meter m;
        while ((m = registered.poll()) != null) {
            try {
                registry.remove(m);
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }

    // ------------------------------------------------------------------ hot path

    /**
     * @param firstByte the first byte of a y-websocket message (its type as a one-byte varUint)
     * @return the slot of that type
     */
    static int slot(int firstByte) {
        return switch (firstByte) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> 2;
            case 3 -> 3;
            case 102 -> 4;
            default -> OTHER;
        };
    }

    /**
     * A whole message was received.
     *
     * @param message the message (may be empty)
     */
    public void received(byte[] message) {
        int s = message.length == 0 ? OTHER : slot(message[0] & 0xff);
        receivedMessages[s].increment();
        receivedBytes[s].add(message.length);
    }

    /**
     * A whole message was written to a client.
     *
     * @param frame the message
     */
    public void sent(byte[] frame) {
        int s = frame.length == 0 ? OTHER : slot(frame[0] & 0xff);
        sentMessages[s].increment();
        sentBytes[s].add(frame.length);
    }

    /** A connection was opened (upgraded). */
    public void connectionOpened() {
        connectionsOpened.increment();
    }

    /** @param bytes size of an update applied to a room */
    public void updateApplied(int bytes) {
        updatesApplied.increment();
        updatesAppliedBytes.add(bytes);
    }

    /** @param peers how many peers a broadcast handed its frame to */
    public void delivered(int peers) {
        if (peers > 0) {
            deliveries.add(peers);
        }
    }

    /** A connection was closed because its outbound queue overflowed. */
    public void slowConsumerClosed() {
        slowConsumerCloses.increment();
    }

    /** @param limit the limit that refused a connection or an update */
    public void refused(Limit limit) {
        refusals[limit.ordinal()].increment();
    }

    /** @param entries awareness entries held back for later */
    public void awarenessCoalesced(int entries) {
        awarenessCoalesced.add(entries);
    }

    /** @param entries awareness entries dropped */
    public void awarenessDropped(int entries) {
        awarenessDropped.add(entries);
    }

    /**
     * A connection ended.
     *
     * @param by who ended it: {@code server}, {@code client}, {@code lost} or {@code error}
     * @param code the close code (codes a client sends outside the standard set count as {@code other})
     */
    public void closed(String by, int code) {
        String key = by + ":" + codeTag(code);
        LongAdder a = closes.get(key);
        if (a == null) {
            a = closes.computeIfAbsent(key, k -> {
                LongAdder n = new LongAdder();
                counter("epicenter_sync_connection_closes_total", "connections ended, by close code and by whom (server, client, lost, error)",
                        n, Tag.create("code", codeTag(code)), Tag.create("by", by));
                return n;
            });
        }
        a.increment();
    }

    private static String codeTag(int code) {
        return switch (code) {
            case 1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1011, 1013, 4401, 4404 -> Integer.toString(code);
            default -> "other";
        };
    }

    // ------------------------------------------------------------------ rooms and storage

    /** @param nanos how long a successful room load took */
    public void roomLoaded(long nanos) {
        loads.increment();
        if (loadTimer != null) {
            loadTimer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A room load failed. */
    public void roomLoadFailed() {
        loadFailures.increment();
    }

    /** A room was evicted. */
    public void roomEvicted() {
        evictions.increment();
    }

    /** @param nanos how long a successful storage append took */
    public void storageAppended(long nanos) {
        appends.increment();
        if (appendTimer != null) {
            appendTimer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A storage append failed. */
    public void storageAppendFailed() {
        appendFailures.increment();
    }

    /** A room was compacted. */
    public void compacted() {
        compactions.increment();
    }

    /**
     * @param reported the store's own count of compactions (automatic ones included), or -1 when it
     *                 has none; then compactions requested through {@link MeteredStorage} are counted
     */
    public void reportedCompactions(LongSupplier reported) {
        this.reportedCompactions = reported;
    }

    private long compactions() {
        long r;
        try {
            r = reportedCompactions.getAsLong();
        } catch (RuntimeException e) {
            r = -1;
        }
        return r >= 0 ? r : compactions.sum();
    }

    /** A compaction failed. */
    public void compactionFailed() {
        compactionFailures.increment();
    }

    /** A persist (eviction, shutdown) failed. */
    public void persistFailed() {
        persistFailures.increment();
    }

    // ------------------------------------------------------------------ reads (tests, status)

    /** @return updates applied so far */
    public long updatesApplied() {
        return updatesApplied.sum();
    }

    /**
     * @param limit a limit
     * @return refusals by it so far
     */
    public long refusals(Limit limit) {
        return refusals[limit.ordinal()].sum();
    }
}
