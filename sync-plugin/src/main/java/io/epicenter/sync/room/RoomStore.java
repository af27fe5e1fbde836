package io.epicenter.sync.room;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The storage seam of the room lifecycle. The room manager calls it; the in-memory default
 * ({@link #NONE}) stores nothing, so a room's content lives until the room is evicted.
 *
 * <ul>
 *   <li>{@link #load} runs once per room while it is {@code LOADING}, on the thread of the first
 *       connection or call that needs the room; everybody else waits for it (single-flight).
 *       Throwing fails the load: the room is removed and the waiting connections are closed with
 *       1011.</li>
 *   <li>{@link #appended} runs in the room's lane for every accepted update and must not block; the
 *       future it returns completes once the update is durable, and a connection's sync status (102)
 *       is echoed only after the futures of every update it sent before it completed: a durable store
 *       makes 102 mean "stored". Broadcasting does not wait for it.</li>
 *   <li>{@link #persist} runs (outside the lane) while the room is {@code DRAINING}, before it is
 *       removed; throwing keeps the room loaded and eviction is retried after the eviction delay. The
 *       room is removed only if nothing changed it meanwhile.</li>
 *   <li>{@link #delete} removes what is stored for a room (after the room manager closed it).</li>
 *   <li>{@link #close} runs once at shutdown, after every room was persisted (or given up on).</li>
 * </ul>
 * {@link StorageRoomStore} is the implementation over {@code io.epicenter.plugin.storage.Storage}.
 */
public interface RoomStore {

    /** Stores nothing: rooms start empty and their content is dropped at eviction. */
    RoomStore NONE = new RoomStore() {
        @Override
        public Optional<byte[]> load(String roomId) {
            return Optional.empty();
        }

        @Override
        public void persist(String roomId, byte[] state) {
        }
    };

    /**
     * @param roomId the room
     * @return the stored state as a V1 update, or empty when the room was never stored
     * @throws Exception when storage fails
     */
    Optional<byte[]> load(String roomId) throws Exception;

    /**
     * @param roomId the room
     * @param update an accepted, validated V1 update (the array must not be modified afterwards)
     * @return completes when the update is durable (a store retries failures itself; the future fails
     *         only when the update can never be stored, e.g. the store was closed)
     */
    default CompletableFuture<Void> appended(String roomId, byte[] update) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * @param roomId the room
     * @param state the room's whole state as a V1 update
     * @throws Exception when storage fails
     */
    void persist(String roomId, byte[] state) throws Exception;

    /**
     * Delete what is stored for a room; updates it accepted and did not store yet are dropped.
     *
     * @param roomId the room
     * @return whether anything was stored for it
     * @throws Exception when storage fails
     */
    default boolean delete(String roomId) throws Exception {
        return false;
    }

    /** Store what is pending (bounded wait) and release the store. */
    default void close() {
    }
}
