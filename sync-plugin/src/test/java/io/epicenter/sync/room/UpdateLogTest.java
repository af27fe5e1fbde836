package io.epicenter.sync.room;

import java.util.ArrayList;
import java.util.List;

import io.epicenter.crdt.update.Updates;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UpdateLogTest {

    @Test
    void emptyLog() {
        UpdateLog log = new UpdateLog(null);
        assertThat(log.full()).containsExactly(0, 0);
        assertThat(log.stateVector()).containsExactly(0);
        assertThat(log.step1Frame()).containsExactly(0, 0, 1, 0);
        assertThat(log.fullStep2Frame()).containsExactly(0, 1, 2, 0, 0);
        assertThat(log.merges()).isZero();
    }

    @Test
    void appendsDoNotMergeAndTheFullStateIsMergedOnceAndCached() {
        UpdateLog log = new UpdateLog(null);
        List<byte[]> us = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            byte[] u = TestUpdates.insert(i, "u" + i);
            us.add(u);
            log.append(u);
        }
        assertThat(log.merges()).isZero();
        byte[] full = log.full();
        assertThat(full).isEqualTo(Updates.mergeUpdates(us));
        // ten joiners of an unchanged room: one merge, the same frames
        byte[] step2 = log.fullStep2Frame();
        byte[] step1 = log.step1Frame();
        for (int i = 0; i < 10; i++) {
            assertThat(log.full()).isSameAs(full);
            assertThat(log.fullStep2Frame()).isSameAs(step2);
            assertThat(log.step1Frame()).isSameAs(step1);
        }
        assertThat(log.merges()).isEqualTo(1);
        assertThat(log.stateVector()).isEqualTo(Updates.encodeStateVectorFromUpdate(Updates.mergeUpdates(us)));

        byte[] more = TestUpdates.insert(99, "later");
        log.append(more);
        us.add(more);
        assertThat(log.full()).isEqualTo(Updates.mergeUpdates(List.of(Updates.mergeUpdates(us.subList(0, 10)), more)));
        assertThat(log.merges()).isEqualTo(2);
    }

    @Test
    void theTailIsCompactedPastTheThreshold() {
        UpdateLog log = new UpdateLog(null);
        for (int i = 1; i <= UpdateLog.MAX_TAIL_UPDATES; i++) {
            log.append(TestUpdates.insert(i, "x"));
        }
        assertThat(log.merges()).isEqualTo(1);
        assertThat(Updates.encodeStateVectorFromUpdate(log.full())).isNotEmpty();
    }
}
