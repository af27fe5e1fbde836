package io.epicenter.crdt.struct;

import io.epicenter.crdt.lib0.Wire;
import java.util.Arrays;

/** Content ref 3: one Uint8Array. */
public record ContentBinary(byte[] bytes) implements Content {
  @Override public int ref() { return Wire.REF_BINARY; }
  @Override public long length() { return 1; }
  @Override public boolean isCountable() { return true; }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentBinary b && Arrays.equals(b.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "ContentBinary" + Arrays.toString(bytes);
  }
}
