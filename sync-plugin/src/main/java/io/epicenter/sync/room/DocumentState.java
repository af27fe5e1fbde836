package io.epicenter.sync.room;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.epicenter.crdt.doc.Doc;
import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.sync.protocol.Messages;

/**
 * A room's document state as a crdt {@link Doc} that integrates every accepted update (the default,
 * {@code plugins.sync.room-state: document}; bench/README.md, "Room representation").
 *
 * <p>Each update is integrated at once ({@link Doc#applyUpdate}: the whole update is decoded before
 * the document is touched, so a failure changes nothing); garbage collection is on, so deleted
 * content is dropped and adjacent items are merged. Joiners get {@link Doc#encodeStateAsUpdate}, which
 * includes structs and deletions still waiting for missing dependencies (pending data is kept and
 * delivered, never dropped). The full state, its state vector and the step 1 / full step 2 frames are
 * cached until the next change, so N joiners of an unchanged room cost one encoding.
 *
 * <p><b>Client id.</b> The server never creates content of its own in the document except when a
 * plugin edits it through {@link #document} ({@code RoomsService.transact}); integrating remote
 * updates never uses the document's client id (it only changes it, in the document, if a remote
 * update uses the same id). A random id, as Yjs gives every document, keeps such edits from
 * colliding with a client's.
 *
 * <p><b>Size.</b> {@link #sizeBytes} is the size of the last encoded state (or of the stored state the
 * room was loaded from) plus the bytes appended since: no encoding per update. When that estimate
 * would refuse an update, {@link #measuredSizeBytes} encodes again, but only once at least an eighth
 * of the last encoded size was appended since, so the check stays amortised O(1) per appended byte.
 *
 * <p>Not thread-safe: only the room's lane touches it (and the document it hands out).
 */
final class DocumentState implements RoomState {

    /**
     * Decoding limits of the document itself. Updates reach {@link #append} already validated with
     * the room's (smaller) limits; the stored state a room loads is a merge of many updates.
     */
    static final DecodeLimits DOCUMENT_LIMITS = StorageRoomStore.SNAPSHOT_LIMITS;

    private final Doc doc = new Doc().withLimits(DOCUMENT_LIMITS); // random client id, gc on

    private byte[] fullCache;
    private byte[] stateVectorCache;
    private byte[] step1FrameCache;
    private byte[] fullStep2FrameCache;
    private long encodedBytes;   // size of the last encoded full state (or of the loaded state)
    private long appendedBytes;  // bytes of the updates integrated since
    private boolean applying;    // our own applyUpdate is running: its update event is not a local edit
    private Runnable stopListening;
    private List<byte[]> localUpdates;

    /**
     * @param initial stored state to start from, or null
     * @throws io.epicenter.crdt.lib0.CrdtDecodeException when the stored state cannot be decoded
     */
    DocumentState(byte[] initial) {
        if (initial != null && initial.length > 0) {
            apply(initial);
            encodedBytes = initial.length;
        }
    }

    @Override
    public void append(byte[] update) {
        apply(update);
        appendedBytes += update.length;
    }

    private void apply(byte[] update) {
        applying = true;
        try {
            doc.applyUpdate(update);
        } finally {
            applying = false;
            invalidate(); // a decoding failure changed nothing, but dropping the caches is always safe
        }
    }

    private void invalidate() {
        fullCache = null;
        stateVectorCache = null;
        step1FrameCache = null;
        fullStep2FrameCache = null;
    }

    @Override
    public byte[] full() {
        if (fullCache == null) {
            fullCache = doc.encodeStateAsUpdate();
            encodedBytes = fullCache.length;
            appendedBytes = 0;
        }
        return fullCache;
    }

    @Override
    public byte[] stateVector() {
        if (stateVectorCache == null) {
            stateVectorCache = doc.encodeStateVector();
        }
        return stateVectorCache;
    }

    @Override
    public byte[] step1Frame() {
        if (step1FrameCache == null) {
            step1FrameCache = Messages.step1(stateVector());
        }
        return step1FrameCache;
    }

    @Override
    public byte[] fullStep2Frame() {
        if (fullStep2FrameCache == null) {
            fullStep2FrameCache = Messages.step2(full());
        }
        return fullStep2FrameCache;
    }

    @Override
    public byte[] diff(byte[] stateVector) {
        return Messages.isEmptyStateVector(stateVector) ? full() : doc.encodeStateAsUpdate(stateVector);
    }

    @Override
    public long sizeBytes() {
        return encodedBytes + appendedBytes;
    }

    @Override
    public long measuredSizeBytes() {
        if (appendedBytes > 0 && appendedBytes >= encodedBytes / 8) {
            full();
        }
        return sizeBytes();
    }

    /** Hands out the document; from now on its local transactions are collected for the room. */
    @Override
    @SuppressWarnings("unchecked")
    public <D> Optional<D> document(Class<D> type) {
        if (!type.isInstance(doc)) {
            return Optional.empty();
        }
        if (stopListening == null) {
            stopListening = doc.onUpdate(this::updated);
        }
        return Optional.of((D) doc);
    }

    private void updated(byte[] update) {
        if (applying) {
            return; // a remote update (or what its integration cleaned up): the room already has it
        }
        invalidate();
        appendedBytes += update.length;
        if (localUpdates == null) {
            localUpdates = new ArrayList<>();
        }
        localUpdates.add(update);
    }

    /** Also stops collecting: the document was handed out for one lane visit only. */
    @Override
    public List<byte[]> takeLocalUpdates() {
        if (stopListening != null) {
            stopListening.run();
            stopListening = null; // the listener costs an encoding per transaction: not kept
        }
        List<byte[]> out = localUpdates == null ? List.of() : localUpdates;
        localUpdates = null;
        return out;
    }

    /** @return whether structs or deletions wait for missing dependencies (for tests and status) */
    boolean hasPending() {
        return doc.hasPending();
    }
}
