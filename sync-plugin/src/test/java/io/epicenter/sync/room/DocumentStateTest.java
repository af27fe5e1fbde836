package io.epicenter.sync.room;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.epicenter.crdt.doc.Doc;
import io.epicenter.crdt.id.StateVector;
import io.epicenter.crdt.lib0.CrdtDecodeException;
import io.epicenter.crdt.update.Updates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DocumentState} against cases of the shared vectors ({@code vectors/updates-basic.json}; the
 * updates, state vectors and encoded states below are copied from it, as produced by Yjs).
 */
class DocumentStateTest {

    /** name, updates, expected state vector, expected encodeStateAsUpdate. */
    record Case(String name, List<byte[]> updates, byte[] stateVector, byte[] encodedState) {}

    static final Map<String, Case> CASES = Map.of(
            "text-concurrent-4-clients-with-deletes", vector("text-concurrent-4-clients-with-deletes",
                    List.of("AQEoAIQKEgYganVtcHMA", "AAEKAQAE", "AAEKAQgG", "AQEKAAQBAXQTVGhlIHF1aWNrIGJyb3duIGZveAA=",
                            "AAEKAQQG", "AQEeAMQKCQoKBHJlZCAA"),
                    "AygGHgQKEw==",
                    "AwEoAIQKEgYganVtcHMBHgDECgkKCgRyZWQgAwoAAQEBdAqBCgkEhAoNBW4gZm94AQoBAA4="),
            "text-rich-format-embed", vector("text-rich-format-embed",
                    List.of("AQEMAAQBAnJ0C0hlbGxvIHdvcmxkAA==", "AQIMC0YMAARib2xkBHRydWXGDAQMBQRib2xkBG51bGwA",
                            "AQEMDYUMChF7ImltYWdlIjoieC5wbmcifQA=",
                            "AQMMDoYMDQZpdGFsaWMEdHJ1ZYQMDgEhhgwPBml0YWxpYwRudWxsAA=="),
                    "AQwR",
                    "AQgMAAQBAnJ0BUhlbGxvhAwEBiB3b3JsZEYMAARib2xkBHRydWXGDAQMBQRib2xkBG51bGyFDAoReyJpbWFnZSI6IngucG5nIn2GDA0GaXRhbGljBHRydWWEDA4BIYYMDwZpdGFsaWMEbnVsbAA="),
            "nested-type-deleted-gc", vector("nested-type-deleted-gc",
                    List.of("AQEUACcBAW0DYXJyAAA=", "AQEUAQgAFAADdwFwdwFxdwFyAA==", "AQEUBAQBAXQFaGVsbG8A", "AAEUAgAEBQM="),
                    "ARQJ",
                    "AQUUACEBAW0DYXJyAQADBAEBdAFogRQEA4QUBwFvARQCAAQFAw=="),
            "pending-cross-client-dependency", vector("pending-cross-client-dependency",
                    List.of("AQEpAIQoAwFCAA==", "AQEoAoQoAQJBMgA=", "AQEoAAQBAXQCQTEA"),
                    "AikBKAQ=",
                    "AgEpAIQoAwFCASgABAEBdARBMUEyAA=="),
            "pending-delete-before-insert", vector("pending-delete-before-insert",
                    List.of("AAErAQAC", "AQErAAQBAXQDeHl6AA=="),
                    "ASsD",
                    "AQIrAAEBAXQChCsBAXoBKwEAAg=="),
            "pending-unresolved", vector("pending-unresolved",
                    List.of("AQE9AAQBAXQHdmlzaWJsZQA=", "AQE8BIQ8AwUga2VwdAA=", "AAE8AQAB"),
                    "AT0H",
                    "AgE9AAQBAXQHdmlzaWJsZQE8BIQ8AwUga2VwdAE8AQAB"));

    private static Case vector(String name, List<String> updates, String sv, String state) {
        Base64.Decoder d = Base64.getDecoder();
        return new Case(name, updates.stream().map(d::decode).toList(), d.decode(sv), d.decode(state));
    }

    private static DocumentState applied(List<byte[]> updates) {
        DocumentState s = new DocumentState(null);
        for (byte[] u : updates) {
            s.append(u);
        }
        return s;
    }

    private static Doc freshDoc(List<byte[]> updates) {
        Doc d = new Doc(1, true);
        for (byte[] u : updates) {
            d.applyUpdate(u);
        }
        return d;
    }

    @Test
    void emptyState() {
        DocumentState s = new DocumentState(null);
        assertThat(s.sizeBytes()).isZero();
        assertThat(s.full()).containsExactly(0, 0);
        assertThat(s.stateVector()).containsExactly(0);
        assertThat(s.step1Frame()).containsExactly(0, 0, 1, 0);
        assertThat(s.fullStep2Frame()).containsExactly(0, 1, 2, 0, 0);
        assertThat(s.diff(new byte[] {1, 5, 3})).containsExactly(0, 0);
        assertThat(s.sizeBytes()).isEqualTo(2); // what was encoded
        assertThat(s.hasPending()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text-concurrent-4-clients-with-deletes", "text-rich-format-embed", "nested-type-deleted-gc",
                            "pending-cross-client-dependency", "pending-delete-before-insert", "pending-unresolved"})
    void vectorUpdatesGiveWhatYjsAndAFreshDocGive(String name) {
        Case c = CASES.get(name);
        DocumentState s = applied(c.updates());
        assertThat(s.full()).isEqualTo(c.encodedState());
        assertThat(s.full()).isEqualTo(freshDoc(c.updates()).encodeStateAsUpdate());
        assertThat(s.stateVector()).isEqualTo(c.stateVector());
        // a room loaded from that state (a later activation) holds the same
        DocumentState reloaded = new DocumentState(s.full());
        assertThat(reloaded.full()).isEqualTo(c.encodedState());
        assertThat(reloaded.stateVector()).isEqualTo(c.stateVector());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text-concurrent-4-clients-with-deletes", "text-rich-format-embed", "nested-type-deleted-gc",
                            "pending-cross-client-dependency", "pending-delete-before-insert", "pending-unresolved"})
    void theDiffForAStateVectorBringsAPeerUpToDate(String name) {
        Case c = CASES.get(name);
        DocumentState s = applied(c.updates());
        for (int k = 0; k <= c.updates().size(); k++) {
            Doc peer = freshDoc(c.updates().subList(0, k));
            byte[] diff = s.diff(peer.encodeStateVector());
            assertThat(diff).isEqualTo(freshDoc(c.updates()).encodeStateAsUpdate(peer.encodeStateVector()));
            peer.applyUpdate(diff);
            assertThat(peer.encodeStateAsUpdate()).as("peer with %d updates", k).isEqualTo(c.encodedState());
        }
        assertThat(s.diff(new byte[] {0})).isSameAs(s.full());
    }

    @Test
    void cachesLastUntilTheNextUpdate() {
        DocumentState s = applied(List.of(TestUpdates.insert(5, "abc")));
        byte[] full = s.full();
        byte[] sv = s.stateVector();
        byte[] step1 = s.step1Frame();
        byte[] step2 = s.fullStep2Frame();
        for (int i = 0; i < 3; i++) {
            assertThat(s.full()).isSameAs(full);
            assertThat(s.stateVector()).isSameAs(sv);
            assertThat(s.step1Frame()).isSameAs(step1);
            assertThat(s.fullStep2Frame()).isSameAs(step2);
        }
        s.append(TestUpdates.insert(6, "def"));
        assertThat(s.full()).isNotSameAs(full);
        assertThat(StateVector.decode(s.stateVector())).containsEntry(5L, 3L).containsEntry(6L, 3L);
        assertThat(s.step1Frame()).isNotEqualTo(step1);
        assertThat(s.fullStep2Frame()).isNotEqualTo(step2);
    }

    @Test
    void aCorruptUpdateLeavesTheStateUnchanged() {
        Case c = CASES.get("text-concurrent-4-clients-with-deletes");
        DocumentState s = applied(c.updates().subList(0, 4));
        byte[] before = s.full().clone();
        byte[] svBefore = s.stateVector().clone();
        long sizeBefore = s.sizeBytes();
        byte[] good = c.updates().get(5);
        List<byte[]> corrupt = new ArrayList<>();
        corrupt.add(Arrays.copyOf(good, good.length - 3));            // truncated
        byte[] badRef = good.clone();
        badRef[5] = (byte) 0x7f;                                       // unknown content / garbage
        corrupt.add(badRef);
        corrupt.add(new byte[] {1, 1, 9, 0, 4, 1, 1, 't', (byte) 0xff}); // string length past the end
        int checked = 0;
        for (byte[] u : corrupt) {
            boolean validates;
            try {
                Updates.validate(u);
                validates = true;
            } catch (CrdtDecodeException e) {
                validates = false;
            }
            if (validates) {
                continue; // not corrupt after all for this decoder: not what this test is about
            }
            assertThatThrownBy(() -> s.append(u)).isInstanceOf(CrdtDecodeException.class);
            assertThat(s.full()).isEqualTo(before);
            assertThat(s.stateVector()).isEqualTo(svBefore);
            assertThat(s.sizeBytes()).isLessThanOrEqualTo(sizeBefore);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
        s.append(c.updates().get(4));
        s.append(good);
        assertThat(s.full()).isEqualTo(c.encodedState());
    }

    @Test
    void pendingStructsWhoseDependenciesNeverArriveAreKept() {
        Case c = CASES.get("pending-unresolved");
        DocumentState s = applied(c.updates());
        assertThat(s.hasPending()).isTrue();
        // the state vector leaves them out, the state carries them (and the pending delete set)
        assertThat(StateVector.decode(s.stateVector())).containsOnlyKeys(61L);
        assertThat(s.full()).isEqualTo(c.encodedState());
        Doc late = new Doc(2, true);
        late.applyUpdate(s.diff(new byte[] {0}));
        assertThat(late.hasPending()).isTrue();
        assertThat(late.pendingMissing()).containsEntry(60L, 3L);
        assertThat(late.getText("t").toString()).isEqualTo("visible");
        // a peer that has everything client 61 wrote still gets the pending structs of client 60
        byte[] diff = s.diff(c.stateVector());
        Doc peer = freshDoc(c.updates().subList(0, 1));
        peer.applyUpdate(diff);
        assertThat(peer.encodeStateAsUpdate()).isEqualTo(c.encodedState());
        // and they survive an eviction and a reload
        DocumentState reloaded = new DocumentState(s.full());
        assertThat(reloaded.hasPending()).isTrue();
        assertThat(reloaded.full()).isEqualTo(c.encodedState());
    }

    @Test
    void sizeIsTheEncodedSizePlusWhatWasAppendedSinceAndIsMeasuredWhenStale() {
        DocumentState s = new DocumentState(null);
        long appended = 0;
        for (int i = 0; i < 50; i++) {
            byte[] u = TestUpdates.insert(100 + i, "x");
            s.append(u);
            appended += u.length;
        }
        assertThat(s.sizeBytes()).isEqualTo(appended);
        long exact = s.full().length;
        assertThat(s.sizeBytes()).isEqualTo(exact);
        assertThat(s.measuredSizeBytes()).isEqualTo(exact);
        byte[] more = TestUpdates.insert(999, "y");
        s.append(more);
        assertThat(s.sizeBytes()).isEqualTo(exact + more.length);
        assertThat(s.measuredSizeBytes()).isEqualTo(exact + more.length); // too little appended to encode again

        // typing and deleting: the encoded state stays small, the appended bytes grow
        Doc writer = new Doc(7, true);
        List<byte[]> edits = new ArrayList<>();
        writer.onUpdate(edits::add);
        for (int i = 0; i < 200; i++) {
            writer.getText("t").insert(0, "abcdefgh");
            writer.getText("t").delete(0, 8);
        }
        DocumentState typed = new DocumentState(null);
        edits.forEach(typed::append);
        long estimate = typed.sizeBytes();
        long measured = typed.measuredSizeBytes();
        assertThat(measured).isEqualTo(typed.full().length).isEqualTo(writer.encodeStateAsUpdate().length);
        assertThat(measured).isLessThan(estimate / 4);
    }

    @Test
    void loadedFromAStoredStateItStartsWithItsSize() {
        Case c = CASES.get("text-concurrent-4-clients-with-deletes");
        byte[] stored = Updates.mergeUpdates(c.updates());
        DocumentState s = new DocumentState(stored);
        assertThat(s.sizeBytes()).isEqualTo(stored.length);
        assertThat(s.full()).isEqualTo(c.encodedState());
        assertThatThrownBy(() -> new DocumentState(new byte[] {1, 1, 9})).isInstanceOf(CrdtDecodeException.class);
    }

    @Test
    void theDocumentIsHandedOutAndItsLocalChangesCollected() {
        DocumentState s = applied(List.of(TestUpdates.insert(5, "abc")));
        byte[] before = s.full();
        assertThat(s.document(String.class)).isEmpty();
        Doc doc = s.document(Doc.class).orElseThrow();
        assertThat(doc.getText("t").toString()).isEqualTo("abc");
        doc.getText("t").insert(3, "!");
        s.append(TestUpdates.insert(6, "z")); // a remote update meanwhile is not a local change
        List<byte[]> local = s.takeLocalUpdates();
        assertThat(local).hasSize(1);
        assertThat(s.full()).isNotSameAs(before);
        Doc replica = freshDoc(List.of(TestUpdates.insert(5, "abc"), TestUpdates.insert(6, "z")));
        replica.applyUpdate(local.get(0));
        assertThat(replica.encodeStateAsUpdate()).isEqualTo(s.full());
        // collection ends with the lane visit
        doc.getText("t").insert(0, "?");
        assertThat(s.takeLocalUpdates()).isEmpty();
    }
}
