package io.epicenter.server;

import java.util.Map;

import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /} and health, served by the production wiring. */
@ServerTest
class RootAndHealthTest {

    private final Http1Client http;

    RootAndHealthTest(Http1Client http) {
        this.http = http;
    }

    @SetUpServer
    static void setUp(WebServerConfig.Builder server) {
        EpicenterServer.setup(server, TestServers.config(Map.of()), RootAndHealthTest.class.getClassLoader());
    }

    @Test
    void rootReportsStatusVersionAndPlugins() {
        try (Http1ClientResponse res = http.get("/").request()) {
            assertThat(res.status()).isEqualTo(Status.OK_200);
            assertThat(res.headers().contentType().map(Object::toString).orElse("")).contains("application/json");
            String body = res.as(String.class);
            assertThat(body).contains("\"status\":\"UP\"", "\"version\":", "\"sync\"", "\"workspace\"");
        }
    }

    @Test
    void healthWithDetailsLiveAndReady() {
        try (Http1ClientResponse res = http.get("/observe/health").request()) {
            assertThat(res.status()).isEqualTo(Status.OK_200);
            assertThat(res.as(String.class)).contains("\"status\":\"UP\"", "\"plugins\"");
        }
        try (Http1ClientResponse res = http.get("/observe/health/live").request()) {
            assertThat(res.status()).isEqualTo(Status.OK_200);
        }
        try (Http1ClientResponse res = http.get("/observe/health/ready").request()) {
            assertThat(res.status()).isEqualTo(Status.OK_200);
        }
    }

    @Test
    void metricsArePrometheusText() {
        try (Http1ClientResponse res = http.get("/observe/metrics").header(io.helidon.http.HeaderNames.ACCEPT, "text/plain").request()) {
            assertThat(res.status()).isEqualTo(Status.OK_200);
            assertThat(res.as(String.class)).contains("# TYPE");
        }
    }

    @Test
    void unknownPathIs404() {
        try (Http1ClientResponse res = http.get("/no/such/thing").request()) {
            assertThat(res.status()).isEqualTo(Status.NOT_FOUND_404);
        }
    }
}
