package io.epicenter.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import io.epicenter.plugin.storage.Storage;
import io.epicenter.plugin.storage.StorageProvider;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersTest {

    @TempDir
    Path dir;

    private static Config storageConfig(Map<String, String> values) {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(ConfigSources.create(values))
                .build()
                .get("storage");
    }

    @Test
    void bothKindsAreFoundWithServiceLoader() {
        List<StorageProvider> providers = ServiceLoader.load(StorageProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        assertThat(providers).extracting(StorageProvider::kind).containsExactlyInAnyOrder("sqlite", "memory");
        assertThat(StorageProvider.forKind(providers, StorageProvider.DEFAULT_KIND)).isPresent();
        assertThat(StorageProvider.forKind(providers, "cassandra")).isEmpty();
    }

    @Test
    void sqliteOpensInTheConfiguredDataDir() {
        Path data = dir.resolve("nested").resolve("data");
        Config c = storageConfig(Map.of("storage.kind", "sqlite", "storage.data-dir", data.toString(),
                                        "storage.compact-after-updates", "7", "storage.compact-after-bytes", "1000"));
        StorageProvider p = StorageProvider.forKind(ServiceLoader.load(StorageProvider.class).stream()
                                                            .map(ServiceLoader.Provider::get).toList(), "sqlite").orElseThrow();
        try (Storage s = p.open(c)) {
            assertThat(s.kind()).isEqualTo("sqlite");
            s.append("r", TextUpdates.typed(1, 0, 'a')).join();
        }
        assertThat(data.resolve("epicenter.db")).exists();
        assertThat(StorageSettings.from(c)).isEqualTo(new StorageSettings(data, 7, 1000));
    }

    @Test
    void settingsDefaults() {
        assertThat(StorageSettings.from(storageConfig(Map.of()))).isEqualTo(StorageSettings.defaults());
        assertThat(StorageSettings.defaults()).isEqualTo(new StorageSettings(Path.of("./data"), 500, 1 << 20));
    }
}
