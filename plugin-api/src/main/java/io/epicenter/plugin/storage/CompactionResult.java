package io.epicenter.plugin.storage;

/**
 * What one compaction did, from {@link Storage#compact}.
 *
 * @param roomId the room
 * @param mergedEntries log entries replaced by the new snapshot (0: nothing to do, nothing changed)
 * @param skippedEntries of those, how many were corrupt and dropped instead of merged
 * @param bytesBefore snapshot plus merged entries, before
 * @param bytesAfter size of the new snapshot
 * @param throughSequence the sequence number of the last entry the snapshot now covers
 */
public record CompactionResult(String roomId, int mergedEntries, int skippedEntries, long bytesBefore,
                               long bytesAfter, long throughSequence) {

    /**
     * @param roomId the room
     * @param throughSequence the sequence number the snapshot covers already
     * @return a result saying nothing was done
     */
    public static CompactionResult nothing(String roomId, long throughSequence) {
        return new CompactionResult(roomId, 0, 0, 0, 0, throughSequence);
    }
}
