package io.epicenter.sync.room;

import java.util.ArrayList;
import java.util.List;

import io.epicenter.sync.protocol.AwarenessUpdate.Entry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwarenessTableTest {

    private static List<Entry> ids(long from, int n, long clock) {
        List<Entry> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(new Entry(from + i, clock, "{}"));
        }
        return l;
    }

    @Test
    void aPeerOwnsAtMostTheCapAndAnUpdatePassingItChangesNothing() {
        AwarenessTable t = new AwarenessTable();
        TestUpdates.RecordingPeer a = new TestUpdates.RecordingPeer("a");
        TestUpdates.RecordingPeer b = new TestUpdates.RecordingPeer("b");
        assertThat(t.apply(ids(1, 64, 1), a, 64, 0)).hasSize(64);
        assertThat(t.ownedBy(a)).isEqualTo(64);
        // re-announcing owned ids is fine
        assertThat(t.apply(ids(1, 64, 2), a, 64, 0)).hasSize(64);
        assertThatThrownBy(() -> t.apply(ids(1000, 1, 1), a, 64, 0)).isInstanceOf(TooManyAwarenessIdsException.class);
        assertThatThrownBy(() -> t.apply(ids(2000, 65, 1), b, 64, 0)).isInstanceOf(TooManyAwarenessIdsException.class);
        assertThat(t.size()).isEqualTo(64);
        assertThat(t.entries()).isEqualTo(64);
        assertThat(t.ownedBy(b)).isZero();
        // taking over an id moves its ownership
        assertThat(t.apply(List.of(new Entry(1, 3, "{}")), b, 64, 0)).hasSize(1);
        assertThat(t.ownedBy(a)).isEqualTo(63);
        assertThat(t.ownedBy(b)).isEqualTo(1);
    }

    @Test
    void aRemovalOfAnUnknownIdIsNotKept() {
        AwarenessTable t = new AwarenessTable();
        TestUpdates.RecordingPeer a = new TestUpdates.RecordingPeer("a");
        List<Entry> removals = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            removals.add(new Entry(i, 5, null));
        }
        assertThat(t.apply(removals, a, 64, 0)).isEmpty();
        assertThat(t.entries()).isZero();
    }

    @Test
    void removedEntriesAreDroppedAfterTheRetention() {
        AwarenessTable t = new AwarenessTable();
        TestUpdates.RecordingPeer a = new TestUpdates.RecordingPeer("a");
        t.apply(ids(1, 10, 1), a, 64, 0);
        assertThat(t.removeOwnedBy(a, 0)).hasSize(10);
        assertThat(t.ownedBy(a)).isZero();
        assertThat(t.size()).isZero();
        assertThat(t.entries()).isEqualTo(10);
        // within the retention the clock still refuses a stale update
        assertThat(t.apply(ids(1, 1, 1), a, 64, 1_000_000_000L)).isEmpty();
        t.pruneNow(AwarenessTable.REMOVED_RETENTION_NANOS - 1);
        assertThat(t.entries()).isEqualTo(10);
        t.pruneNow(AwarenessTable.REMOVED_RETENTION_NANOS);
        assertThat(t.entries()).isZero();
        // pruned on a later message too
        t.apply(ids(100, 5, 1), a, 64, 0);
        t.removeOwnedBy(a, 0);
        t.apply(List.of(), a, 64, 3 * AwarenessTable.REMOVED_RETENTION_NANOS);
        assertThat(t.entries()).isZero();
    }
}
