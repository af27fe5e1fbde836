package io.epicenter.plugin.rooms;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;

/**
 * Maps a WebSocket upgrade request to the id of the room it joins; used with
 * {@link RoomsService#listener(RoomResolver)} so that a plugin can mount the sync protocol on its
 * own path (e.g. {@code /workspaces/{id}/sync}). Helidon does not pass path parameters to WebSocket
 * listeners, so parse {@code prologue.uriPath().rawPath()} yourself.
 */
@FunctionalInterface
public interface RoomResolver {

    /**
     * @param prologue the upgrade request's prologue (method, path, query)
     * @param headers the upgrade request's headers
     * @return the room id (see {@link RoomsService#isValidRoomId})
     * @throws IllegalArgumentException to refuse the upgrade (HTTP 400 with the message as reason);
     *                                  prefer refusing in an HTTP filter, which can choose the status
     */
    String roomId(HttpPrologue prologue, Headers headers);
}
