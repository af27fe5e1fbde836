package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.update.UpdateEncoder;
import java.util.List;

/** One Uint8Array (ref 3). */
public final class ContentBinary extends Content {
  private final byte[] bytes;

  public ContentBinary(byte[] bytes) {
    this.bytes = bytes;
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
    return Wire.REF_BINARY;
  }

  @Override
  void write(UpdateEncoder enc, int offset) {
    enc.writeBuf(bytes);
  }

  @Override
  public void values(List<Object> out) {
    out.add(bytes.clone());
  }
}
