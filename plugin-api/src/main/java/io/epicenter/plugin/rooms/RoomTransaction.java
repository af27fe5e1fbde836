package io.epicenter.plugin.rooms;

import java.util.Optional;

/**
 * What a change sees while it runs in a room's lane ({@link RoomsService#inLane}). Valid only
 * during that call, on that thread; do not keep it. While the change runs nobody else changes the
 * room, so reads and writes made through this view are consistent with each other.
 *
 * <p>Do no blocking I/O here: the room (all its connections) waits for the change to finish.
 */
public interface RoomTransaction {

    /** @return the room's id */
    String roomId();

    /**
     * The room's whole state, encoded as one Yjs V1 update ({@code Y.encodeStateAsUpdate}).
     * Includes structs whose dependencies never arrived (they are kept, never dropped).
     *
     * @return the encoded state ({@code 00 00} for an empty room)
     */
    byte[] encodeStateAsUpdate();

    /**
     * The part of the room's state that a peer with the given state vector lacks
     * ({@code Y.diffUpdate(state, stateVector)}).
     *
     * @param encodedStateVector a V1 encoded state vector; {@code 00} (empty) asks for everything
     * @return a V1 update
     * @throws IllegalArgumentException when the state vector cannot be decoded
     */
    byte[] encodeStateAsUpdate(byte[] encodedStateVector);

    /** @return the room's encoded state vector ({@code 00} for an empty room) */
    byte[] encodeStateVector();

    /**
     * Validate and apply a V1 update: it is applied wholly or not at all, then sent to every
     * connection of the room except the one that {@code origin} names (if {@code origin} is one of
     * the room's connections; any other origin reaches all connections).
     *
     * @param update a Yjs V1 update
     * @param origin who caused it (for logs and echo suppression); may be null
     * @throws IllegalArgumentException (with the decoder's reason) when the update is corrupt or
     *                                  over the configured limits; the room is then unchanged
     */
    void applyUpdate(byte[] update, Object origin);

    /**
     * Access to the room's document, for rooms that keep one. The sync plugin's rooms keep a
     * {@code io.epicenter.crdt.doc.Doc} (unless {@code plugins.sync.room-state} is {@code log}) and
     * return it for that type; changes made on it are stored and sent to the room's connections when
     * the change returns. Valid only during this call, like the rest of this view.
     *
     * @param type the document type asked for
     * @param <D> document type
     * @return the document, or empty when this room does not keep one of that type
     */
    default <D> Optional<D> document(Class<D> type) {
        return Optional.empty();
    }
}
