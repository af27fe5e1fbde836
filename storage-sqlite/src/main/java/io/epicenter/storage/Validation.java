package io.epicenter.storage;

/** Validates stored entries on their way out, logging each bad one with room id and sequence number. */
public final class Validation {

    private static final System.Logger LOG = System.getLogger(Validation.class.getName());

    /** The {@code what} of a snapshot. */
    public static final String SNAPSHOT = "snapshot";

    private Validation() {
    }

    /**
     * @param codec the codec
     * @param roomId the room (for the log line)
     * @param seq the entry's sequence number, or a negative number for the snapshot
     * @param bytes the entry
     * @param what {@code "entry"} or {@code "snapshot"} (for the log line)
     * @return whether it is valid; a bad one is logged
     */
    public static boolean valid(UpdateCodec codec, String roomId, long seq, byte[] bytes, String what) {
        try {
            if (bytes == null) {
                throw new IllegalArgumentException("no value");
            }
            if (what.equals(SNAPSHOT)) {
                codec.validateSnapshot(bytes);
            } else {
                codec.validate(bytes);
            }
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "room " + roomId + ": skipped corrupt " + what + " seq " + seq
                    + " (" + (bytes == null ? 0 : bytes.length) + " bytes): " + e.getMessage());
            return false;
        }
    }
}
