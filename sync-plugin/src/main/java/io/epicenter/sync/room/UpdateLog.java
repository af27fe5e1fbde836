package io.epicenter.sync.room;

import java.util.ArrayList;
import java.util.List;

import io.epicenter.crdt.update.Updates;
import io.epicenter.sync.protocol.Messages;

/**
 * A room's document state as a log of validated V1 updates, merged lazily (design notes §9).
 *
 * <p>Appending is O(update): nothing is merged then. The log is merged into one update (the
 * "base") only when somebody needs the whole state (a joiner's step 1 / step 2, an eviction) or when
 * the unmerged tail grows past {@link #MAX_TAIL_UPDATES} updates or past the size of the base
 * (doubling, so the merge cost stays amortised O(1) per appended byte). The full state, its state
 * vector and the step 1 / full step 2 frames are cached until the next append, so N joiners of an
 * unchanged room cost one merge.
 *
 * <p>{@code mergeUpdates} keeps structs whose dependencies are missing (as Skip-bridged groups), so
 * pending data is kept and delivered to late joiners, never dropped.
 *
 * <p>The {@code log} representation ({@code plugins.sync.room-state: log}); rooms hold a
 * {@link DocumentState} by default (see the plugin's README for why).
 *
 * <p>Not thread-safe: only the room's lane touches it.
 */
final class UpdateLog implements RoomState {

    /** Merge the tail once it holds this many updates. */
    static final int MAX_TAIL_UPDATES = 1024;
    /** ... or once it holds at least this many bytes and at least as many as the base. */
    static final long MIN_TAIL_BYTES_TO_MERGE = 1 << 20;

    private byte[] base;
    private final List<byte[]> tail = new ArrayList<>();
    private long tailBytes;

    private byte[] fullCache;
    private byte[] stateVectorCache;
    private byte[] step1FrameCache;
    private byte[] fullStep2FrameCache;
    private long merges;

    /** @param initial stored state to start from, or null */
    UpdateLog(byte[] initial) {
        this.base = initial == null || initial.length == 0 ? null : initial;
    }

    /** @param update a validated, non-empty V1 update */
    @Override
    public void append(byte[] update) {
        tail.add(update);
        tailBytes += update.length;
        fullCache = null;
        stateVectorCache = null;
        step1FrameCache = null;
        fullStep2FrameCache = null;
        if (tail.size() >= MAX_TAIL_UPDATES
                || tailBytes >= Math.max(MIN_TAIL_BYTES_TO_MERGE, base == null ? 0 : base.length)) {
            compact();
        }
    }

    /** @return the whole state as one V1 update (cached until the next append) */
    @Override
    public byte[] full() {
        if (fullCache == null) {
            compact();
            fullCache = base == null ? EMPTY_UPDATE : base;
        }
        return fullCache;
    }

    /** @return the encoded state vector of the whole state (cached) */
    @Override
    public byte[] stateVector() {
        if (stateVectorCache == null) {
            byte[] full = full();
            stateVectorCache = full == EMPTY_UPDATE ? EMPTY_STATE_VECTOR : Updates.encodeStateVectorFromUpdate(full);
        }
        return stateVectorCache;
    }

    /** @return the sync step 1 frame announcing {@link #stateVector()} (cached) */
    @Override
    public byte[] step1Frame() {
        if (step1FrameCache == null) {
            step1FrameCache = Messages.step1(stateVector());
        }
        return step1FrameCache;
    }

    /** @return the sync step 2 frame carrying the whole state (cached), the answer to an empty step 1 */
    @Override
    public byte[] fullStep2Frame() {
        if (fullStep2FrameCache == null) {
            fullStep2FrameCache = Messages.step2(full());
        }
        return fullStep2FrameCache;
    }

    /** @return bytes held (base plus unmerged tail) */
    @Override
    public long sizeBytes() {
        return (base == null ? 0 : base.length) + tailBytes;
    }

    /** The diff of the (cached) full state; merges first if needed. */
    @Override
    public byte[] diff(byte[] stateVector) {
        byte[] full = full();
        return full == EMPTY_UPDATE ? EMPTY_UPDATE : Updates.diffUpdate(full, stateVector);
    }

    /** @return how many merges ran (for tests and metrics) */
    long merges() {
        return merges;
    }

    private void compact() {
        if (tail.isEmpty()) {
            return;
        }
        List<byte[]> parts = new ArrayList<>(tail.size() + 1);
        if (base != null) {
            parts.add(base);
        }
        parts.addAll(tail);
        base = parts.size() == 1 ? parts.get(0) : Updates.mergeUpdates(parts);
        merges++;
        tail.clear();
        tailBytes = 0;
    }
}
