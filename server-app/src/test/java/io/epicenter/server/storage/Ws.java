package io.epicenter.server.storage;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.epicenter.crdt.doc.Doc;

/**
 * A y-websocket client for the storage tests (JDK WebSocket), with the few frames they need and
 * helpers to build and read documents with the crdt module. Framing is written here, independently
 * of the server's protocol code.
 */
final class Ws implements WebSocket.Listener, AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("epicenter.test.timeout", 10));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final byte[] EMPTY_STEP1 = {0, 0, 1, 0};

    record Closed(int code, String reason) {
    }

    final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private WebSocket ws;

    static Ws connect(int port, String room) {
        return connect(port, room, null);
    }

    static Ws connect(int port, String room, String token) {
        Ws c = new Ws();
        URI uri = URI.create("ws://127.0.0.1:" + port + "/sync/" + URLEncoder.encode(room, StandardCharsets.UTF_8)
                + (token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
        c.ws = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, c)
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        return c;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        partial.writeBytes(b);
        if (last) {
            messages.add(partial.toByteArray());
            partial.reset();
        }
        webSocket.request(1);
        return null;
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

    byte[] next(Predicate<byte[]> match) {
        return next(match, TIMEOUT);
    }

    /** @return the next message matching (others are skipped), or null after {@code within} */
    byte[] poll(Predicate<byte[]> match, Duration within) {
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

    byte[] next(Predicate<byte[]> match, Duration within) {
        byte[] m = poll(match, within);
        if (m == null) {
            throw new AssertionError("no matching message within " + within + (closed.isDone() ? "; closed " + closed.join() : ""));
        }
        return m;
    }

    /** @return the payload of the server's sync step 1 (its state vector) */
    byte[] serverStep1() {
        return payload(next(m -> isSync(m, 0)));
    }

    /** Ask for everything: an empty step 1; @return the step 2 payload (the room's whole state) */
    byte[] fullState() {
        send(EMPTY_STEP1);
        return payload(next(m -> isSync(m, 1)));
    }

    /** Send an update followed by a sync status (102) carrying {@code tag}. */
    void sendUpdateAnd102(byte[] update, long tag) {
        send(sync(2, update));
        send(syncStatus(tag));
    }

    Closed awaitClose() {
        return closed.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
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

    // ------------------------------------------------------------------ frames

    static byte[] sync(int type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varUint(out, 0);
        varUint(out, type);
        varUint(out, data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** A 102 frame whose payload is the varUint {@code tag}. */
    static byte[] syncStatus(long tag) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        varUint(p, tag);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varUint(out, 102);
        varUint(out, p.size());
        out.writeBytes(p.toByteArray());
        return out.toByteArray();
    }

    static boolean isSync(byte[] m, int type) {
        return m.length >= 2 && m[0] == 0 && m[1] == type;
    }

    static boolean isSyncStatus(byte[] m) {
        return m.length >= 1 && (m[0] & 0xff) == 102;
    }

    /** @return the tag of a 102 frame built by {@link #syncStatus} */
    static long syncStatusTag(byte[] m) {
        int[] pos = {1};
        varUintAt(m, pos); // payload length
        return varUintAt(m, pos);
    }

    /** @return the data of a sync frame */
    static byte[] payload(byte[] m) {
        int[] pos = {1};
        varUintAt(m, pos);
        int len = (int) varUintAt(m, pos);
        return Arrays.copyOfRange(m, pos[0], pos[0] + len);
    }

    static void varUint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (0x80 | (v & 0x7f)));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long varUintAt(byte[] b, int[] pos) {
        long v = 0;
        int shift = 0;
        while (true) {
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if (x < 0x80) {
                return v;
            }
            shift += 7;
        }
    }

    // ------------------------------------------------------------------ documents

    /** A writer: a document whose every {@link #set} returns the update it made. */
    static final class Writer {
        final Doc doc;
        private byte[] last;

        Writer(long clientId) {
            doc = new Doc(clientId, true);
            doc.onUpdate(u -> last = u);
        }

        /** @return the V1 update of setting {@code key} in root map "m" */
        byte[] set(String key, Object value) {
            last = null;
            doc.getMap("m").set(key, value);
            return last;
        }
    }

    /** @return the keys of root map "m" of a document holding {@code state} */
    static Set<String> keys(byte[] state) {
        Doc d = new Doc(1, true);
        d.applyUpdate(state);
        return d.getMap("m").keys();
    }

    /** @return the JSON of root map "m" of a document holding {@code state} */
    static java.util.Map<String, Object> map(byte[] state) {
        Doc d = new Doc(1, true);
        d.applyUpdate(state);
        return d.getMap("m").toJson();
    }
}
