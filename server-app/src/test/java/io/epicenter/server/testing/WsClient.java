package io.epicenter.server.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A y-websocket test client on the JDK WebSocket: collects whole binary messages (fragments
 * reassembled), text messages and pongs; the JDK answers pings. Frames come from {@link Frames}.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    /** Awaits are bounded by this (seconds; system property {@code epicenter.test.timeout}, default 10). */
    public static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("epicenter.test.timeout", 10));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** How the connection ended: the close frame's code and reason, or -1 and the error. */
    public record Closed(int code, String reason) {
    }

    public final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    public final CompletableFuture<Closed> closed = new CompletableFuture<>();
    public final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    public final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    public WebSocket ws;

    public static WsClient connect(URI uri) {
        return connect(uri, Map.of());
    }

    public static WsClient connect(URI uri, Map<String, String> headers) {
        WsClient c = new WsClient();
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(b::header);
        c.ws = b.buildAsync(uri, c).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        return c;
    }

    /** Connect to {@code /sync/<room>} on 127.0.0.1 (room percent-encoded). */
    public static WsClient connect(int port, String room) {
        return connect(port, room, null);
    }

    /** Connect to {@code /sync/<room>?token=<token>} on 127.0.0.1 (both percent-encoded; null token: none). */
    public static WsClient connect(int port, String room, String token) {
        return connect(URI.create("ws://127.0.0.1:" + port + "/sync/" + URLEncoder.encode(room, StandardCharsets.UTF_8)
                + (token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))));
    }

    /** @return the HTTP status of a refused handshake */
    public static int refusedStatus(URI uri, Map<String, String> headers) {
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

    // ------------------------------------------------------------------ sending

    public void send(byte[] frame) {
        ws.sendBinary(ByteBuffer.wrap(frame), true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public void sendFragments(byte[]... parts) {
        for (int i = 0; i < parts.length; i++) {
            ws.sendBinary(ByteBuffer.wrap(parts[i]), i == parts.length - 1).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        }
    }

    public void sendText(String text) {
        ws.sendText(text, true).join();
    }

    /** Send an update followed by a sync status (102) carrying {@code tag} ({@link Frames#taggedSyncStatus}). */
    public void sendUpdateAnd102(byte[] update, long tag) {
        send(Frames.update(update));
        send(Frames.taggedSyncStatus(tag));
    }

    // ------------------------------------------------------------------ receiving

    /** @return the next message */
    public byte[] next() {
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
    public byte[] next(Predicate<byte[]> match) {
        return next(match, TIMEOUT);
    }

    /** @return the next message matching within {@code within}, skipping others */
    public byte[] next(Predicate<byte[]> match, Duration within) {
        byte[] m = poll(match, within);
        if (m == null) {
            throw new AssertionError("no matching message within " + within + (closed.isDone() ? "; closed " + closed.join() : ""));
        }
        return m;
    }

    /** @return the next message matching (others are skipped), or null after {@code within} */
    public byte[] poll(Predicate<byte[]> match, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            byte[] m;
            try {
                m = messages.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (m != null && match.test(m)) {
                return m;
            }
        }
    }

    /** The server sends step 1 (and maybe awareness) on connect: @return the payload of that step 1, asserted to come first */
    public byte[] serverStep1() {
        byte[] m = next();
        if (!Frames.isSync(m, 0)) {
            throw new AssertionError("first message is not a sync step 1: " + Frames.hex(m));
        }
        return Frames.parseSync(m).payload();
    }

    /** @return the payload (a state vector) of the next sync step 1, skipping other messages */
    public byte[] nextStep1() {
        return Frames.payload(next(m -> Frames.isSync(m, 0)));
    }

    /** Send an empty step 1; @return the payload of the step 2 the server answers with (checked by {@link Frames#parseSync}) */
    public byte[] syncFromEmpty() {
        send(Frames.EMPTY_STEP1);
        return Frames.parseSync(next(m -> Frames.isSync(m, 1))).payload();
    }

    /** Ask for everything: an empty step 1; @return the step 2 payload (the room's whole state), read unchecked */
    public byte[] fullState() {
        send(Frames.EMPTY_STEP1);
        return Frames.payload(next(m -> Frames.isSync(m, 1)));
    }

    /** Assert nothing arrives for a while (used only for "must not receive" checks). */
    public void expectNothing(Duration quiet) {
        try {
            byte[] m = messages.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            if (m != null) {
                throw new AssertionError("unexpected message " + Frames.hex(m));
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    public Closed awaitClose() {
        return closed.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public boolean isOpen() {
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

    public void abort() {
        ws.abort();
    }
}
