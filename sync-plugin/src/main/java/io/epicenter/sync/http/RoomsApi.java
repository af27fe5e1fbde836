package io.epicenter.sync.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.epicenter.crdt.lib0.CrdtDecodeException;
import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.crdt.update.Updates;
import io.epicenter.plugin.Routes;
import io.epicenter.plugin.auth.AuthSettings;
import io.epicenter.plugin.storage.RoomInfo;
import io.epicenter.plugin.storage.RoomPage;
import io.epicenter.plugin.storage.Storage;
import io.epicenter.plugin.storage.StorageException;
import io.epicenter.sync.LogText;
import io.epicenter.sync.room.Room;
import io.epicenter.sync.room.RoomManager;
import io.epicenter.sync.room.RoomUnavailableException;
import io.epicenter.sync.room.StorageRoomStore;
import io.epicenter.sync.ws.CloseCodes;
import io.epicenter.sync.ws.RoomIds;
import io.epicenter.sync.ws.SyncServer;
import io.helidon.http.HeaderNames;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The document API: rooms over HTTP, for backups, imports, tooling and administration.
 *
 * <pre>
 * GET    /rooms?after=&amp;limit=          rooms, loaded and stored, ascending by UTF-8 bytes (JSON)
 * GET    /rooms/{id}                   one room: stored size, log entries, connections, loaded (JSON)
 * GET    /rooms/{id}/update            the room as one Yjs V1 update (octet-stream);
 *                                      ?stateVector=&lt;base64url&gt; for only what that state lacks
 * POST   /rooms/{id}/update            apply a Yjs V1 update (octet-stream body); answers once durable
 * DELETE /rooms/{id}                   close its connections (4404 "room deleted"), delete it
 * </pre>
 *
 * Room ids are one percent-encoded path segment (as for {@code /sync/{id}}). When {@code auth.token}
 * is set every call needs {@code Authorization: Bearer <token>} (else 401). Errors are JSON
 * {@code {"error": "..."}}. Handlers run on Helidon's virtual threads and may block.
 */
public final class RoomsApi {

    private static final System.Logger LOG = System.getLogger("io.epicenter.sync.http");
    private static final String PREFIX = "/rooms/";
    private static final String BEARER = "bearer ";
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    /** UTF-8 byte order (unsigned), the order stores list rooms in. */
    static final Comparator<String> UTF8_ORDER = (a, b) -> java.util.Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final RoomManager manager;
    private final SyncServer server;
    private final StorageRoomStore store;
    private final AuthSettings auth;
    private final DecodeLimits limits;
    private final int maxBodyBytes;
    private final Duration timeout;

    /**
     * @param manager the rooms
     * @param server the WebSocket side (connection counts, closing a deleted room's connections)
     * @param store the storage adapter
     * @param auth the shared token
     * @param limits limits for validating applied updates
     * @param maxBodyBytes largest request body ({@code plugins.sync.max-message-bytes}); larger: 413
     * @param timeout how long a call waits for storage (and for an applied update to be durable)
     */
    public RoomsApi(RoomManager manager, SyncServer server, StorageRoomStore store, AuthSettings auth,
                    DecodeLimits limits, int maxBodyBytes, Duration timeout) {
        this.manager = manager;
        this.server = server;
        this.store = store;
        this.auth = auth;
        this.limits = limits;
        this.maxBodyBytes = maxBodyBytes;
        this.timeout = timeout;
    }

    /** @param routes where to register the routes */
    public void register(Routes routes) {
        routes.get("/rooms", guarded(this::list));
        routes.get("/rooms/{id}", guarded(this::info));
        routes.get("/rooms/{id}/update", guarded(this::export));
        routes.post("/rooms/{id}/update", guarded(this::apply));
        routes.delete("/rooms/{id}", guarded(this::delete));
    }

    @FunctionalInterface
    private interface Call {
        void handle(ServerRequest req, ServerResponse res) throws Exception;
    }

    /** Auth, then the call; every failure becomes a JSON error with a fitting status. */
    private io.helidon.webserver.http.Handler guarded(Call call) {
        return (req, res) -> {
            if (!authorized(req)) {
                res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
                error(res, Status.UNAUTHORIZED_401, "unauthorized: send Authorization: Bearer <token>");
                return;
            }
            try {
                call.handle(req, res);
            } catch (BadRequest e) {
                error(res, e.status, e.getMessage());
            } catch (RoomUnavailableException e) {
                error(res, Status.SERVICE_UNAVAILABLE_503, e.getMessage());
            } catch (StorageException e) {
                LOG.log(System.Logger.Level.WARNING, "sync api storage error: " + req.prologue().method().text() + " "
                        + LogText.quote(req.prologue().uriPath().rawPath()) + " error=" + e.getMessage());
                error(res, Status.SERVICE_UNAVAILABLE_503, "storage error: " + e.getMessage());
            } catch (Exception | LinkageError e) {
                LOG.log(System.Logger.Level.ERROR, "sync api internal error: " + req.prologue().method().text() + " "
                        + LogText.quote(req.prologue().uriPath().rawPath()), e);
                error(res, Status.INTERNAL_SERVER_ERROR_500, "internal error");
            }
        };
    }

    private boolean authorized(ServerRequest req) {
        if (!auth.enabled()) {
            return true;
        }
        Optional<String> h = req.headers().first(HeaderNames.AUTHORIZATION);
        return h.isPresent() && h.get().regionMatches(true, 0, BEARER, 0, BEARER.length())
                && auth.accepts(h.get().substring(BEARER.length()));
    }

    private static void error(ServerResponse res, Status status, String message) {
        if (res.isSent()) {
            return;
        }
        res.status(status).send(Map.of("error", message));
    }

    /** A client error with its status. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Status status;

        BadRequest(Status status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    // ------------------------------------------------------------------ handlers

    private void list(ServerRequest req, ServerResponse res) throws Exception {
        String after = req.query().first("after").orElse("");
        int limit;
        try {
            limit = req.query().first("limit").map(Integer::parseInt).orElse(DEFAULT_LIMIT);
        } catch (NumberFormatException e) {
            throw new BadRequest(Status.BAD_REQUEST_400, "limit must be a number");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequest(Status.BAD_REQUEST_400, "limit must be 1.." + MAX_LIMIT);
        }
        RoomPage stored = await(storage().listRooms(after, limit), null, "list rooms");
        TreeSet<String> loaded = new TreeSet<>(UTF8_ORDER);
        for (String id : manager.roomIds()) {
            if (after.isEmpty() || UTF8_ORDER.compare(id, after) > 0) {
                loaded.add(id);
            }
        }
        TreeSet<String> all = new TreeSet<>(UTF8_ORDER);
        all.addAll(stored.roomIds());
        if (stored.next().isPresent() && !stored.roomIds().isEmpty()) {
            // the store has more after its page: loaded rooms beyond it belong to a later page
            all.addAll(loaded.headSet(stored.roomIds().get(stored.roomIds().size() - 1), true));
        } else {
            all.addAll(loaded);
        }
        List<Map<String, Object>> rooms = new ArrayList<>();
        java.util.Set<String> storedIds = new java.util.HashSet<>(stored.roomIds());
        String last = null;
        for (String id : all) {
            if (rooms.size() == limit) {
                break;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", id);
            r.put("loaded", manager.peek(id).isPresent());
            r.put("stored", storedIds.contains(id));
            rooms.add(r);
            last = id;
        }
        boolean more = all.size() > limit || stored.next().isPresent();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rooms", rooms);
        body.put("next", more ? last : null);
        res.send(body);
    }

    private void info(ServerRequest req, ServerResponse res) throws Exception {
        String id = roomId(req);
        Optional<Room> room = manager.peek(id);
        Optional<RoomInfo> stored = await(storage().info(id), id, "info");
        if (room.isEmpty() && stored.isEmpty()) {
            throw new BadRequest(Status.NOT_FOUND_404, "no such room");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("loaded", room.isPresent());
        body.put("state", room.map(r -> r.state().name().toLowerCase(java.util.Locale.ROOT)).orElse("unloaded"));
        body.put("connections", server.connectionCount(id));
        body.put("memoryBytes", room.map(Room::sizeBytes).orElse(0L));
        body.put("stored", stored.isPresent());
        body.put("storedBytes", stored.map(RoomInfo::bytes).orElse(0L));
        body.put("snapshotBytes", stored.map(RoomInfo::snapshotBytes).orElse(0L));
        body.put("logBytes", stored.map(RoomInfo::logBytes).orElse(0L));
        body.put("updatesInLog", stored.map(RoomInfo::logEntries).orElse(0L));
        body.put("lastSequence", stored.map(RoomInfo::lastSequence).orElse(0L));
        body.put("pendingUpdates", store.pendingUpdates(id));
        res.send(body);
    }

    private void export(ServerRequest req, ServerResponse res) throws Exception {
        String id = roomId(req);
        byte[] stateVector = null;
        Optional<String> sv = req.query().first("stateVector").asOptional();
        if (sv.isPresent() && !sv.get().isEmpty()) {
            try {
                stateVector = Base64.getUrlDecoder().decode(sv.get().replace('+', '-').replace('/', '_'));
            } catch (IllegalArgumentException e) {
                throw new BadRequest(Status.BAD_REQUEST_400, "stateVector is not base64url: " + e.getMessage());
            }
        }
        requireExists(id);
        byte[] want = stateVector;
        byte[] update;
        try {
            update = manager.withRoom(id, tx -> want == null ? tx.encodeStateAsUpdate() : tx.encodeStateAsUpdate(want));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(Status.BAD_REQUEST_400, e.getMessage());
        }
        res.headers().contentType(MediaTypes.APPLICATION_OCTET_STREAM);
        res.send(update);
    }

    private void apply(ServerRequest req, ServerResponse res) throws Exception {
        String id = roomId(req);
        byte[] update = body(req);
        try {
            Updates.validate(update, limits);
        } catch (CrdtDecodeException e) {
            throw new BadRequest(Status.BAD_REQUEST_400, "corrupt update: " + e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("bytes", update.length);
        if (Updates.isEmpty(update)) {
            body.put("applied", false);
            res.send(body);
            return;
        }
        Room room = manager.acquire(id);
        CompletableFuture<Void> durable;
        try {
            durable = room.applyValidated(update, null); // validated, broadcast to every connection, appended
        } catch (io.epicenter.sync.room.DocumentTooLargeException e) {
            throw new BadRequest(Status.REQUEST_ENTITY_TOO_LARGE_413, e.getMessage());
        } finally {
            manager.release(room);
        }
        try {
            durable.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StorageException(id, "the update was applied and is kept in memory, but is not durable yet "
                    + "(storage failing; retried in the background)", null);
        } catch (ExecutionException e) {
            throw new StorageException(id, "the update was applied but could not be stored: " + e.getCause(), e.getCause());
        }
        LOG.log(System.Logger.Level.INFO, "sync api update applied: room=" + LogText.quote(id) + " bytes=" + update.length);
        body.put("applied", true);
        body.put("durable", true);
        res.send(body);
    }

    private void delete(ServerRequest req, ServerResponse res) throws Exception {
        String id = roomId(req);
        requireExists(id);
        int[] closed = new int[1];
        boolean existed = manager.delete(id, () -> closed[0] = server.closeRoom(id, CloseCodes.ROOM_DELETED, "room deleted"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("deleted", existed);
        body.put("closedConnections", closed[0]);
        res.send(body);
    }

    // ------------------------------------------------------------------ helpers

    private Storage storage() {
        return store.storage();
    }

    private void requireExists(String id) throws Exception {
        if (manager.peek(id).isEmpty() && await(storage().info(id), id, "info").isEmpty()) {
            throw new BadRequest(Status.NOT_FOUND_404, "no such room");
        }
    }

    /** @return the room id: the raw path segment after {@code /rooms/}, strictly percent-decoded */
    private static String roomId(ServerRequest req) throws BadRequest {
        String raw = req.prologue().uriPath().rawPath();
        if (!raw.startsWith(PREFIX)) {
            throw new BadRequest(Status.BAD_REQUEST_400, "invalid room id");
        }
        String rest = raw.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        try {
            return RoomIds.decodeSegment(slash < 0 ? rest : rest.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(Status.BAD_REQUEST_400, "invalid room id: " + e.getMessage());
        }
    }

    /** @return the request body, at most {@link #maxBodyBytes} (else 413, checked before reading when declared) */
    private byte[] body(ServerRequest req) throws BadRequest {
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBodyBytes) {
            throw new BadRequest(Status.REQUEST_ENTITY_TOO_LARGE_413, "body too large: " + declared.getAsLong()
                    + " bytes > limit " + maxBodyBytes + " (plugins.sync.max-message-bytes)");
        }
        if (!req.content().hasEntity()) {
            throw new BadRequest(Status.BAD_REQUEST_400, "no body: send the update as application/octet-stream");
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] b = in.readNBytes(maxBodyBytes + 1);
            if (b.length > maxBodyBytes) {
                throw new BadRequest(Status.REQUEST_ENTITY_TOO_LARGE_413, "body too large: over limit " + maxBodyBytes
                        + " bytes (plugins.sync.max-message-bytes)");
            }
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T await(CompletableFuture<T> f, String roomId, String what) throws Exception {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
                c = c.getCause();
            }
            if (c instanceof Exception ex) {
                throw ex;
            }
            throw new StorageException(roomId, what + " failed: " + c, c);
        } catch (TimeoutException e) {
            throw new StorageException(roomId, what + " did not finish within " + timeout.toMillis() + " ms", e);
        }
    }
}
