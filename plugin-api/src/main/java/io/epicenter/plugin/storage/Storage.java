package io.epicenter.plugin.storage;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Durable storage of rooms: per room, an append log of Yjs V1 updates and at most one snapshot.
 * Made by a {@link StorageProvider}; one instance serves every room of the server.
 *
 * <p>What an implementer must guarantee:
 * <ul>
 *   <li><b>Thread safety.</b> Every method may be called from any thread, concurrently, for the
 *       same or different rooms. No method blocks its caller on I/O (virtual-thread callers must
 *       not pin a carrier either: never hold a monitor around blocking I/O). Futures complete on a
 *       thread of the store (or are already complete when returned); callbacks attached without
 *       {@code Async} may run on the store's thread and must not block. A store never runs a
 *       caller's callback while holding its own locks.</li>
 *   <li><b>Durability.</b> When the future of {@link #append} completes normally, the update
 *       survives a crash of the process or the machine (for a disk store: its transaction committed
 *       and was synced to disk). A future that completed exceptionally may or may not have stored
 *       the update; the caller keeps it in memory and appends it again later (an update stored
 *       twice is harmless: applying a Yjs update twice is a no-op).</li>
 *   <li><b>Order.</b> Within a room, updates are loaded in the order their {@code append} calls
 *       were made (calls from one thread; concurrent calls are ordered somehow). Sequence numbers
 *       increase in that order.</li>
 *   <li><b>Load.</b> {@link #load} returns the snapshot and the tail of the log after it, reflecting
 *       at least every append whose future completed before {@code load} was called. A corrupt or
 *       torn entry never stops a room from loading: every entry is validated with
 *       {@code Updates.validate(bytes, DecodeLimits.defaults())} (a snapshot, the merge of many entries,
 *       with larger but still bounded limits); a bad one is skipped, logged with the room id and its
 *       sequence number, and counted in {@link LoadedRoom#skippedEntries()}.</li>
 *   <li><b>Compaction.</b> Replaces a prefix of a room's log (and the old snapshot) by one new
 *       snapshot, {@code Updates.mergeUpdates} of them, atomically: a reader sees either the old
 *       snapshot and prefix or the new snapshot, never a mix, never neither. Only the entries that
 *       were merged are removed: appends racing a compaction survive it. The store compacts on its
 *       own when a room's log passes its thresholds ({@code storage.compact-after-updates},
 *       {@code storage.compact-after-bytes}), and on demand through {@link #compact}.</li>
 *   <li><b>Failures</b> are reported as futures completed exceptionally with a
 *       {@link StorageException} naming the room; a failure never corrupts what was stored before.</li>
 *   <li><b>Close</b> completes the appends already accepted (they are made durable or fail), then
 *       releases files and threads. Calls after {@link #close} fail with a non-retryable
 *       {@link StorageException}.</li>
 * </ul>
 *
 * <p>Arguments are checked at once: a null or empty room id, a null update or a limit below 1
 * throws {@link IllegalArgumentException} (or {@link NullPointerException}) instead of returning a
 * future.
 *
 * <p>Room ids are any non-empty strings (the sync plugin allows up to 512 UTF-8 bytes). Byte arrays
 * passed in belong to the store afterwards (do not modify them); arrays handed out belong to the
 * caller.
 */
public interface Storage extends AutoCloseable {

    /** @return the kind of this store, as its {@link StorageProvider#kind()} (e.g. {@code sqlite}) */
    String kind();

    /**
     * Load a room: its snapshot and the log entries after it, in order.
     *
     * @param roomId the room
     * @return the stored room ({@link LoadedRoom#empty} when nothing is stored for it)
     */
    CompletableFuture<LoadedRoom> load(String roomId);

    /**
     * Append one update to a room's log (creating the room if needed). Many appends, from any
     * number of rooms and threads, may share one transaction and one sync to disk (group commit).
     *
     * @param roomId the room
     * @param update a Yjs V1 update (not validated here: the caller has applied it already)
     * @return completes with the entry's sequence number (positive; increasing within the room)
     *         once the update is durable
     */
    CompletableFuture<Long> append(String roomId, byte[] update);

    /**
     * Compact a room now: merge its snapshot and every log entry stored when the compaction starts
     * into one new snapshot, and drop those entries, atomically. Entries appended meanwhile stay.
     * Concurrent compactions of one room run one after the other.
     *
     * @param roomId the room
     * @return what was done ({@code mergedEntries == 0} when the log was empty or the room does not
     *         exist); fails when the merge or the write fails, leaving the room as it was
     */
    CompletableFuture<CompactionResult> compact(String roomId);

    /**
     * Delete a room: its snapshot and every entry appended before this call. Appends made after
     * the call create the room anew.
     *
     * @param roomId the room
     * @return completes with whether anything was stored for it, once the deletion is durable
     */
    CompletableFuture<Boolean> delete(String roomId);

    /**
     * One page of the stored rooms' ids, ascending by their UTF-8 bytes (see {@link RoomPage}).
     *
     * @param after start after this id (exclusive); null or empty for the first page
     * @param limit largest page, at least 1
     * @return the page
     */
    CompletableFuture<RoomPage> listRooms(String after, int limit);

    /**
     * Size of a stored room.
     *
     * @param roomId the room
     * @return the info, or empty when nothing is stored for the room
     */
    CompletableFuture<Optional<RoomInfo>> info(String roomId);

    /**
     * A few numbers for {@code GET /} and logs (e.g. appends, commits, queue depth, failures).
     * Cheap; never blocks.
     *
     * @return JSON-serializable entries
     */
    default Map<String, Object> status() {
        return Map.of();
    }

    /**
     * Make every accepted append durable (or fail it), then release resources. Idempotent. Waits
     * (a few seconds at most) for work in flight.
     */
    @Override
    void close();
}
