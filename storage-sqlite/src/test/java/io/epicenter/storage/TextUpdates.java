package io.epicenter.storage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test data: real Yjs V1 updates, written by hand, of one client typing into a root text {@code t}:
 * update {@code i} inserts one character at the end (an Item with ContentString, clock {@code i},
 * origin {@code (client, i-1)}). Also reads such updates back (and merges of them, as
 * {@code Y.mergeUpdates} writes them) to check what a store returned, and a stand-in codec for that
 * subset of the format, used while the crdt module's {@code Updates} cannot validate or merge yet.
 */
public final class TextUpdates {

    private static final String ROOT = "t";

    private TextUpdates() {
    }

    /** One item: client, clock, origin (or null), the root name (when no origin), the text. */
    record Item(long client, long clock, long[] origin, String parent, String text) {
    }

    /**
     * @param client the client id
     * @param clock the clock of the inserted character (0 for the first)
     * @param ch the character (ASCII)
     * @return the update
     */
    public static byte[] typed(long client, long clock, char ch) {
        return encode(List.of(item(client, clock, ch)));
    }

    /**
     * @param client client id
     * @param n how many characters
     * @return the updates typing the first {@code n} characters of {@link #expectedText}
     */
    public static List<byte[]> typing(long client, int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(typed(client, i, charAt(i)));
        }
        return out;
    }

    /** @return the character typed at clock {@code i} */
    public static char charAt(long i) {
        return (char) ('a' + (i % 26));
    }

    /** @return the text after typing {@code n} characters */
    public static String expectedText(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(charAt(i));
        }
        return sb.toString();
    }

    private static Item item(long client, long clock, char ch) {
        return clock == 0 ? new Item(client, 0, null, ROOT, String.valueOf(ch))
                : new Item(client, clock, new long[] {client, clock - 1}, null, String.valueOf(ch));
    }

    /**
     * @param updates updates of this subset (or merges of them), in any order, duplicates allowed
     * @return the typed text of one client (characters by clock; clocks must be contiguous from 0)
     */
    public static String text(List<byte[]> updates) {
        TreeMap<Long, String> byClock = new TreeMap<>();
        for (byte[] u : updates) {
            for (Item it : decode(u)) {
                byClock.put(it.clock, it.text);
            }
        }
        StringBuilder sb = new StringBuilder();
        long expect = 0;
        for (Map.Entry<Long, String> e : byClock.entrySet()) {
            if (e.getKey() != expect) {
                throw new AssertionError("clock " + expect + " missing (next is " + e.getKey() + ")");
            }
            sb.append(e.getValue());
            expect += e.getValue().length();
        }
        return sb.toString();
    }

    /**
     * @param updates updates of this subset
     * @return the set of clocks they hold
     */
    public static java.util.Set<Long> clocks(List<byte[]> updates) {
        java.util.Set<Long> out = new java.util.HashSet<>();
        for (byte[] u : updates) {
            for (Item it : decode(u)) {
                for (int i = 0; i < it.text.length(); i++) {
                    out.add(it.clock + i);
                }
            }
        }
        return out;
    }

    // ---- decoding (strict: anything outside the subset, or trailing bytes, is an error)

    static List<Item> decode(byte[] u) {
        int[] pos = {0};
        List<Item> items = new ArrayList<>();
        long clients = varUint(u, pos);
        for (long c = 0; c < clients; c++) {
            long structs = varUint(u, pos);
            long client = varUint(u, pos);
            long clock = varUint(u, pos);
            for (long s = 0; s < structs; s++) {
                int info = u[at(u, pos)] & 0xff;
                pos[0]++;
                if ((info & 0x1f) != 4) {
                    throw new IllegalArgumentException("unsupported struct " + (info & 0x1f));
                }
                long[] origin = null;
                String parent = null;
                if ((info & 0x80) != 0) {
                    origin = new long[] {varUint(u, pos), varUint(u, pos)};
                }
                if ((info & 0x40) != 0) {
                    varUint(u, pos);
                    varUint(u, pos);
                }
                if ((info & 0xc0) == 0) {
                    if (varUint(u, pos) != 1) {
                        throw new IllegalArgumentException("unsupported parent");
                    }
                    parent = varString(u, pos);
                }
                if ((info & 0x20) != 0) {
                    throw new IllegalArgumentException("unsupported parentSub");
                }
                String text = varString(u, pos);
                items.add(new Item(client, clock, origin, parent, text));
                clock += text.length();
            }
        }
        long dsClients = varUint(u, pos);
        for (long c = 0; c < dsClients; c++) {
            varUint(u, pos);
            long ranges = varUint(u, pos);
            for (long r = 0; r < ranges; r++) {
                varUint(u, pos);
                varUint(u, pos);
            }
        }
        if (pos[0] != u.length) {
            throw new IllegalArgumentException((u.length - pos[0]) + " trailing bytes");
        }
        return items;
    }

    private static int at(byte[] u, int[] pos) {
        if (pos[0] >= u.length) {
            throw new IllegalArgumentException("unexpected end of update");
        }
        return pos[0];
    }

    private static long varUint(byte[] u, int[] pos) {
        long v = 0;
        int shift = 0;
        while (true) {
            int b = u[at(u, pos)] & 0xff;
            pos[0]++;
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
            shift += 7;
            if (shift > 53) {
                throw new IllegalArgumentException("varuint too long");
            }
        }
    }

    private static String varString(byte[] u, int[] pos) {
        long len = varUint(u, pos);
        if (len > u.length - pos[0]) {
            throw new IllegalArgumentException("string runs past the end");
        }
        String s = new String(u, pos[0], (int) len, StandardCharsets.UTF_8);
        pos[0] += (int) len;
        return s;
    }

    // ---- encoding

    static byte[] encode(List<Item> items) {
        TreeMap<Long, TreeMap<Long, Item>> byClient = new TreeMap<>(java.util.Comparator.reverseOrder());
        for (Item it : items) {
            byClient.computeIfAbsent(it.client, k -> new TreeMap<>()).put(it.clock, it);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarUint(out, byClient.size());
        for (Map.Entry<Long, TreeMap<Long, Item>> e : byClient.entrySet()) {
            TreeMap<Long, Item> run = e.getValue();
            writeVarUint(out, run.size());
            writeVarUint(out, e.getKey());
            long clock = run.firstKey();
            writeVarUint(out, clock);
            for (Item it : run.values()) {
                if (it.clock != clock) {
                    throw new IllegalArgumentException("gap before clock " + it.clock);
                }
                if (it.origin != null) {
                    out.write(0x84);
                    writeVarUint(out, it.origin[0]);
                    writeVarUint(out, it.origin[1]);
                } else {
                    out.write(0x04);
                    writeVarUint(out, 1);
                    writeVarString(out, it.parent);
                }
                writeVarString(out, it.text);
                clock += it.text.length();
            }
        }
        writeVarUint(out, 0); // empty delete set
        return out.toByteArray();
    }

    private static void writeVarUint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static void writeVarString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarUint(out, b.length);
        out.writeBytes(b);
    }

    // ---- codecs

    /** Validates and merges this subset of V1 exactly as Yjs would (one run per client, no deletes). */
    public static final UpdateCodec STAND_IN = new UpdateCodec() {
        @Override
        public void validate(byte[] update) {
            decode(update);
        }

        @Override
        public byte[] merge(List<byte[]> updates) {
            Map<String, Item> all = new java.util.LinkedHashMap<>();
            for (byte[] u : updates) {
                for (Item it : decode(u)) {
                    all.put(it.client + ":" + it.clock, it);
                }
            }
            return encode(new ArrayList<>(all.values()));
        }

        @Override
        public String toString() {
            return "stand-in";
        }
    };

    private static volatile UpdateCodec best;

    /**
     * @return {@link UpdateCodec#YJS} when the crdt module's {@code Updates.validate} and
     *         {@code mergeUpdates} work (and agree with this subset), else {@link #STAND_IN}
     */
    public static UpdateCodec codec() {
        UpdateCodec c = best;
        if (c == null) {
            c = STAND_IN;
            try {
                List<byte[]> us = typing(7, 3);
                UpdateCodec.YJS.validate(us.get(2));
                byte[] merged = UpdateCodec.YJS.merge(us);
                UpdateCodec.YJS.validate(merged);
                boolean rejects;
                try {
                    UpdateCodec.YJS.validate(new byte[] {1, 1, 7, 0, 0x04, 1, 5});
                    rejects = false;
                } catch (RuntimeException expected) {
                    rejects = true;
                }
                if (rejects && text(List.of(merged)).equals("abc")) {
                    c = UpdateCodec.YJS;
                }
            } catch (RuntimeException | LinkageError e) {
                // crdt not finished yet: use the stand-in
            }
            System.err.println("TextUpdates: using the " + c + " codec");
            best = c;
        }
        return c;
    }
}
