package io.epicenter.sync.protocol;

/** A decoded incoming y-websocket message. */
public sealed interface Message {

    /**
     * Sync step 1.
     *
     * @param stateVector the client's encoded state vector (validated)
     */
    record Step1(byte[] stateVector) implements Message {
    }

    /**
     * Sync step 2 or update: both carry a V1 update to apply (not yet validated).
     *
     * @param syncType {@link Messages#STEP2} or {@link Messages#UPDATE}
     * @param update the update bytes
     */
    record Update(int syncType, byte[] update) implements Message {
    }

    /**
     * Awareness update.
     *
     * @param update the decoded entries
     * @param frame the whole original message, relayed as is when every entry is accepted
     */
    record Awareness(AwarenessUpdate update, byte[] frame) implements Message {
    }

    /** Query awareness. */
    record QueryAwareness() implements Message {
    }

    /**
     * Sync status (102).
     *
     * @param frame the whole message, echoed as is
     */
    record SyncStatus(byte[] frame) implements Message {
    }

    /**
     * A message type this server does not handle; ignored.
     *
     * @param type the message type
     */
    record Unknown(long type) implements Message {
    }
}
