package io.epicenter.crdt.update;

import io.epicenter.crdt.id.DeleteSet;
import io.epicenter.crdt.struct.AbstractStruct;
import java.util.List;

/** A fully decoded update: structs in file order (with their computed clocks) and the delete set. */
public record DecodedUpdate(List<AbstractStruct> structs, DeleteSet deleteSet) {}
