package io.epicenter.server.workspace;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** The HTTP status of a refused WebSocket upgrade. */
final class TestRefused {

    private TestRefused() {
    }

    static int status(URI uri) {
        try {
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            }).orTimeout(10, TimeUnit.SECONDS).join();
            ws.abort();
            throw new AssertionError("upgrade was accepted: " + uri);
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }
}
