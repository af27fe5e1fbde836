package io.epicenter.storage;

import java.util.List;

import io.epicenter.crdt.doc.Doc;
import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.crdt.update.Updates;

/**
 * The two operations a store needs on Yjs updates: validating an entry before handing it out, and
 * merging a snapshot and log entries into a new snapshot. {@link #YJS} is the real one; tests may
 * substitute another.
 */
public interface UpdateCodec {

    /**
     * Limits for snapshots and merges: a snapshot is the merge of many entries that each passed
     * {@link DecodeLimits#defaults()}, so it may exceed them; these are larger (512 MiB, 50M structs,
     * 50M delete ranges) but still bounded.
     */
    DecodeLimits SNAPSHOT_LIMITS = DecodeLimits.defaults().withMaxBytes(512 << 20).withMaxStructs(50_000_000)
            .withMaxDeleteRanges(50_000_000);

    /**
     * Log entries: {@code Updates.validate(bytes, DecodeLimits.defaults())}; snapshots and merges:
     * {@link #SNAPSHOT_LIMITS}, merged through a crdt {@code Doc}.
     */
    UpdateCodec YJS = new UpdateCodec() {
        @Override
        public void validate(byte[] update) {
            Updates.validate(update, DecodeLimits.defaults());
        }

        @Override
        public void validateSnapshot(byte[] snapshot) {
            Updates.validate(snapshot, SNAPSHOT_LIMITS);
        }

        /**
         * Integrates the entries into a document (gc on) and encodes it: unlike
         * {@code mergeUpdates}, this joins adjacent items and drops deleted content, so a snapshot
         * of a real editing history is several times smaller (bench/README.md, "Room
         * representation"). Structs with missing dependencies are kept, as the document keeps them.
         */
        @Override
        public byte[] merge(List<byte[]> updates) {
            if (updates.size() == 1) {
                return updates.get(0);
            }
            // no local edits are made in this document, so its client id never appears in the output
            Doc doc = new Doc(0, true).withLimits(SNAPSHOT_LIMITS);
            for (byte[] update : updates) {
                doc.applyUpdate(update);
            }
            return doc.encodeStateAsUpdate();
        }

        @Override
        public String toString() {
            return "yjs";
        }
    };

    /**
     * @param update a stored entry
     * @throws RuntimeException (any) when it is not a valid Yjs V1 update; the message says why
     */
    void validate(byte[] update);

    /**
     * @param snapshot a stored snapshot (a merge made by {@link #merge})
     * @throws RuntimeException (any) when it is not a valid Yjs V1 update
     */
    default void validateSnapshot(byte[] snapshot) {
        validate(snapshot);
    }

    /**
     * @param updates valid updates, oldest first (at least one)
     * @return one update equivalent to applying all of them
     */
    byte[] merge(List<byte[]> updates);
}
