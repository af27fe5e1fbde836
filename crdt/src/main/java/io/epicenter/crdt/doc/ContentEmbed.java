package io.epicenter.crdt.doc;

import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.update.UpdateEncoder;
import java.util.List;

/** A rich-text embed (ref 5). */
public final class ContentEmbed extends Content {
  final Any embed;

  public ContentEmbed(Any embed) {
    this.embed = embed;
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
    return Wire.REF_EMBED;
  }

  @Override
  void write(UpdateEncoder enc, int offset) {
    enc.writeJson(null, embed);
  }

  @Override
  public void values(List<Object> out) {
    out.add(JsonValues.fromAny(embed));
  }
}
