package io.epicenter.crdt.doc;

/** A root type whose kind nobody has asked for yet (Yjs's plain AbstractType root). */
final class RawType extends AbstractType {
  RawType() {
    super(false);
  }

  @Override
  protected int typeRef() {
    throw new IllegalStateException("an untyped root is never nested");
  }

  @Override
  public Object toJson() {
    return null;
  }

  @Override
  protected AbstractType emptyCopy() {
    return new RawType();
  }
}
