package io.epicenter.crdt.types;

import io.epicenter.crdt.doc.AbstractType;
import io.epicenter.crdt.doc.JsonValues;
import io.epicenter.crdt.lib0.Wire;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A shared map (Y.Map): concurrent writes to one key resolve to the higher client id. */
public class YMap extends AbstractType {
  public YMap() {
    super(false);
  }

  @Override
  protected int typeRef() {
    return Wire.TYPE_MAP;
  }

  @Override
  protected AbstractType emptyCopy() {
    return new YMap();
  }

  /**
   * Sets a value: null, Boolean, Number, String, BigInteger, Map, List, {@link io.epicenter.crdt.lib0.Any},
   * byte[], a new (not yet integrated) shared type, or a {@link io.epicenter.crdt.doc.SubDocument}.
   */
  public void set(String key, Object value) {
    transact(txn -> mapSet(txn, key, value));
  }

  public void delete(String key) {
    transact(txn -> mapDelete(txn, key));
  }

  /** The value (nested types as the type object), or null. */
  public Object get(String key) {
    return mapGet(key);
  }

  public boolean has(String key) {
    return mapHas(key);
  }

  public Set<String> keys() {
    return mapEntries().keySet();
  }

  public int size() {
    return mapEntries().size();
  }

  /** Entries with raw values (nested types as type objects). */
  public Map<String, Object> entries() {
    return mapEntries();
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : mapEntries().entrySet()) {
      out.put(e.getKey(), JsonValues.json(e.getValue()));
    }
    return out;
  }
}
