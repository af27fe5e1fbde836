package io.epicenter.sync.room;

import java.util.Locale;

/** How rooms hold their document ({@code plugins.sync.room-state}). */
public enum RoomStateKind {
    /** a crdt {@code Doc} that integrates every update ({@link DocumentState}); the default */
    DOCUMENT,
    /** the validated updates, merged lazily ({@link UpdateLog}) */
    LOG;

    /**
     * @param value {@code document} or {@code log} (any case)
     * @return the kind
     * @throws IllegalArgumentException for anything else
     */
    public static RoomStateKind parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "document" -> DOCUMENT;
            case "log" -> LOG;
            default -> throw new IllegalArgumentException("plugins.sync.room-state must be document or log, not '" + value + "'");
        };
    }

    /** @return the config value */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param initial the stored state (a V1 update) or null
     * @return a fresh room state of this kind holding it
     * @throws io.epicenter.crdt.lib0.CrdtDecodeException when a document cannot integrate the stored state
     */
    RoomState create(byte[] initial) {
        return this == DOCUMENT ? new DocumentState(initial) : new UpdateLog(initial);
    }
}
