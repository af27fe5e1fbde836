package io.epicenter.sync.room;

import java.util.List;
import java.util.Optional;

/**
 * What a {@link Room} holds of its document: the accepted updates in some representation, and what
 * joiners need from it (full state, state vector, diffs, the cached step frames).
 * {@link RoomStateKind} chooses the implementation: {@link DocumentState} (a crdt {@code Doc}) or
 * {@link UpdateLog} (a lazily merged update log).
 *
 * <p>Owned by the room's lane: every method is called only by whoever holds it; implementations
 * are not thread-safe. Arrays returned may be cached and shared: callers must not modify them.
 */
interface RoomState {

    /** An update with nothing in it. */
    byte[] EMPTY_UPDATE = {0, 0};
    /** A state vector with no entries. */
    byte[] EMPTY_STATE_VECTOR = {0};

    /**
     * Add an accepted update. It is applied wholly or not at all: when this throws, the state is
     * unchanged.
     *
     * @param update a validated, non-empty V1 update
     */
    void append(byte[] update);

    /** @return the whole state as one V1 update, including pending structs (cached until the next change) */
    byte[] full();

    /** @return the encoded state vector (cached until the next change) */
    byte[] stateVector();

    /** @return the sync step 1 frame announcing {@link #stateVector()} (cached) */
    byte[] step1Frame();

    /** @return the sync step 2 frame carrying {@link #full()} (cached), the answer to an empty step 1 */
    byte[] fullStep2Frame();

    /**
     * What a peer with this state vector lacks (Yjs's {@code diffUpdate(state, sv)}).
     *
     * @param stateVector a syntactically valid V1 state vector
     * @return a V1 update
     * @throws io.epicenter.crdt.lib0.CrdtDecodeException when the state vector cannot be used
     */
    byte[] diff(byte[] stateVector);

    /**
     * The size checked against {@code limits.max-document-bytes}: cheap, never encodes. May be an
     * estimate (an upper bound in practice).
     *
     * @return bytes held
     */
    long sizeBytes();

    /**
     * {@link #sizeBytes()} made more exact when that is affordable (asked only when the estimate
     * would refuse an update).
     *
     * @return bytes held
     */
    default long measuredSizeBytes() {
        return sizeBytes();
    }

    /**
     * @param type the document type asked for
     * @param <D> document type
     * @return the live document (only for use in the lane), or empty when this state keeps none of that type
     */
    default <D> Optional<D> document(Class<D> type) {
        return Optional.empty();
    }

    /**
     * Updates made directly on the {@link #document document} (local transactions) since the last
     * call; the room stores and broadcasts them.
     *
     * @return the updates, oldest first (usually empty)
     */
    default List<byte[]> takeLocalUpdates() {
        return List.of();
    }
}
