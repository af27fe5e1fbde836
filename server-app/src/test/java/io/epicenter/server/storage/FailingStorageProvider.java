package io.epicenter.server.storage;

import io.epicenter.plugin.storage.Storage;
import io.epicenter.plugin.storage.StorageProvider;
import io.epicenter.storage.sqlite.SqliteStorageProvider;
import io.epicenter.storage.testing.FailingStorage;
import io.helidon.config.Config;

/**
 * For tests: {@code storage.kind: failing} is the real SQLite store wrapped in a
 * {@link FailingStorage} that the test controls through {@link #last()}. Found like any provider
 * (META-INF/services on the test class path), so the server runs its production wiring.
 */
public final class FailingStorageProvider implements StorageProvider {

    /** The kind. */
    public static final String KIND = "failing";

    private static volatile FailingStorage last;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Storage open(Config storageConfig) {
        FailingStorage s = new FailingStorage(new SqliteStorageProvider().open(storageConfig));
        last = s;
        return s;
    }

    /** @return the store opened last */
    static FailingStorage last() {
        return last;
    }
}
