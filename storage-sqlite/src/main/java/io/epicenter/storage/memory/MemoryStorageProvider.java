package io.epicenter.storage.memory;

import io.epicenter.plugin.storage.Storage;
import io.epicenter.plugin.storage.StorageProvider;
import io.epicenter.storage.StorageSettings;
import io.helidon.config.Config;

/** {@code storage.kind: memory}: {@link MemoryStorage}; nothing survives a restart. */
public final class MemoryStorageProvider implements StorageProvider {

    /** The kind. */
    public static final String KIND = "memory";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Storage open(Config storageConfig) {
        return new MemoryStorage(StorageSettings.from(storageConfig));
    }
}
