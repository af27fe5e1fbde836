package io.epicenter.crdt.doc;

import io.epicenter.crdt.id.DeleteSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What happens when a transaction ends (Yjs's cleanupTransactions): search-marker and formatting clean-up
 * for remote changes, garbage collection (doc §7.7), merging of adjacent structs (§7.8) and the update
 * events (§7.10).
 */
final class TransactionCleanup {
  private TransactionCleanup() {}

  static void cleanup(Doc doc, Transaction txn) {
    StructStore store = doc.store;
    DeleteSet ds = txn.hasDeletes() ? txn.deleteSet() : null;
    if (ds != null) {
      ds.sortAndMerge();
    }
    Map<Long, Long> afterState = store.stateVector();
    try {
      for (AbstractType t : txn.changed) {
        if (t.item == null || !t.item.isDeleted()) {
          if (!txn.isLocal()) {
            if (t.markers != null) {
              t.markers.clear();
            }
            if (t.hasFormatting && t.isRichText()) {
              txn.needFormattingCleanup = true;
            }
          }
        }
      }
      if (txn.needFormattingCleanup) {
        TextEngine.cleanupAfterTransaction(txn, afterState);
      }
    } finally {
      if (ds != null) {
        if (doc.gcEnabled()) {
          tryGcDeleteSet(ds, store);
        }
        tryMergeDeleteSet(ds, store);
      }
      for (Map.Entry<Long, Long> e : afterState.entrySet()) {
        long client = e.getKey();
        long beforeClock = txn.beforeClock(client);
        if (beforeClock != e.getValue()) {
          StructList structs = store.list(client);
          int firstChangePos = Math.max(structs.findIndex(beforeClock), 1);
          for (int i = structs.size - 1; i >= firstChangePos; ) {
            i -= 1 + tryToMergeWithLefts(structs, i);
          }
        }
      }
      List<Item> ms = txn.mergeStructs;
      for (int i = ms.size() - 1; i >= 0; i--) {
        Item m = ms.get(i);
        StructList structs = store.list(m.client);
        int pos = structs.findIndex(m.clock);
        if (pos + 1 < structs.size) {
          if (tryToMergeWithLefts(structs, pos + 1) > 1) {
            continue;
          }
        }
        if (pos > 0) {
          tryToMergeWithLefts(structs, pos);
        }
      }
      if (!txn.isLocal()) {
        Long after = afterState.get(doc.clientId());
        if (after != null && after != txn.beforeClock(doc.clientId())) {
          doc.setClientId(Doc.generateClientId());
        }
      }
      boolean changed = ds != null && !ds.isEmpty();
      if (!changed) {
        for (Map.Entry<Long, Long> e : afterState.entrySet()) {
          if (txn.beforeClock(e.getKey()) != e.getValue()) {
            changed = true;
            break;
          }
        }
      }
      if (changed) {
        emit(doc.updateListeners(), txn, false);
        emit(doc.updateV2Listeners(), txn, true);
      }
    }
  }

  private static void emit(List<Consumer<byte[]>> listeners, Transaction txn, boolean v2) {
    if (listeners.isEmpty()) {
      return;
    }
    byte[] update = DocEncoder.transactionUpdate(txn, v2);
    for (Consumer<byte[]> l : listeners) {
      l.accept(update);
    }
  }

  private static void tryGcDeleteSet(DeleteSet ds, StructStore store) {
    for (Long client : ds.clients()) {
      StructList structs = store.list(client);
      DeleteSet.Ranges r = ds.ranges(client);
      for (int di = r.size() - 1; di >= 0; di--) {
        long end = r.clock(di) + r.len(di);
        for (int si = structs.findIndex(r.clock(di)); si < structs.size; si++) {
          Struct s = structs.get(si);
          if (s.clock >= end) {
            break;
          }
          if (s instanceof Item it && it.isDeleted() && !it.keep()) {
            it.gc(store, false);
          }
        }
      }
    }
  }

  private static void tryMergeDeleteSet(DeleteSet ds, StructStore store) {
    for (Long client : ds.clients()) {
      StructList structs = store.list(client);
      DeleteSet.Ranges r = ds.ranges(client);
      for (int di = r.size() - 1; di >= 0; di--) {
        long clock = r.clock(di);
        int si = Math.min(structs.size - 1, 1 + structs.findIndex(clock + r.len(di) - 1));
        while (si > 0 && structs.get(si).clock >= clock) {
          si -= 1 + tryToMergeWithLefts(structs, si);
        }
      }
    }
  }

  /** Merges structs[pos] into its left neighbours as far as possible; returns how many were merged. */
  static int tryToMergeWithLefts(StructList structs, int pos) {
    Struct right = structs.get(pos);
    Struct left = structs.get(pos - 1);
    int i = pos;
    for (; i > 0; right = left, left = i - 2 >= 0 ? structs.get(i - 2) : null, i--) {
      if (left.isDeleted() == right.isDeleted() && left.getClass() == right.getClass()) {
        if (left.mergeWith(right)) {
          if (right instanceof Item ri && ri.parentSub != null && ri.parent != null
              && ri.parent.map.get(ri.parentSub) == ri) {
            ri.parent.map.put(ri.parentSub, (Item) left);
          }
          continue;
        }
      }
      break;
    }
    int merged = pos - i;
    if (merged > 0) {
      structs.remove(pos + 1 - merged, merged);
    }
    return merged;
  }
}
