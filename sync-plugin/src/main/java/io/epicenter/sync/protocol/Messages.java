package io.epicenter.sync.protocol;

import io.epicenter.crdt.lib0.Lib0Writer;

/**
 * The y-websocket message framing (one WebSocket binary message = one message):
 * {@code varUint(messageType) payload}. Sync: {@code varUint(syncType) varUint8Array(data)};
 * awareness: {@code varUint8Array(awarenessUpdate)}; query-awareness: no payload; sync status
 * (102, y-sweet's extension): echoed to its sender as is.
 */
public final class Messages {

    /** Message type: sync (step 1, step 2, update). */
    public static final int SYNC = 0;
    /** Message type: awareness update. */
    public static final int AWARENESS = 1;
    /** Message type: auth (server to client only). */
    public static final int AUTH = 2;
    /** Message type: query awareness. */
    public static final int QUERY_AWARENESS = 3;
    /** Message type: sync status; the whole message is echoed to its sender once its earlier updates are applied. */
    public static final int SYNC_STATUS = 102;

    /** Sync sub-type: step 1 (state vector). */
    public static final int STEP1 = 0;
    /** Sync sub-type: step 2 (update answering a step 1). */
    public static final int STEP2 = 1;
    /** Sync sub-type: update. */
    public static final int UPDATE = 2;

    private Messages() {
    }

    /**
     * @param encodedStateVector the sender's state vector
     * @return a sync step 1 frame
     */
    public static byte[] step1(byte[] encodedStateVector) {
        return sync(STEP1, encodedStateVector);
    }

    /**
     * @param update the update answering a step 1
     * @return a sync step 2 frame
     */
    public static byte[] step2(byte[] update) {
        return sync(STEP2, update);
    }

    /**
     * @param update an update
     * @return a sync update frame
     */
    public static byte[] update(byte[] update) {
        return sync(UPDATE, update);
    }

    private static byte[] sync(int syncType, byte[] data) {
        Lib0Writer w = new Lib0Writer(data.length + 8);
        w.writeVarUint(SYNC);
        w.writeVarUint(syncType);
        w.writeVarBytes(data);
        return w.toByteArray();
    }

    /**
     * @param awarenessUpdate an encoded awareness update
     * @return an awareness frame
     */
    public static byte[] awareness(byte[] awarenessUpdate) {
        Lib0Writer w = new Lib0Writer(awarenessUpdate.length + 8);
        w.writeVarUint(AWARENESS);
        w.writeVarBytes(awarenessUpdate);
        return w.toByteArray();
    }

    /**
     * @param reason why
     * @return an auth "permission denied" frame
     */
    public static byte[] permissionDenied(String reason) {
        Lib0Writer w = new Lib0Writer();
        w.writeVarUint(AUTH);
        w.writeVarUint(0);
        w.writeVarString(reason);
        return w.toByteArray();
    }

    /**
     * Decode one incoming message.
     *
     * @param frame the whole message
     * @return what it is
     * @throws MalformedMessageException when it cannot be decoded
     * @throws ProtocolViolationException when it decodes but breaks the protocol (empty message, unknown sync type)
     */
    public static Message parse(byte[] frame) throws MalformedMessageException, ProtocolViolationException {
        if (frame.length == 0) {
            throw new ProtocolViolationException("empty message");
        }
        MessageReader r = new MessageReader(frame);
        long type = r.readVarUint();
        if (type == SYNC) {
            long syncType = r.readVarUint();
            byte[] data = r.readVarUint8Array();
            r.expectEnd();
            if (syncType == STEP1) {
                validateStateVector(data);
                return new Message.Step1(data);
            }
            if (syncType == STEP2 || syncType == UPDATE) {
                return new Message.Update((int) syncType, data);
            }
            throw new ProtocolViolationException("unknown sync message type " + syncType);
        }
        if (type == AWARENESS) {
            byte[] data = r.readVarUint8Array();
            r.expectEnd();
            return new Message.Awareness(AwarenessUpdate.decode(data), frame);
        }
        if (type == QUERY_AWARENESS) {
            r.expectEnd();
            return new Message.QueryAwareness();
        }
        if (type == SYNC_STATUS) {
            return new Message.SyncStatus(frame);
        }
        return new Message.Unknown(type);
    }

    /**
     * @param encoded a V1 state vector: {@code varUint(n) (varUint(client) varUint(clock))*}
     * @throws MalformedMessageException when it does not decode exactly
     */
    public static void validateStateVector(byte[] encoded) throws MalformedMessageException {
        MessageReader r = new MessageReader(encoded);
        long n = r.readVarUint();
        if (n > encoded.length) {
            throw new MalformedMessageException("state vector claims " + n + " entries in " + encoded.length + " bytes");
        }
        for (long i = 0; i < n; i++) {
            r.readVarUint();
            r.readVarUint();
        }
        r.expectEnd();
    }

    /**
     * @param encodedStateVector a V1 state vector
     * @return whether it has no entries (asks for everything)
     */
    public static boolean isEmptyStateVector(byte[] encodedStateVector) {
        return encodedStateVector.length == 1 && encodedStateVector[0] == 0;
    }
}
