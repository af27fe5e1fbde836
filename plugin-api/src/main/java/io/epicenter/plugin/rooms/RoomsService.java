package io.epicenter.plugin.rooms;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.epicenter.plugin.auth.Authorizer;
import io.helidon.websocket.WsListener;

/**
 * The rooms of the sync plugin, for other plugins. Published to the
 * {@link io.epicenter.plugin.ServiceRegistry} by the sync plugin in {@code start}; find it with
 * {@code registry.find(RoomsService.class)} in {@code routes} or later.
 *
 * <p><b>Rooms.</b> A room is one shared Yjs document, named by an id: any string of 1 to
 * {@value #MAX_ROOM_ID_BYTES} UTF-8 bytes without {@code /} ({@link #isValidRoomId}). Rooms are
 * created on first use (a connection or a call below) and evicted after the configured delay once
 * nothing uses them; the sync plugin's room manager is the only place rooms live, so a room reached
 * through this service is the same room that {@code /sync/{roomId}} clients see.
 *
 * <p><b>Lanes.</b> Every room has one lane: at any time at most one change runs on a room, and
 * everything that changes a room (client updates, awareness, calls to {@link #inLane}) goes through
 * it, in order. Changes of different rooms run in parallel.
 *
 * <p><b>Futures.</b> Methods that touch a room return a future that completes once the change ran
 * in the lane (or failed: {@link IllegalArgumentException} for a bad room id or a corrupt update,
 * {@link IllegalStateException} when the room could not be loaded or the plugin is stopping). In
 * this version the call may run on the calling thread and block it while the room loads; callers on
 * virtual threads need not care, others should not call from latency-critical threads.
 *
 * <p>Thread-safe. New methods will only be added with defaults.
 */
public interface RoomsService {

    /** Largest room id, in UTF-8 bytes. */
    int MAX_ROOM_ID_BYTES = 512;

    /**
     * @param roomId a candidate room id (already percent-decoded)
     * @return whether it is 1..{@value #MAX_ROOM_ID_BYTES} UTF-8 bytes long, well-formed UTF-16
     *         and free of {@code /}
     */
    static boolean isValidRoomId(String roomId) {
        if (roomId == null || roomId.isEmpty() || roomId.indexOf('/') >= 0) {
            return false;
        }
        for (int i = 0; i < roomId.length(); i++) {
            char c = roomId.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= roomId.length() || !Character.isLowSurrogate(roomId.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        int bytes = roomId.getBytes(StandardCharsets.UTF_8).length;
        return bytes <= MAX_ROOM_ID_BYTES;
    }

    /**
     * Run a change in a room's lane (creating and loading the room if needed). While {@code change}
     * runs nothing else changes the room; it must not block on I/O.
     *
     * @param roomId the room
     * @param change what to do; its result completes the future
     * @param <T> result type
     * @return the change's result, or the failure
     */
    <T> CompletableFuture<T> inLane(String roomId, Function<RoomTransaction, T> change);

    /**
     * Validate and apply an update to a room, then send it to the room's connections (all of them,
     * unless {@code origin} is one of them). Applied wholly or not at all.
     *
     * @param roomId the room
     * @param update a Yjs V1 update
     * @param origin who caused it (e.g. the plugin's name); may be null
     * @return completes when applied; fails with {@link IllegalArgumentException} if corrupt
     */
    default CompletableFuture<Void> applyUpdate(String roomId, byte[] update, Object origin) {
        return inLane(roomId, tx -> {
            tx.applyUpdate(update, origin);
            return null;
        });
    }

    /**
     * Read a room's state.
     *
     * @param roomId the room
     * @param encodedStateVector null or {@code 00} for the whole state; otherwise only what a peer
     *                           with this V1 state vector lacks
     * @return the state as a V1 update
     */
    default CompletableFuture<byte[]> encodeState(String roomId, byte[] encodedStateVector) {
        return inLane(roomId, tx -> encodedStateVector == null
                ? tx.encodeStateAsUpdate()
                : tx.encodeStateAsUpdate(encodedStateVector));
    }

    /**
     * Run a transaction on the room's document ({@link RoomTransaction#document}): the sync plugin's
     * rooms keep an {@code io.epicenter.crdt.doc.Doc}; rooms that keep none of that type (e.g.
     * {@code plugins.sync.room-state: log}) fail the future with {@link UnsupportedOperationException}.
     *
     * @param roomId the room
     * @param documentType the document type
     * @param origin the transaction's origin
     * @param change the change
     * @param <D> document type
     * @param <T> result type
     * @return the change's result
     */
    default <D, T> CompletableFuture<T> transact(String roomId, Class<D> documentType, Object origin,
                                                 Function<D, T> change) {
        return inLane(roomId, tx -> change.apply(tx.document(documentType).orElseThrow(
                () -> new UnsupportedOperationException("room " + roomId + " keeps no document of type "
                                                                + documentType.getName()))));
    }

    /**
     * A WebSocket listener that serves one connection to a fixed room with the full y-websocket
     * protocol (sync, awareness, query-awareness, sync status 102, keepalive, limits), exactly as
     * {@code /sync/{roomId}} does. Authorization goes through the registry's
     * {@link Authorizer} (token from {@code ?token=} or {@code Authorization: Bearer}); denied
     * connections are closed with 4401 before any data is sent.
     *
     * <p>A new listener is needed per connection: use it as the supplier of
     * {@code routes.websocket(path, () -> rooms.listener(...))}. The room id is not checked before
     * the upgrade; validate it (and answer 400) in your own HTTP filter.
     *
     * @param roomId the room (must be {@link #isValidRoomId valid})
     * @return a listener for one connection
     * @throws IllegalArgumentException when the room id is invalid
     */
    WsListener listener(String roomId);

    /**
     * Like {@link #listener(String)}, with the room id taken from the upgrade request, e.g. to serve
     * {@code /workspaces/{id}/sync}.
     *
     * @param resolver maps the upgrade request to a room id (an invalid id refuses the upgrade
     *                 with 400)
     * @return a listener for one connection
     */
    WsListener listener(RoomResolver resolver);

    /**
     * Like {@link #listener(RoomResolver)}, deciding access with the given authorizer instead of
     * the registry's.
     *
     * @param resolver maps the upgrade request to a room id
     * @param authorizer decides access for the connection
     * @return a listener for one connection
     */
    WsListener listener(RoomResolver resolver, Authorizer authorizer);

    /** @return the number of rooms currently loaded (any lifecycle state) */
    int roomCount();

    /** @return the number of open WebSocket connections over all rooms */
    int connectionCount();
}
