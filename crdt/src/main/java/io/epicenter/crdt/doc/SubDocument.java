package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Any;
import java.util.List;

/**
 * A sub-document reference as a document stores it: its guid and the options Yjs writes (only non-default
 * ones: {@code gc: false}, {@code autoLoad: true}, {@code meta}).
 */
public record SubDocument(String guid, Any.Obj opts) {
  public SubDocument(String guid) {
    this(guid, new Any.Obj(List.of(), true));
  }
}
