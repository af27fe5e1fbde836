package io.epicenter.server.sync;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A JDK WebSocket client that collects whole binary messages (fragments reassembled) for tests. */
final class WsClient implements WebSocket.Listener, AutoCloseable {

    /** Awaits are bounded by this (seconds; system property {@code epicenter.test.timeout}, default 10). */
    static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("epicenter.test.timeout", 10));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Closed(int code, String reason) {
    }

    final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    WebSocket ws;

    static WsClient connect(URI uri) {
        return connect(uri, Map.of());
    }

    static WsClient connect(URI uri, Map<String, String> headers) {
        WsClient c = new WsClient();
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(b::header);
        c.ws = b.buildAsync(uri, c).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        return c;
    }

    /** @return the HTTP status of a refused handshake */
    static int refusedStatus(URI uri, Map<String, String> headers) {
        try {
            WsClient c = connect(uri, headers);
            c.ws.abort();
            throw new AssertionError("upgrade was accepted: " + uri.getPath());
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        partial.writeBytes(b); // the JDK calls a listener sequentially
        if (last) {
            messages.add(partial.toByteArray());
            partial.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        texts.add(data.toString());
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        pongs.add(message);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        webSocket.request(1);
        return null; // the JDK answers pings itself
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(-1, String.valueOf(error)));
    }

    void send(byte[] frame) {
        ws.sendBinary(ByteBuffer.wrap(frame), true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    void sendFragments(byte[]... parts) {
        for (int i = 0; i < parts.length; i++) {
            ws.sendBinary(ByteBuffer.wrap(parts[i]), i == parts.length - 1).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        }
    }

    void sendText(String text) {
        ws.sendText(text, true).join();
    }

    /** @return the next message */
    byte[] next() {
        try {
            byte[] m = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("no message within " + TIMEOUT + (closed.isDone() ? "; closed " + closed.join() : ""));
            }
            return m;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** @return the next message matching, skipping others */
    byte[] next(Predicate<byte[]> match) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] m;
            try {
                m = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (m != null && match.test(m)) {
                return m;
            }
        }
        throw new AssertionError("no matching message within " + TIMEOUT);
    }

    /** The server sends step 1 (and maybe awareness) on connect: take the step 1. */
    byte[] serverStep1() {
        byte[] m = next();
        if (!Frames.isSync(m, 0)) {
            throw new AssertionError("first message is not a sync step 1: " + Frames.hex(m));
        }
        return Frames.parseSync(m).payload();
    }

    /** Send an empty step 1 and return the step 2 payload the server answers with. */
    byte[] syncFromEmpty() {
        send(Frames.EMPTY_STEP1);
        return Frames.parseSync(next(m -> Frames.isSync(m, 1))).payload();
    }

    /** Assert nothing arrives for a while (used only for "must not receive" checks). */
    void expectNothing(Duration quiet) {
        try {
            byte[] m = messages.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            if (m != null) {
                throw new AssertionError("unexpected message " + Frames.hex(m));
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    Closed awaitClose() {
        return closed.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    boolean isOpen() {
        return !closed.isDone() && !ws.isInputClosed();
    }

    @Override
    public void close() {
        if (ws != null && !ws.isOutputClosed()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                ws.abort();
            }
        }
    }

    void abort() {
        ws.abort();
    }
}
