package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.update.UpdateEncoder;
import java.util.List;

/** A sub-document (ref 9): kept as its guid and (normalised) options and re-encoded as such. */
public final class ContentDoc extends Content {
  final SubDocument subDoc;

  public ContentDoc(SubDocument subDoc) {
    this.subDoc = subDoc;
  }

  @Override
  public int length() {
    return 1;
  }

  @Override
  public boolean isCountable() {
    return true;
  }

  @Override
  int ref() {
    return Wire.REF_DOC;
  }

  @Override
  void write(UpdateEncoder enc, int offset) {
    enc.writeString(subDoc.guid());
    enc.writeAny(subDoc.opts());
  }

  @Override
  public void values(List<Object> out) {
    out.add(subDoc);
  }

  @Override
  public Object lastValue() {
    return subDoc;
  }

  /** Normalises received options the way Yjs does when it builds a Y.Doc from them. */
  static Any.Obj normalise(String guid, Any opts) {
    return new io.epicenter.crdt.struct.ContentDoc(guid, opts).normalizedOpts();
  }
}
