package io.epicenter.server.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.epicenter.server.plugin.PluginHost;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /}: status, version and each enabled plugin's status (answers 200 for ingress checks). */
public final class RootEndpoint {

    private final PluginHost host;
    private final String version;

    public RootEndpoint(PluginHost host, String version) {
        this.host = host;
        this.version = version;
    }

    public void handle(ServerRequest req, ServerResponse res) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("name", "epicenter");
        body.put("version", version);
        body.put("plugins", host.status());
        res.send(body);
    }
}
