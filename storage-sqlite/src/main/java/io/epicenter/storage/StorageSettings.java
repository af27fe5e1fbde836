package io.epicenter.storage;

import java.nio.file.Path;

import io.helidon.config.Config;

/**
 * The keys every store reads from the {@code storage} config node.
 *
 * @param dataDir {@code storage.data-dir}: where a disk store keeps its files
 * @param compactAfterUpdates {@code storage.compact-after-updates}: compact a room whose log holds at
 *                            least this many entries after its snapshot (0 or less: never by count)
 * @param compactAfterBytes {@code storage.compact-after-bytes}: ... or at least this many bytes (0 or
 *                          less: never by size)
 */
public record StorageSettings(Path dataDir, int compactAfterUpdates, long compactAfterBytes) {

    /** Default of {@code storage.data-dir}. */
    public static final String DEFAULT_DATA_DIR = "./data";
    /** Default of {@code storage.compact-after-updates}. */
    public static final int DEFAULT_COMPACT_AFTER_UPDATES = 500;
    /** Default of {@code storage.compact-after-bytes} (1 MiB). */
    public static final long DEFAULT_COMPACT_AFTER_BYTES = 1L << 20;

    /** @return the defaults, with the data directory {@code ./data} */
    public static StorageSettings defaults() {
        return new StorageSettings(Path.of(DEFAULT_DATA_DIR), DEFAULT_COMPACT_AFTER_UPDATES, DEFAULT_COMPACT_AFTER_BYTES);
    }

    /**
     * @param storage the {@code storage} config node (may be missing)
     * @return the settings, defaults for missing keys
     */
    public static StorageSettings from(Config storage) {
        return new StorageSettings(Path.of(storage.get("data-dir").asString().orElse(DEFAULT_DATA_DIR)),
                                   storage.get("compact-after-updates").asInt().orElse(DEFAULT_COMPACT_AFTER_UPDATES),
                                   storage.get("compact-after-bytes").asLong().orElse(DEFAULT_COMPACT_AFTER_BYTES));
    }

    /**
     * @param entries log entries after the snapshot
     * @param bytes their bytes
     * @return whether a room's log is due for compaction
     */
    public boolean compactionDue(long entries, long bytes) {
        return entries > 0 && ((compactAfterUpdates > 0 && entries >= compactAfterUpdates)
                || (compactAfterBytes > 0 && bytes >= compactAfterBytes));
    }

    /** @return these settings with another data directory */
    public StorageSettings withDataDir(Path dir) {
        return new StorageSettings(dir, compactAfterUpdates, compactAfterBytes);
    }

    /** @return these settings with other compaction thresholds */
    public StorageSettings withCompaction(int afterUpdates, long afterBytes) {
        return new StorageSettings(dataDir, afterUpdates, afterBytes);
    }
}
