package io.epicenter.sync.room;

import java.util.Optional;

/**
 * The storage seam of the room lifecycle. The room manager calls it; the in-memory default
 * ({@link #NONE}) stores nothing, so a room's content lives until the room is evicted.
 *
 * <ul>
 *   <li>{@link #load} runs once per room while it is {@code LOADING}, on the thread of the first
 *       connection or call that needs the room; everybody else waits for it (single-flight).
 *       Throwing fails the load: the room is removed and the waiting connections are closed with
 *       1011.</li>
 *   <li>{@link #appended} runs in the room's lane for every accepted update, before any later sync
 *       status (102) of that connection is echoed: a durable store makes 102 mean "stored" here.</li>
 *   <li>{@link #persist} runs in the room's lane while it is {@code DRAINING}, before it is removed;
 *       throwing keeps the room loaded and eviction is retried after the eviction delay.</li>
 * </ul>
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
     * @param update an accepted, validated V1 update
     * @throws Exception when storage fails (the connection that sent it is closed with 1011)
     */
    default void appended(String roomId, byte[] update) throws Exception {
    }

    /**
     * @param roomId the room
     * @param state the room's whole state as a V1 update
     * @throws Exception when storage fails
     */
    void persist(String roomId, byte[] state) throws Exception;
}
