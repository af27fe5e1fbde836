package io.epicenter.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void builtInDefaultsAreTheRepositoryConfigFile() throws IOException {
        Path repoFile = Path.of(System.getProperty("epicenter.root", ".."), "config", "application.yaml");
        try (var in = ConfigLoader.class.getClassLoader().getResourceAsStream(ConfigLoader.DEFAULTS_RESOURCE)) {
            assertThat(new String(in.readAllBytes())).isEqualTo(Files.readString(repoFile));
        }
    }

    @Test
    void defaults() {
        Config c = ConfigLoader.load(Map.of(), Optional.empty(), Map.of());
        assertThat(c.get("server.port").asInt().get()).isEqualTo(3913);
        assertThat(c.get("server.host").asString().get()).isEqualTo("127.0.0.1");
        assertThat(c.get("auth.token").asString().get()).isEmpty();
        assertThat(c.get("plugins.sync.eviction-delay").as(Duration.class).get()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void precedenceFlagOverEnvironmentOverFileOverDefault() throws IOException {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, """
                server:
                  port: 1111
                  host: 0.0.0.0
                auth:
                  token: from-file
                plugins:
                  sync:
                    eviction-delay: PT5S
                """);
        Map<String, String> env = Map.of("EPICENTER_SERVER_PORT", "2222", "EPICENTER_TOKEN", "from-env",
                                         "EPICENTER_PLUGINS_SYNC_ALLOWED_ORIGINS", "http://a.example, http://b.example");
        Config c = ConfigLoader.load(Map.of("server.port", "3333"), Optional.of(file.toString()), env);
        assertThat(c.get("server.port").asInt().get()).isEqualTo(3333);          // flag
        assertThat(c.get("auth.token").asString().get()).isEqualTo("from-env");  // env over file
        assertThat(c.get("server.host").asString().get()).isEqualTo("0.0.0.0"); // file over default
        assertThat(c.get("plugins.sync.eviction-delay").as(Duration.class).get()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.get("plugins.sync.ping-interval").as(Duration.class).get()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.get("plugins.sync.allowed-origins").asList(String.class).get())
                .isEqualTo(List.of("http://a.example", "http://b.example"));

        Config envOnly = ConfigLoader.load(Map.of(), Optional.of(file.toString()), env);
        assertThat(envOnly.get("server.port").asInt().get()).isEqualTo(2222);
    }

    @Test
    void listOverridesByIndex() {
        Config c = ConfigLoader.load(Map.of("plugins.sync.allowed-origins.0", "http://a.example",
                                            "plugins.sync.allowed-origins.1", "http://b.example"), Optional.empty(), Map.of());
        assertThat(c.get("plugins.sync.allowed-origins").asList(String.class).get())
                .isEqualTo(List.of("http://a.example", "http://b.example"));
    }

    @Test
    void missingExplicitConfigFileIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.of(dir.resolve("nope.yaml").toString()), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("config file not found");
    }

    @Test
    void envNames() {
        assertThat(ConfigLoader.envName("plugins.sync.eviction-delay")).isEqualTo("EPICENTER_PLUGINS_SYNC_EVICTION_DELAY");
        assertThat(ConfigLoader.envName("auth.token")).isEqualTo("EPICENTER_AUTH_TOKEN");
    }
}
