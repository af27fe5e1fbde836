package io.epicenter.crdt.struct;

import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.Wire;

/**
 * Content ref 6: a formatting marker {@code key} = {@code value} (null value ends a range). The value
 * travels as JSON text in V1 ({@code jsonText} as received, or null) and as Any in V2.
 */
public record ContentFormat(String key, String jsonText, Any value) implements Content {
  @Override public int ref() { return Wire.REF_FORMAT; }
  @Override public long length() { return 1; }
  @Override public boolean isCountable() { return false; }
}
