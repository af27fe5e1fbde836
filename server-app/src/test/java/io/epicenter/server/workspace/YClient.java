package io.epicenter.server.workspace;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import io.epicenter.crdt.doc.Doc;
import io.epicenter.crdt.lib0.Lib0Reader;
import io.epicenter.crdt.lib0.Lib0Writer;

/**
 * A Yjs client for tests: the crdt module's {@link Doc} synced over a JDK WebSocket with the
 * y-websocket protocol (sync step 1/2 and updates; awareness ignored), as y-websocket's provider does.
 */
final class YClient implements WebSocket.Listener, AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Doc doc = new Doc();
    private final ReentrantLock lock = new ReentrantLock();
    private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
    private volatile boolean synced;
    private boolean remote;
    private WebSocket ws;
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    static YClient connect(URI uri) {
        YClient c = new YClient();
        c.doc.onUpdate(u -> {
            if (!c.remote && c.ws != null) {
                c.send(0, 2, u);
            }
        });
        c.ws = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, c)
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        // a refused connection may already be closed by the server: then `closed` tells
        c.send(0, 0, c.read(Doc::encodeStateVector)).exceptionally(e -> null).join();
        return c;
    }

    private final Object sendLock = new Object();
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    /** Sends one message after the previous one (the JDK allows one pending send at a time). */
    private CompletableFuture<?> send(int type, int sub, byte[] payload) {
        Lib0Writer w = new Lib0Writer();
        w.writeVarUint(type);
        w.writeVarUint(sub);
        w.writeVarBytes(payload);
        ByteBuffer buf = ByteBuffer.wrap(w.toByteArray());
        synchronized (sendLock) {
            sending = sending.handle((x, e) -> null).thenCompose(x -> ws.sendBinary(buf, true));
            return sending;
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
        partial.writeBytes(b);
        if (last) {
            byte[] msg = partial.toByteArray();
            partial.reset();
            handle(webSocket, msg);
        }
        webSocket.request(1);
        return null;
    }

    private void handle(WebSocket webSocket, byte[] msg) {
        Lib0Reader r = new Lib0Reader(msg);
        if (r.readVarUint() != 0) {
            return; // awareness, sync status...
        }
        int sub = (int) r.readVarUint();
        byte[] payload = r.readVarBytes();
        if (sub == 0) {
            send(0, 1, read(d -> d.encodeStateAsUpdate(payload)));
            return;
        }
        lock.lock();
        try {
            remote = true;
            doc.applyUpdate(payload);
        } finally {
            remote = false;
            lock.unlock();
        }
        if (sub == 1) {
            synced = true;
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** Read the doc (under the client's lock). */
    <T> T read(Function<Doc, T> f) {
        lock.lock();
        try {
            return f.apply(doc);
        } finally {
            lock.unlock();
        }
    }

    /** Edit the doc in one transaction; the update goes to the server. */
    void edit(Consumer<Doc> f) {
        lock.lock();
        try {
            doc.transact(t -> f.accept(doc));
        } finally {
            lock.unlock();
        }
    }

    YClient awaitSynced() {
        await(() -> synced, "sync");
        return this;
    }

    static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        try {
            ws.sendClose(1000, "bye").orTimeout(2, TimeUnit.SECONDS).join();
        } catch (RuntimeException e) {
            ws.abort();
        }
    }
}
