package io.epicenter.plugin.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Storage#load} returns: everything stored for a room, in the order to apply it.
 *
 * <p>Apply {@link #snapshot()} (if present) and then every entry of {@link #tail()} in order; or
 * simply apply {@link #updates()} in order. Every array here passed
 * {@code Updates.validate(bytes, DecodeLimits.defaults())} when it was loaded (the snapshot: the same
 * with larger limits); entries that did not were skipped (and logged by the store), counted in {@link #skippedEntries()}.
 *
 * @param roomId the room
 * @param snapshot the room's snapshot (a merge of a prefix of its log), if it has one
 * @param tail the log entries after the snapshot, oldest first (the arrays belong to the caller)
 * @param lastSequence the sequence number of the last stored entry, or of the snapshot's last merged
 *                     entry when the log is empty; 0 when the room has never been stored
 * @param skippedEntries how many stored entries (snapshot included) were corrupt and skipped
 */
public record LoadedRoom(String roomId, Optional<byte[]> snapshot, List<byte[]> tail, long lastSequence,
                         int skippedEntries) {

    /** Copies {@code tail} into an unmodifiable list. */
    public LoadedRoom {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(snapshot, "snapshot");
        tail = List.copyOf(tail);
    }

    /**
     * @param roomId the room
     * @return the result for a room that has never been stored (or was deleted)
     */
    public static LoadedRoom empty(String roomId) {
        return new LoadedRoom(roomId, Optional.empty(), List.of(), 0, 0);
    }

    /**
     * Whether storage holds anything for the room. A room that does not exist has never been
     * stored (or was deleted): the only case in which seeding initial content is safe.
     *
     * @return true when the room has a snapshot, entries, or skipped (corrupt) entries
     */
    public boolean exists() {
        return snapshot.isPresent() || !tail.isEmpty() || skippedEntries > 0 || lastSequence > 0;
    }

    /** @return the snapshot (if any) followed by the tail: the updates to apply, in order */
    public List<byte[]> updates() {
        List<byte[]> all = new ArrayList<>(tail.size() + 1);
        snapshot.ifPresent(all::add);
        all.addAll(tail);
        return all;
    }

    /** @return bytes of the snapshot and the tail together */
    public long bytes() {
        long n = snapshot.map(s -> (long) s.length).orElse(0L);
        for (byte[] u : tail) {
            n += u.length;
        }
        return n;
    }
}
