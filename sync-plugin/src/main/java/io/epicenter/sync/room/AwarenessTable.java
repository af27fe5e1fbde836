package io.epicenter.sync.room;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.epicenter.sync.protocol.AwarenessUpdate;
import io.epicenter.sync.protocol.AwarenessUpdate.Entry;

/**
 * A room's awareness states, with the y-protocols acceptance rule, and which connection announced
 * each client id (its "owner"). When a connection ends, every id it owns is removed and the removal
 * broadcast; owning is per id, so a client that reconnected (and re-announced its id on the new
 * connection) is not removed when its old connection times out later.
 *
 * <p>Not thread-safe: only the room's lane touches it.
 */
final class AwarenessTable {

    private static final class State {
        long clock;
        String json; // null: removed (the clock is kept, as y-protocols keeps its meta)
        Peer owner;
    }

    private final Map<Long, State> states = new HashMap<>();
    private int present; // states with json != null, kept so size() is O(1) (metrics read it per message)

    /**
     * Apply an update received from a peer.
     *
     * @param entries the received entries
     * @param from who sent them
     * @return the accepted entries (to relay), in order
     */
    List<Entry> apply(List<Entry> entries, Peer from) {
        List<Entry> accepted = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            State s = states.get(e.clientId());
            long current = s == null ? 0 : s.clock;
            boolean hasState = s != null && s.json != null;
            // y-protocols: newer clock wins; at the same clock only a removal of a present state
            if (e.clock() > current || (e.clock() == current && e.json() == null && hasState)) {
                if (s == null) {
                    s = new State();
                    states.put(e.clientId(), s);
                }
                present += (e.json() != null ? 1 : 0) - (hasState ? 1 : 0);
                s.clock = e.clock();
                s.json = e.json();
                s.owner = e.json() == null ? null : from;
                accepted.add(e);
            }
        }
        return accepted;
    }

    /**
     * Remove every state the peer owns.
     *
     * @param peer a peer that left
     * @return the removals to broadcast (state null, clock + 1)
     */
    List<Entry> removeOwnedBy(Peer peer) {
        List<Entry> removed = new ArrayList<>();
        for (Map.Entry<Long, State> me : states.entrySet()) {
            State s = me.getValue();
            if (s.owner == peer && s.json != null) {
                s.clock++;
                s.json = null;
                s.owner = null;
                present--;
                removed.add(new Entry(me.getKey(), s.clock, null));
            }
        }
        return removed;
    }

    /** @return an awareness update with every present state (possibly zero entries) */
    AwarenessUpdate present() {
        List<Entry> out = new ArrayList<>();
        states.forEach((id, s) -> {
            if (s.json != null) {
                out.add(new Entry(id, s.clock, s.json));
            }
        });
        return new AwarenessUpdate(out);
    }

    /** @return the number of present states */
    int size() {
        return present;
    }
}
