package io.epicenter.server.storage;

import java.util.Map;
import java.util.Set;

import io.epicenter.crdt.doc.Doc;

/** Builds and reads the storage tests' documents (root map "m") with the crdt module. */
final class Docs {

    private Docs() {
    }

    /** A writer: a document whose every {@link #set} returns the update it made. */
    static final class Writer {
        final Doc doc;
        private byte[] last;

        Writer(long clientId) {
            doc = new Doc(clientId, true);
            doc.onUpdate(u -> last = u);
        }

        /** @return the V1 update of setting {@code key} in root map "m" */
        byte[] set(String key, Object value) {
            last = null;
            doc.getMap("m").set(key, value);
            return last;
        }
    }

    /** @return the keys of root map "m" of a document holding {@code state} */
    static Set<String> keys(byte[] state) {
        Doc d = new Doc(1, true);
        d.applyUpdate(state);
        return d.getMap("m").keys();
    }

    /** @return the JSON of root map "m" of a document holding {@code state} */
    static Map<String, Object> map(byte[] state) {
        Doc d = new Doc(1, true);
        d.applyUpdate(state);
        return d.getMap("m").toJson();
    }
}
