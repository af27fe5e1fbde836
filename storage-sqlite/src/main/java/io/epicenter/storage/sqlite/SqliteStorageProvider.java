package io.epicenter.storage.sqlite;

import io.epicenter.plugin.storage.Storage;
import io.epicenter.plugin.storage.StorageProvider;
import io.epicenter.storage.StorageSettings;
import io.helidon.config.Config;

/** {@code storage.kind: sqlite} (the default): {@link SqliteStorage} in {@code storage.data-dir}. */
public final class SqliteStorageProvider implements StorageProvider {

    /** The kind. */
    public static final String KIND = "sqlite";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Storage open(Config storageConfig) {
        return SqliteStorage.open(SqliteStorage.Options.of(StorageSettings.from(storageConfig)));
    }
}
