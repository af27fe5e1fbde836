package io.epicenter.server.ops;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test-side y-websocket frames (written independently of the server's protocol package). */
final class OpsFrames {

    static final byte[] EMPTY_STEP1 = {0, 0, 1, 0};

    private OpsFrames() {
    }

    static byte[] update(byte[] update) {
        return sync(2, update);
    }

    static byte[] step2(byte[] update) {
        return sync(1, update);
    }

    static byte[] sync(int type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varUint(out, 0);
        varUint(out, type);
        varUint(out, data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** @return a sync status (102) frame with an 8-byte payload */
    static byte[] syncStatus(long n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varUint(out, 102);
        varUint(out, n);
        return out.toByteArray();
    }

    /** @return an awareness frame with one entry per (client, clock, json) triple */
    static byte[] awareness(Object... triples) {
        ByteArrayOutputStream upd = new ByteArrayOutputStream();
        varUint(upd, triples.length / 3);
        for (int i = 0; i < triples.length; i += 3) {
            varUint(upd, ((Number) triples[i]).longValue());
            varUint(upd, ((Number) triples[i + 1]).longValue());
            byte[] json = ((String) triples[i + 2]).getBytes(StandardCharsets.UTF_8);
            varUint(upd, json.length);
            upd.writeBytes(json);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varUint(out, 1);
        varUint(out, upd.size());
        out.writeBytes(upd.toByteArray());
        return out.toByteArray();
    }

    /**
     * A valid V1 update: client {@code client} inserts {@code text} at {@code clock} into root text
     * "t" (clock 0: depends on nothing).
     */
    static byte[] textInsert(long client, long clock, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varUint(out, 1); // one client group
        varUint(out, 1); // one struct
        varUint(out, client);
        varUint(out, clock);
        out.write(0x04); // item, ContentString, no origins
        varUint(out, 1); // parent is a root type
        varUint(out, 1);
        out.write('t');
        byte[] s = text.getBytes(StandardCharsets.UTF_8);
        varUint(out, s.length);
        out.writeBytes(s);
        varUint(out, 0); // empty delete set
        return out.toByteArray();
    }

    static void varUint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (0x80 | (v & 0x7f)));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** @return the awareness client ids and clocks of an awareness frame, as "id:clock" strings in order */
    static java.util.List<String> awarenessEntries(byte[] frame) {
        int[] pos = {1};
        long len = readVarUint(frame, pos);
        long count = readVarUint(frame, pos);
        java.util.List<String> out = new java.util.ArrayList<>();
        for (long i = 0; i < count; i++) {
            long id = readVarUint(frame, pos);
            long clock = readVarUint(frame, pos);
            long n = readVarUint(frame, pos);
            pos[0] += (int) n;
            out.add(id + ":" + clock);
        }
        return out;
    }

    static long readVarUint(byte[] b, int[] pos) {
        long v = 0;
        int shift = 0;
        while (true) {
            int x = b[pos[0]++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if (x < 0x80) {
                return v;
            }
            shift += 7;
        }
    }
}
