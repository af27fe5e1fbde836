package io.epicenter.crdt.doc;

import io.epicenter.crdt.id.DeleteSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One transaction: what it deleted, the state before it, items to try merging afterwards and the types it
 * changed. All changes to a document happen inside one.
 */
public final class Transaction {
  private final Doc doc;
  private DeleteSet deleteSet;
  final Map<Long, Long> beforeState;
  final ArrayList<Item> mergeStructs = new ArrayList<>();
  final Set<AbstractType> changed = Collections.newSetFromMap(new IdentityHashMap<>());
  boolean local;
  boolean needFormattingCleanup;

  Transaction(Doc doc, boolean local) {
    this.doc = doc;
    this.local = local;
    this.beforeState = doc.store.stateVector();
  }

  public Doc doc() {
    return doc;
  }

  public boolean isLocal() {
    return local;
  }

  DeleteSet deleteSet() {
    if (deleteSet == null) {
      deleteSet = new DeleteSet();
    }
    return deleteSet;
  }

  boolean hasDeletes() {
    return deleteSet != null && !deleteSet.isEmpty();
  }

  long beforeClock(long client) {
    Long c = beforeState.get(client);
    return c == null ? 0 : c;
  }

  /** Yjs's addChangedTypeToTransaction. */
  void addChangedType(AbstractType type, String parentSub) {
    Item it = type.item;
    if (it == null || (it.clock < beforeClock(it.client) && !it.isDeleted())) {
      changed.add(type);
    }
  }
}
