package io.epicenter.sync.room;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.epicenter.sync.protocol.AwarenessUpdate;
import io.epicenter.sync.protocol.AwarenessUpdate.Entry;

/**
 * A room's awareness states, with the y-protocols acceptance rule, and which connection announced
 * each client id (its "owner"). When a connection ends, every id it owns is removed and the removal
 * broadcast; owning is per id, so a client that reconnected (and re-announced its id on the new
 * connection) is not removed when its old connection times out later.
 *
 * <p>Bounded: a peer may own at most {@code maxIdsPerPeer} client ids (more: the whole update is
 * refused with {@link TooManyAwarenessIdsException}); a removal of an unknown client id creates no
 * entry; a removed entry keeps its clock (so a stale update is refused) for
 * {@link #REMOVED_RETENTION_NANOS} (as y-protocols keeps its meta ~30 s) and is then dropped, at
 * the next update or removal in the room.
 *
 * <p>Not thread-safe: only the room's lane touches it.
 */
final class AwarenessTable {

    /** how long a removed entry keeps its clock */
    static final long REMOVED_RETENTION_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** removed entries are looked for at most this often */
    private static final long PRUNE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final class State {
        long clock;
        String json; // null: removed (the clock is kept, as y-protocols keeps its meta)
        Peer owner;
        long removedNanos; // when json became null
    }

    private final Map<Long, State> states = new HashMap<>();
    private final Map<Peer, Integer> owned = new HashMap<>(); // client ids owned per peer (only peers owning some)
    private int present; // states with json != null, kept so size() is O(1) (metrics read it per message)
    private int removed; // states with json == null (waiting to be pruned)
    private long lastPruneNanos;
    private boolean prunedOnce;

    /** Apply without an ownership cap (tests). */
    List<Entry> apply(List<Entry> entries, Peer from) {
        return apply(entries, from, 0, System.nanoTime());
    }

    /**
     * Apply an update received from a peer.
     *
     * @param entries the received entries
     * @param from who sent them
     * @param maxIdsPerPeer client ids one peer may own (0: no limit)
     * @param nowNanos {@link System#nanoTime()}
     * @return the accepted entries (to relay), in order
     * @throws TooManyAwarenessIdsException when {@code from} would own more than {@code maxIdsPerPeer}
     *                                      client ids; nothing was applied
     */
    List<Entry> apply(List<Entry> entries, Peer from, int maxIdsPerPeer, long nowNanos) {
        prune(nowNanos);
        if (maxIdsPerPeer > 0) {
            checkOwnership(entries, from, maxIdsPerPeer);
        }
        List<Entry> accepted = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            State s = states.get(e.clientId());
            if (s == null && e.json() == null) {
                continue; // removal of a client id never seen (or long gone): nothing to keep or relay
            }
            long current = s == null ? 0 : s.clock;
            boolean hasState = s != null && s.json != null;
            // y-protocols: newer clock wins; at the same clock only a removal of a present state
            if (e.clock() > current || (e.clock() == current && e.json() == null && hasState)) {
                if (s == null) {
                    s = new State();
                    states.put(e.clientId(), s);
                } else if (!hasState) {
                    removed--;
                }
                present += (e.json() != null ? 1 : 0) - (hasState ? 1 : 0);
                s.clock = e.clock();
                s.json = e.json();
                if (e.json() == null) {
                    removed++;
                    s.removedNanos = nowNanos;
                }
                setOwner(s, e.json() == null ? null : from);
                accepted.add(e);
            }
        }
        return accepted;
    }

    /** Refuse the whole update when it would make {@code from} own more than {@code max} ids. */
    private void checkOwnership(List<Entry> entries, Peer from, int max) {
        int owns = owned.getOrDefault(from, 0);
        if (owns + entries.size() <= max) {
            return; // cannot pass the cap (the common case: no lookups)
        }
        Set<Long> added = null;
        for (Entry e : entries) {
            if (e.json() == null) {
                continue; // a removal never adds an id (ignoring it is conservative: it could only lower the count)
            }
            State s = states.get(e.clientId());
            if (s != null && s.owner == from && s.json != null) {
                continue; // owned already
            }
            if (s == null ? e.clock() <= 0 : e.clock() <= s.clock) {
                continue; // would be refused by the clock rule
            }
            if (added == null) {
                added = new HashSet<>();
            }
            if (added.add(e.clientId()) && owns + added.size() > max) {
                throw new TooManyAwarenessIdsException(owns + added.size(), max);
            }
        }
    }

    private void setOwner(State s, Peer owner) {
        if (s.owner == owner) {
            return;
        }
        if (s.owner != null) {
            owned.computeIfPresent(s.owner, (p, n) -> n <= 1 ? null : n - 1);
        }
        if (owner != null) {
            owned.merge(owner, 1, Integer::sum);
        }
        s.owner = owner;
    }

    /** Drop removed entries older than the retention (at most once per {@link #PRUNE_EVERY_NANOS}). */
    private void prune(long nowNanos) {
        if (removed == 0 || (prunedOnce && nowNanos - lastPruneNanos < PRUNE_EVERY_NANOS)) {
            return;
        }
        prunedOnce = true;
        lastPruneNanos = nowNanos;
        for (Iterator<State> it = states.values().iterator(); it.hasNext(); ) {
            State s = it.next();
            if (s.json == null && nowNanos - s.removedNanos >= REMOVED_RETENTION_NANOS) {
                it.remove();
                removed--;
            }
        }
    }

    /** Drop removed entries older than the retention now (tests, idle rooms). */
    void pruneNow(long nowNanos) {
        prunedOnce = false;
        prune(nowNanos);
    }

    /**
     * Remove every state the peer owns.
     *
     * @param peer a peer that left
     * @return the removals to broadcast (state null, clock + 1)
     */
    List<Entry> removeOwnedBy(Peer peer) {
        return removeOwnedBy(peer, System.nanoTime());
    }

    List<Entry> removeOwnedBy(Peer peer, long nowNanos) {
        prune(nowNanos);
        List<Entry> out = new ArrayList<>();
        if (!owned.containsKey(peer)) {
            return out;
        }
        for (Map.Entry<Long, State> me : states.entrySet()) {
            State s = me.getValue();
            if (s.owner == peer && s.json != null) {
                s.clock++;
                s.json = null;
                s.removedNanos = nowNanos;
                setOwner(s, null);
                present--;
                removed++;
                out.add(new Entry(me.getKey(), s.clock, null));
            }
        }
        owned.remove(peer);
        return out;
    }

    /** @return entries held, present or removed (for tests) */
    int entries() {
        return states.size();
    }

    /** @return client ids the peer owns (for tests) */
    int ownedBy(Peer peer) {
        return owned.getOrDefault(peer, 0);
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
