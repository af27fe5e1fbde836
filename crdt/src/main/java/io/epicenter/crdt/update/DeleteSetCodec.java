package io.epicenter.crdt.update;

import io.epicenter.crdt.id.DeleteSet;
import io.epicenter.crdt.lib0.CrdtDecodeException;
import io.epicenter.crdt.lib0.DecodeBudget;
import io.epicenter.crdt.lib0.Lib0Reader;

/** Reads and writes the delete-set section of an update (doc §3.8; V2: clock deltas, len-1). */
public final class DeleteSetCodec {
  private DeleteSetCodec() {}

  /**
   * Reads a delete set like Yjs's readDeleteSet: a client listed twice gets its ranges concatenated, a
   * client with zero ranges is skipped.
   */
  public static DeleteSet read(UpdateDecoder d, DecodeBudget budget) {
    Lib0Reader rest = d.rest();
    DeleteSet ds = new DeleteSet();
    int at = rest.offset();
    long numClients = rest.readVarUint();
    budget.checkClients(numClients, "delete set");
    if (numClients > rest.remaining() / 2) {
      throw new CrdtDecodeException("unexpected end of input: delete set declares " + numClients + " clients, "
          + rest.remaining() + " bytes left", at);
    }
    for (long i = 0; i < numClients; i++) {
      d.resetDsCurVal();
      long client = rest.readVarUint();
      int at2 = rest.offset();
      long n = rest.readVarUint();
      budget.addDeleteRanges(n);
      if (n > rest.remaining() / 2) {
        throw new CrdtDecodeException("unexpected end of input: delete set client declares " + n + " ranges, "
            + rest.remaining() + " bytes left", at2);
      }
      for (long k = 0; k < n; k++) {
        long clock = d.readDsClock();
        long len = d.readDsLen();
        ds.add(client, clock, len);
      }
    }
    return ds;
  }

  /** Writes a delete set with clients in descending id order, ranges in stored order. */
  public static void write(UpdateEncoder e, DeleteSet ds) {
    var rest = e.rest();
    long[] clients = ds.clientsDescending();
    rest.writeVarUint(clients.length);
    for (long client : clients) {
      e.resetDsCurVal();
      rest.writeVarUint(client);
      DeleteSet.Ranges r = ds.ranges(client);
      rest.writeVarUint(r.size());
      for (int i = 0; i < r.size(); i++) {
        e.writeDsClock(r.clock(i));
        e.writeDsLen(r.len(i));
      }
    }
  }
}
