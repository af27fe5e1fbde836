package io.epicenter.server.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-side y-websocket framing, written independently of the server's protocol package so the
 * tests check the wire, not the server against itself. Readers here trust their input (they read
 * frames the server sent) and do no bounds checks beyond Java's.
 */
public final class Frames {

    public static final byte[] EMPTY_STEP1 = {0, 0, 1, 0};
    public static final byte[] QUERY_AWARENESS = {3};

    private Frames() {
    }

    // ------------------------------------------------------------------ writing

    public static byte[] step1(byte[] stateVector) {
        return sync(0, stateVector);
    }

    public static byte[] step2(byte[] update) {
        return sync(1, update);
    }

    public static byte[] update(byte[] update) {
        return sync(2, update);
    }

    public static byte[] sync(int type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varUint(out, 0);
        varUint(out, type);
        varUint(out, data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** @return a sync status (102) frame: the type, then the varUint {@code n} as the whole payload */
    public static byte[] syncStatus(long n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varUint(out, 102);
        varUint(out, n);
        return out.toByteArray();
    }

    /**
     * @return a sync status (102) frame whose payload is a varUint8Array holding the varUint {@code tag}
     *     (read back with {@link #syncStatusTag})
     */
    public static byte[] taggedSyncStatus(long tag) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        varUint(p, tag);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varUint(out, 102);
        varUint(out, p.size());
        out.writeBytes(p.toByteArray());
        return out.toByteArray();
    }

    /** @return an awareness frame with one entry per (client, clock, json) triple */
    public static byte[] awareness(Object... triples) {
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
     * A valid V1 update: client {@code client} inserts {@code text} at clock 0 into root text "t",
     * no origins, so it depends on nothing.
     */
    public static byte[] textInsert(long client, String text) {
        return textInsert(client, 0, text);
    }

    /**
     * A valid V1 update: client {@code client} inserts {@code text} at {@code clock} into root text
     * "t" (clock 0: depends on nothing).
     */
    public static byte[] textInsert(long client, long clock, String text) {
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

    public static void varUint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (0x80 | (v & 0x7f)));
            v >>>= 7;
        }
        out.write((int) v);
    }

    // ------------------------------------------------------------------ reading

    /** Decoded sync frame: type and payload. */
    public record Sync(int syncType, byte[] payload) {
    }

    public static boolean isSync(byte[] frame, int syncType) {
        return frame.length >= 2 && frame[0] == 0 && frame[1] == syncType;
    }

    public static boolean isSyncStatus(byte[] frame) {
        return frame.length >= 1 && (frame[0] & 0xff) == 102;
    }

    /** @return the sync frame, checked to be one with nothing after its payload */
    public static Sync parseSync(byte[] frame) {
        Reader r = new Reader(frame);
        if (r.varUint() != 0) {
            throw new AssertionError("not a sync frame: " + hex(frame));
        }
        int type = (int) r.varUint();
        byte[] data = r.bytes();
        if (r.pos != frame.length) {
            throw new AssertionError("trailing bytes in " + hex(frame));
        }
        return new Sync(type, data);
    }

    /** @return the data of a sync frame (unchecked: neither the type nor trailing bytes) */
    public static byte[] payload(byte[] frame) {
        Reader r = new Reader(frame, 1);
        r.varUint(); // sync type
        return r.bytes();
    }

    /** @return the tag of a 102 frame built by {@link #taggedSyncStatus} */
    public static long syncStatusTag(byte[] frame) {
        Reader r = new Reader(frame, 1);
        r.varUint(); // payload length
        return r.varUint();
    }

    /** @return client id -> json (null for removed) of an awareness frame */
    public static Map<Long, String> parseAwareness(byte[] frame) {
        Reader r = new Reader(frame);
        if (r.varUint() != 1) {
            throw new AssertionError("not an awareness frame: " + hex(frame));
        }
        Reader u = new Reader(r.bytes());
        long n = u.varUint();
        Map<Long, String> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            long client = u.varUint();
            u.varUint();
            String json = new String(u.bytes(), StandardCharsets.UTF_8);
            out.put(client, json.equals("null") ? null : json);
        }
        return out;
    }

    /** @return client id -> clock of an awareness frame */
    public static Map<Long, Long> awarenessClocks(byte[] frame) {
        Reader r = new Reader(frame);
        r.varUint();
        Reader u = new Reader(r.bytes());
        long n = u.varUint();
        Map<Long, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            long client = u.varUint();
            long clock = u.varUint();
            u.bytes();
            out.put(client, clock);
        }
        return out;
    }

    /** @return the awareness client ids and clocks of an awareness frame, as "id:clock" strings in order */
    public static List<String> awarenessEntries(byte[] frame) {
        Reader r = new Reader(frame, 1);
        r.varUint(); // payload length
        long count = r.varUint();
        List<String> out = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long id = r.varUint();
            long clock = r.varUint();
            long n = r.varUint();
            r.pos += (int) n;
            out.add(id + ":" + clock);
        }
        return out;
    }

    public static String hex(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b, 0, Math.min(b.length, 64)) + (b.length > 64 ? " ...(" + b.length + ")" : "");
    }

    /** A cursor over a frame: varUint and varUint8Array. */
    private static final class Reader {
        final byte[] buf;
        int pos;

        Reader(byte[] buf) {
            this(buf, 0);
        }

        Reader(byte[] buf, int pos) {
            this.buf = buf;
            this.pos = pos;
        }

        long varUint() {
            long v = 0;
            int shift = 0;
            while (true) {
                int b = buf[pos++] & 0xff;
                v |= (long) (b & 0x7f) << shift;
                if (b < 0x80) {
                    return v;
                }
                shift += 7;
            }
        }

        byte[] bytes() {
            int len = (int) varUint();
            byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
            pos += len;
            return out;
        }
    }
}
