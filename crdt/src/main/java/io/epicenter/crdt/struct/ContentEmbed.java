package io.epicenter.crdt.struct;

import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.Wire;

/**
 * Content ref 5: a rich-text embed. In V1 it travels as JSON text ({@code jsonText}, kept as received; null
 * when the item came from V2 or memory), in V2 as an Any; {@code value} is the parsed value.
 */
public record ContentEmbed(String jsonText, Any value) implements Content {
  @Override public int ref() { return Wire.REF_EMBED; }
  @Override public long length() { return 1; }
  @Override public boolean isCountable() { return true; }
}
