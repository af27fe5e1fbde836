package io.epicenter.sync.room;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.epicenter.crdt.doc.Doc;
import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.crdt.update.Updates;
import io.epicenter.sync.protocol.Messages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A room behaves the same whichever way it holds its document ({@code plugins.sync.room-state}). */
class RoomStateKindsTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** Records appends; keeps persisted state. */
    static final class RecordingStore implements RoomStore {
        final List<byte[]> appended = new ArrayList<>();
        volatile byte[] persisted;

        @Override
        public Optional<byte[]> load(String roomId) {
            return Optional.ofNullable(persisted);
        }

        @Override
        public synchronized CompletableFuture<Void> appended(String roomId, byte[] update) {
            appended.add(update);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void persist(String roomId, byte[] state) {
            persisted = state;
        }
    }

    private RoomManager manager(RoomStore store, RoomStateKind kind) {
        return new RoomManager(store, Duration.ofSeconds(60), timer, DecodeLimits.defaults(), kind);
    }

    @ParameterizedTest
    @EnumSource(RoomStateKind.class)
    void twoWritersAndLateJoinersGetEverything(RoomStateKind kind) throws Exception {
        RecordingStore store = new RecordingStore();
        RoomManager m = manager(store, kind);
        assertThat(m.roomState()).isEqualTo(kind);
        Room room = m.acquire("r");
        TestUpdates.RecordingPeer a = new TestUpdates.RecordingPeer("a");
        TestUpdates.RecordingPeer b = new TestUpdates.RecordingPeer("b");
        room.join(a);
        room.join(b);
        assertThat(a.frames().get(0)).isEqualTo(Messages.step1(new byte[] {0}));
        byte[] ua = TestUpdates.insert(11, "from a");
        byte[] ub = TestUpdates.insert(22, "from b");
        room.applyValidated(ua, a);
        room.applyValidated(ub, b);
        // raw bytes relayed to the others, never echoed
        assertThat(a.frames()).hasSize(2).last().isEqualTo(Messages.update(ub));
        assertThat(b.frames()).hasSize(2).last().isEqualTo(Messages.update(ua));
        assertThat(store.appended).containsExactly(ua, ub);

        Doc expected = new Doc(1, true);
        expected.applyUpdate(ua);
        expected.applyUpdate(ub);
        TestUpdates.RecordingPeer late = new TestUpdates.RecordingPeer("late");
        room.join(late);
        assertThat(late.frames().get(0)).isEqualTo(Messages.step1(expected.encodeStateVector()));
        room.answerStep1(late, new byte[] {0});
        Doc lateDoc = new Doc(2, true);
        lateDoc.applyUpdate(step2Payload(late.frames().get(1)));
        assertThat(lateDoc.encodeStateAsUpdate()).isEqualTo(expected.encodeStateAsUpdate());

        // a joiner that has a's update gets only b's
        Doc half = new Doc(3, true);
        half.applyUpdate(ua);
        TestUpdates.RecordingPeer c = new TestUpdates.RecordingPeer("c");
        room.join(c);
        room.answerStep1(c, half.encodeStateVector());
        byte[] diff = step2Payload(c.frames().get(1));
        assertThat(Updates.encodeStateVectorFromUpdate(diff)).isEqualTo(Updates.encodeStateVectorFromUpdate(ub));
        half.applyUpdate(diff);
        assertThat(half.encodeStateAsUpdate()).isEqualTo(expected.encodeStateAsUpdate());

        // the rooms service view agrees
        byte[] viaTx = m.withRoom("r", tx -> tx.encodeStateAsUpdate(half.encodeStateVector()));
        Doc check = new Doc(4, true);
        check.applyUpdate(viaTx);
        assertThat(check.encodeStateVector()).isEqualTo(new byte[] {0}); // nothing lacking
        assertThatThrownBy(() -> m.withRoom("r", tx -> tx.encodeStateAsUpdate(new byte[] {5})))
                .isInstanceOf(IllegalArgumentException.class);
        m.release(room);
    }

    @ParameterizedTest
    @EnumSource(RoomStateKind.class)
    void theDocumentSizeLimitRefusesWithoutChangingTheRoom(RoomStateKind kind) throws Exception {
        RecordingStore store = new RecordingStore();
        RoomManager m = manager(store, kind);
        m.instrument(io.epicenter.sync.metrics.SyncMetrics.NOOP, 0, 100);
        Room room = m.acquire("r");
        room.applyValidated(TestUpdates.insert(1, "small"), null);
        byte[] before = m.withRoom("r", tx -> tx.encodeStateAsUpdate());
        assertThatThrownBy(() -> room.applyValidated(TestUpdates.insert(2, "x".repeat(200)), null))
                .isInstanceOf(DocumentTooLargeException.class);
        byte[] after = m.withRoom("r", tx -> tx.encodeStateAsUpdate());
        assertThat(after).isEqualTo(before);
        assertThat(store.appended).hasSize(1);
        m.release(room);
    }

    @Test
    void aDocumentRoomGivesItsDocToChangesAndPublishesWhatTheyDo() throws Exception {
        RecordingStore store = new RecordingStore();
        RoomManager m = manager(store, RoomStateKind.DOCUMENT);
        Room room = m.acquire("r");
        TestUpdates.RecordingPeer a = new TestUpdates.RecordingPeer("a");
        room.join(a);
        room.applyValidated(TestUpdates.insert(5, "abc"), null);
        int framesBefore = a.frames().size();
        String text = m.withRoom("r", tx -> {
            Doc doc = tx.document(Doc.class).orElseThrow();
            doc.getText("t").insert(3, "!");
            return doc.getText("t").toString();
        });
        assertThat(text).isEqualTo("abc!");
        assertThat(store.appended).hasSize(2);
        assertThat(a.frames()).hasSize(framesBefore + 1).last().isEqualTo(Messages.update(store.appended.get(1)));
        Doc replica = new Doc(9, true);
        replica.applyUpdate(m.withRoom("r", tx -> tx.encodeStateAsUpdate()));
        assertThat(replica.getText("t").toString()).isEqualTo("abc!");
        Optional<String> none = m.withRoom("r", tx -> tx.document(String.class));
        assertThat(none).isEmpty();
        m.release(room);
    }

    @Test
    void aLogRoomKeepsNoDocument() throws Exception {
        RoomManager m = manager(new RecordingStore(), RoomStateKind.LOG);
        Optional<Doc> none = m.withRoom("r", tx -> tx.document(Doc.class));
        assertThat(none).isEmpty();
    }

    @Test
    void aStoredStateADocumentCannotIntegrateFailsTheLoad() {
        RecordingStore store = new RecordingStore();
        store.persisted = new byte[] {1, 1, 9};
        RoomManager m = manager(store, RoomStateKind.DOCUMENT);
        assertThatThrownBy(() -> m.acquire("r")).isInstanceOf(RoomUnavailableException.class);
        assertThat(m.roomCount()).isZero();
    }

    @Test
    void configValues() {
        assertThat(RoomStateKind.parse(" Document ")).isEqualTo(RoomStateKind.DOCUMENT);
        assertThat(RoomStateKind.parse("log")).isEqualTo(RoomStateKind.LOG);
        assertThat(RoomStateKind.LOG.configValue()).isEqualTo("log");
        assertThatThrownBy(() -> RoomStateKind.parse("doc")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The update of a step 2 frame {@code 00 01 <varUint length> <update>}. */
    private static byte[] step2Payload(byte[] frame) {
        int i = 2;
        long len = 0;
        int shift = 0;
        while (true) {
            int b = frame[i++] & 0xff;
            len |= (long) (b & 0x7f) << shift;
            shift += 7;
            if (b < 0x80) {
                break;
            }
        }
        return java.util.Arrays.copyOfRange(frame, i, i + (int) len);
    }
}
