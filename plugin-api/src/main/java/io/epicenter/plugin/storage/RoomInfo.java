package io.epicenter.plugin.storage;

import java.util.Objects;

/**
 * Size of a stored room, from {@link Storage#info}.
 *
 * @param roomId the room
 * @param snapshotBytes size of the snapshot, 0 when there is none
 * @param logBytes sum of the sizes of the log entries after the snapshot
 * @param logEntries number of log entries after the snapshot
 * @param lastSequence the sequence number of the last entry (or of the snapshot's last merged entry)
 */
public record RoomInfo(String roomId, long snapshotBytes, long logBytes, long logEntries, long lastSequence) {

    /** Validates the arguments. */
    public RoomInfo {
        Objects.requireNonNull(roomId, "roomId");
    }

    /** @return the payload bytes stored for the room (snapshot and log; without the store's overhead) */
    public long bytes() {
        return snapshotBytes + logBytes;
    }
}
