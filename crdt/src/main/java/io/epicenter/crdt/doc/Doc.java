package io.epicenter.crdt.doc;

import io.epicenter.crdt.id.DeleteSet;
import io.epicenter.crdt.id.StateVector;
import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.crdt.types.YArray;
import io.epicenter.crdt.types.YMap;
import io.epicenter.crdt.types.YText;
import io.epicenter.crdt.types.YXmlFragment;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A Yjs document: root types by name, the struct store, transactions and update events. Not thread-safe:
 * use one thread at a time (as Yjs is single-threaded).
 */
public final class Doc {
  private static final SecureRandom RANDOM = new SecureRandom();

  final StructStore store = new StructStore();
  private long clientId;
  private final boolean gc;
  private final LinkedHashMap<String, AbstractType> share = new LinkedHashMap<>();
  private Transaction current;
  private final ArrayList<Transaction> cleanups = new ArrayList<>();
  private final List<Consumer<byte[]>> updateListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<byte[]>> updateV2Listeners = new CopyOnWriteArrayList<>();
  private DecodeLimits limits = DecodeLimits.defaults();

  /** A document with a random 32-bit client id and garbage collection on. */
  public Doc() {
    this(generateClientId(), true);
  }

  public Doc(long clientId, boolean gc) {
    this.clientId = clientId;
    this.gc = gc;
  }

  static long generateClientId() {
    return RANDOM.nextInt() & 0xffffffffL;
  }

  public long clientId() {
    return clientId;
  }

  void setClientId(long id) {
    this.clientId = id;
  }

  public boolean gcEnabled() {
    return gc;
  }

  /** Limits applied when decoding updates. */
  public Doc withLimits(DecodeLimits l) {
    this.limits = l;
    return this;
  }

  // ---------------------------------------------------------------------------------------------------
  // roots

  /** The root of that name, created untyped if absent (the kind is decided by the first typed getter). */
  AbstractType root(String name) {
    AbstractType t = share.get(name);
    if (t == null) {
      t = new RawType();
      t.rootName = name;
      t.integrate(this, null);
      share.put(name, t);
    }
    return t;
  }

  /** Yjs's {@code doc.get(name, Type)}: gives an untyped root its kind (moving its items over). */
  @SuppressWarnings("unchecked")
  public <T extends AbstractType> T get(String name, Class<T> kind, Supplier<T> create) {
    AbstractType t = share.get(name);
    if (t == null) {
      T n = create.get();
      n.rootName = name;
      n.integrate(this, null);
      share.put(name, n);
      return n;
    }
    if (kind.isInstance(t)) {
      return (T) t;
    }
    if (t instanceof RawType) {
      T n = create.get();
      n.rootName = name;
      n.map.putAll(t.map);
      for (Item it : n.map.values()) {
        for (Item i = it; i != null; i = i.left) {
          i.parent = n;
        }
      }
      n.start = t.start;
      for (Item i = n.start; i != null; i = i.right) {
        i.parent = n;
      }
      n.length = t.length;
      share.put(name, n);
      n.integrate(this, null);
      return n;
    }
    throw new IllegalStateException("root '" + name + "' is already defined as " + t.getClass().getSimpleName());
  }

  public YMap getMap(String name) {
    return get(name, YMap.class, YMap::new);
  }

  public YArray getArray(String name) {
    return get(name, YArray.class, YArray::new);
  }

  public YText getText(String name) {
    return get(name, YText.class, YText::new);
  }

  public YXmlFragment getXmlFragment(String name) {
    return get(name, YXmlFragment.class, YXmlFragment::new);
  }

  /** Names of the root types known so far (created locally or referenced by an update). */
  public List<String> rootNames() {
    return Collections.unmodifiableList(new ArrayList<>(share.keySet()));
  }

  // ---------------------------------------------------------------------------------------------------
  // transactions

  /** Runs {@code f} in a local transaction (joins the current one if called from inside). */
  public void transact(Consumer<Transaction> f) {
    transact(f, true);
  }

  void transact(Consumer<Transaction> f, boolean local) {
    boolean initial = false;
    if (current == null) {
      initial = true;
      current = new Transaction(this, local);
      cleanups.add(current);
    }
    try {
      f.accept(current);
    } finally {
      if (initial) {
        boolean finish = current == cleanups.get(0);
        current = null;
        if (finish) {
          try {
            for (int i = 0; i < cleanups.size(); i++) {
              TransactionCleanup.cleanup(this, cleanups.get(i));
            }
          } finally {
            cleanups.clear();
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // updates

  /** Applies a V1 update (one remote transaction; emits an update event if anything changed). */
  public void applyUpdate(byte[] update) {
    transact(txn -> {
      txn.local = false;
      UpdateIntegrator.apply(txn, update, false, limits);
    }, false);
  }

  /** Applies a V2 update. */
  public void applyUpdateV2(byte[] update) {
    transact(txn -> {
      txn.local = false;
      UpdateIntegrator.apply(txn, update, true, limits);
    }, false);
  }

  /** The encoded state vector (descending client ids). */
  public byte[] encodeStateVector() {
    return StateVector.encode(store.stateVector());
  }

  /** Client → next clock. */
  public Map<Long, Long> stateVector() {
    return store.stateVector();
  }

  public byte[] encodeStateAsUpdate() {
    return encodeStateAsUpdate(new byte[] {0});
  }

  /** Yjs's {@code encodeStateAsUpdate(doc, sv)} (V1), including pending structs and deletes (doc §6.6). */
  public byte[] encodeStateAsUpdate(byte[] encodedStateVector) {
    return DocEncoder.encodeStateAsUpdate(this, encodedStateVector, false);
  }

  public byte[] encodeStateAsUpdateV2() {
    return encodeStateAsUpdateV2(new byte[] {0});
  }

  public byte[] encodeStateAsUpdateV2(byte[] encodedStateVector) {
    return DocEncoder.encodeStateAsUpdate(this, encodedStateVector, true);
  }

  /** Registers a listener for the V1 update of each transaction; returns a handle that unregisters it. */
  public Runnable onUpdate(Consumer<byte[]> listener) {
    updateListeners.add(listener);
    return () -> updateListeners.remove(listener);
  }

  /** Registers a listener for the V2 update of each transaction. */
  public Runnable onUpdateV2(Consumer<byte[]> listener) {
    updateV2Listeners.add(listener);
    return () -> updateV2Listeners.remove(listener);
  }

  List<Consumer<byte[]>> updateListeners() {
    return updateListeners;
  }

  List<Consumer<byte[]>> updateV2Listeners() {
    return updateV2Listeners;
  }

  // ---------------------------------------------------------------------------------------------------
  // pending

  /** Whether structs or deletes wait for missing updates. */
  public boolean hasPending() {
    return store.hasPending();
  }

  public boolean hasPendingStructs() {
    return store.pendingStructsV2 != null;
  }

  public boolean hasPendingDeleteSet() {
    return store.pendingDs != null;
  }

  /** Client → clock the pending structs wait for (empty if none). */
  public Map<Long, Long> pendingMissing() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(store.pendingMissing));
  }

  /** The pending delete set, or null. */
  public DeleteSet pendingDeleteSet() {
    return store.pendingDs;
  }

  /** Number of structs in the store (diagnostics). */
  public int structCount() {
    return store.structCount();
  }

  /** The item list of a client (read-only use: diagnostics and tests). */
  public List<Struct> structsOf(long client) {
    StructList l = store.list(client);
    List<Struct> out = new ArrayList<>();
    if (l != null) {
      for (int i = 0; i < l.size; i++) {
        out.add(l.get(i));
      }
    }
    return out;
  }
}
