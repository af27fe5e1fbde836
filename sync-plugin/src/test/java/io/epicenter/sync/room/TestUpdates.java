package io.epicenter.sync.room;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Valid Yjs V1 updates for unit tests, and a recording peer. */
final class TestUpdates {

    private TestUpdates() {
    }

    /** Client {@code client} inserts {@code text} at clock 0 into root text "t" (depends on nothing). */
    static byte[] insert(long client, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varUint(out, 1);
        varUint(out, 1);
        varUint(out, client);
        varUint(out, 0);
        out.write(0x04);
        varUint(out, 1);
        varUint(out, 1);
        out.write('t');
        byte[] s = text.getBytes(StandardCharsets.UTF_8);
        varUint(out, s.length);
        out.writeBytes(s);
        varUint(out, 0);
        return out.toByteArray();
    }

    static void varUint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (0x80 | (v & 0x7f)));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A peer that records what it is sent. */
    static final class RecordingPeer implements Peer {
        final String id;
        final List<byte[]> frames = new ArrayList<>();

        RecordingPeer(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public synchronized boolean send(byte[] frame) {
            frames.add(frame);
            return true;
        }

        synchronized List<byte[]> frames() {
            return List.copyOf(frames);
        }
    }
}
