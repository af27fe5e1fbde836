package io.epicenter.crdt.doc;

import io.epicenter.crdt.id.DeleteSet;
import io.epicenter.crdt.id.ID;
import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.CrdtDecodeException;
import io.epicenter.crdt.lib0.DecodeLimits;
import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.update.UpdateDecoder;
import io.epicenter.crdt.update.UpdateEncoder;
import io.epicenter.crdt.update.Updates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an update (V1 or V2, through the update layer's field decoders) into document structs and
 * integrates it: structs with Yjs's work stack (doc §7.2), pending structs and pending deletes (§7.5), the
 * delete set (§7.6). The whole update is decoded before the document is touched.
 */
final class UpdateIntegrator {
  private UpdateIntegrator() {}

  /** Structs of one client group being integrated. */
  private static final class Refs {
    Struct[] refs;
    int i;

    Refs(Struct[] refs) {
      this.refs = refs;
    }
  }

  /** A decoded update: struct groups per client and the delete ranges (client, clock, len triples). */
  private record Decoded(LongMap<Refs> groups, long[] clients, long[] ds, int dsCount, List<String> roots) {}

  /** Applies an update inside {@code txn}; {@code retryAll} enables retrying pending structs after progress. */
  static void apply(Transaction txn, byte[] update, boolean v2, DecodeLimits limits) {
    UpdateDecoder dec = v2 ? UpdateDecoder.v2(update, limits) : UpdateDecoder.v1(update, limits);
    Decoded d = decode(dec, limits);
    integrate(txn, d);
  }

  private static Decoded decode(UpdateDecoder dec, DecodeLimits limits) {
    var r = dec.rest();
    long groupCount = r.readVarUint();
    if (groupCount > limits.maxClients()) {
      throw new CrdtDecodeException("limit exceeded: maxClients (" + limits.maxClients() + ")");
    }
    LongMap<Refs> groups = new LongMap<>();
    List<String> roots = new ArrayList<>();
    long totalStructs = 0;
    for (long g = 0; g < groupCount; g++) {
      long n = r.readVarUint();
      totalStructs += n;
      if (totalStructs > limits.maxStructs() || (!dec.isV2() && n > r.remaining())) {
        throw new CrdtDecodeException("struct count " + n + " exceeds limits or input");
      }
      long client = dec.readClient();
      long clock = r.readVarUint();
      Struct[] refs = new Struct[(int) n];
      for (int i = 0; i < n; i++) {
        int info = dec.readInfo();
        int ref = info & Wire.INFO_CONTENT_REF_MASK;
        Struct s;
        if (ref == Wire.REF_GC) {
          s = new GcStruct(client, clock, len(dec.readLen()));
        } else if (ref == Wire.REF_SKIP) {
          s = new SkipStruct(client, clock, len(r.readVarUint()));
        } else {
          ID origin = (info & Wire.INFO_HAS_ORIGIN) != 0 ? dec.readLeftId() : null;
          ID rightOrigin = (info & Wire.INFO_HAS_RIGHT_ORIGIN) != 0 ? dec.readRightId() : null;
          boolean cantCopyParent = (info & (Wire.INFO_HAS_ORIGIN | Wire.INFO_HAS_RIGHT_ORIGIN)) == 0;
          Object wireParent = null;
          String parentSub = null;
          if (cantCopyParent) {
            if (dec.readParentInfo()) {
              String name = dec.readString();
              roots.add(name);
              wireParent = name;
            } else {
              wireParent = dec.readLeftId();
            }
            if ((info & Wire.INFO_HAS_PARENT_SUB) != 0) {
              parentSub = dec.readString();
            }
          }
          Item it = new Item(client, clock, readContent(dec, ref));
          if (origin != null) {
            it.originClient = origin.client();
            it.originClock = origin.clock();
          }
          if (rightOrigin != null) {
            it.rightOriginClient = rightOrigin.client();
            it.rightOriginClock = rightOrigin.clock();
          }
          it.wireParent = wireParent;
          it.parentSub = parentSub;
          s = it;
        }
        if (s.length <= 0 && !(s instanceof Item)) {
          // zero-length GC / Skip: harmless, keep as is
        }
        clock += s.length;
        if (clock > Wire.MAX_SAFE_INTEGER) {
          throw new CrdtDecodeException("clock out of range");
        }
        refs[i] = s;
      }
      // Yjs keeps only the last group of a client (doc §3.1)
      groups.put(client, new Refs(refs));
    }
    // delete set
    long dsClients = r.readVarUint();
    if (dsClients > limits.maxClients()) {
      throw new CrdtDecodeException("limit exceeded: maxClients (" + limits.maxClients() + ")");
    }
    long[] ds = new long[12];
    int dsCount = 0;
    for (long c = 0; c < dsClients; c++) {
      dec.resetDsCurVal();
      long client = r.readVarUint();
      long n = r.readVarUint();
      if (n > r.remaining() + 1L || dsCount / 3 + n > limits.maxDeleteRanges()) {
        throw new CrdtDecodeException("delete range count " + n + " exceeds limits or input");
      }
      for (long i = 0; i < n; i++) {
        long clock = dec.readDsClock();
        long len = dec.readDsLen();
        if (dsCount + 3 > ds.length) {
          ds = Arrays.copyOf(ds, ds.length * 2);
        }
        ds[dsCount++] = client;
        ds[dsCount++] = clock;
        ds[dsCount++] = len;
      }
    }
    return new Decoded(groups, groups.keys(), ds, dsCount, roots);
  }

  private static int len(long l) {
    if (l > Integer.MAX_VALUE) {
      throw new CrdtDecodeException("struct length " + l + " not supported");
    }
    return (int) l;
  }

  private static Content readContent(UpdateDecoder dec, int ref) {
    switch (ref) {
      case Wire.REF_DELETED:
        return new ContentDeleted(len(dec.readLen()));
      case Wire.REF_JSON: {
        int n = len(dec.readLen());
        if (n > dec.rest().remaining() + 1_000_000L) {
          throw new CrdtDecodeException("JSON content length " + n + " exceeds input");
        }
        List<Any> vals = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          String s = dec.readString();
          vals.add(s.equals("undefined") ? Any.Undefined.INSTANCE
              : io.epicenter.crdt.lib0.JsonText.parse(s, dec.limits().maxAnyDepth()));
        }
        return new ContentJson(vals);
      }
      case Wire.REF_BINARY:
        return new ContentBinary(dec.readBuf());
      case Wire.REF_STRING:
        return new ContentString(dec.readString());
      case Wire.REF_EMBED:
        return new ContentEmbed(dec.readJson(new String[1]));
      case Wire.REF_FORMAT: {
        String key = dec.readKey();
        return new ContentFormat(key, dec.readJson(new String[1]));
      }
      case Wire.REF_TYPE: {
        long typeRef = dec.readTypeRef();
        if (typeRef < 0 || typeRef > Wire.TYPE_MAX) {
          throw new CrdtDecodeException("unknown type ref " + typeRef);
        }
        String name = null;
        if (typeRef == Wire.TYPE_XML_ELEMENT || typeRef == Wire.TYPE_XML_HOOK) {
          name = dec.readKey();
        }
        return new ContentType(TypeFactory.create((int) typeRef, name));
      }
      case Wire.REF_ANY: {
        int n = len(dec.readLen());
        if (n > dec.rest().remaining()) {
          throw new CrdtDecodeException("Any content length " + n + " exceeds input");
        }
        List<Any> vals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          vals.add(dec.readAny());
        }
        return new ContentAny(vals);
      }
      case Wire.REF_DOC: {
        String guid = dec.readString();
        Any opts = dec.readAny();
        return new ContentDoc(new SubDocument(guid, ContentDoc.normalise(guid, opts)));
      }
      default:
        throw new CrdtDecodeException("unknown content ref " + ref);
    }
  }

  // ---------------------------------------------------------------------------------------------------

  private static void integrate(Transaction txn, Decoded d) {
    Doc doc = txn.doc();
    StructStore store = doc.store;
    for (String root : d.roots) {
      doc.root(root);
    }
    boolean hadPending = store.pendingStructsV2 != null;
    boolean[] progress = new boolean[1];
    Rest rest = integrateStructs(txn, store, d, progress);
    boolean retry = false;
    if (hadPending) {
      for (Map.Entry<Long, Long> e : store.pendingMissing.entrySet()) {
        if (e.getValue() < store.getState(e.getKey())) {
          retry = true;
          break;
        }
      }
      // robust retry (doc §7.5): any progress may unblock a pending struct
      retry |= progress[0];
      if (rest != null) {
        for (Map.Entry<Long, Long> e : rest.missing.entrySet()) {
          Long m = store.pendingMissing.get(e.getKey());
          if (m == null || m > e.getValue()) {
            store.pendingMissing.put(e.getKey(), e.getValue());
          }
        }
        store.pendingStructsV2 = Updates.mergeUpdatesV2(List.of(store.pendingStructsV2, rest.update));
      }
    } else if (rest != null) {
      store.pendingStructsV2 = rest.update;
      store.pendingMissing.clear();
      store.pendingMissing.putAll(rest.missing);
    }
    DeleteSet dsRest = applyDeleteSet(txn, store, d.ds, d.dsCount);
    if (store.pendingDs != null) {
      DeleteSet old = store.pendingDs;
      long[] flat = flatten(old);
      DeleteSet dsRest2 = applyDeleteSet(txn, store, flat, flat.length);
      if (dsRest != null && dsRest2 != null) {
        store.pendingDs = DeleteSet.merge(List.of(dsRest, dsRest2));
      } else {
        store.pendingDs = dsRest != null ? dsRest : dsRest2;
      }
    } else {
      store.pendingDs = dsRest;
    }
    if (retry) {
      byte[] p = store.pendingStructsV2;
      store.pendingStructsV2 = null;
      store.pendingMissing.clear();
      apply(txn, p, true, DecodeLimits.defaults());
    }
  }


  private static long[] flatten(DeleteSet ds) {
    long[] out = new long[16];
    int n = 0;
    for (Long c : ds.clients()) {
      DeleteSet.Ranges r = ds.ranges(c);
      for (int i = 0; i < r.size(); i++) {
        if (n + 3 > out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        out[n++] = c;
        out[n++] = r.clock(i);
        out[n++] = r.len(i);
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** Structs that could not be integrated: a V2 update and the clocks they wait for. */
  private record Rest(byte[] update, Map<Long, Long> missing) {}

  private static Rest integrateStructs(Transaction txn, StructStore store, Decoded d, boolean[] progress) {
    long[] ids = d.clients.clone();
    Arrays.sort(ids);
    int idsLen = ids.length;
    if (idsLen == 0) {
      return null;
    }
    LongMap<Refs> groups = d.groups;
    ArrayList<Struct> stack = new ArrayList<>();
    LinkedHashMap<Long, List<Struct>> restStructs = new LinkedHashMap<>();
    LinkedHashMap<Long, Long> missingSv = new LinkedHashMap<>();
    // next target: highest client id with structs left
    Refs cur = null;
    while (idsLen > 0) {
      Refs t = groups.get(ids[idsLen - 1]);
      if (t.i < t.refs.length) {
        cur = t;
        break;
      }
      idsLen--;
    }
    if (cur == null) {
      return null;
    }
    Struct head = cur.refs[cur.i++];
    while (true) {
      if (!(head instanceof SkipStruct)) {
        long localClock = store.getState(head.client);
        long offset = localClock - head.clock;
        if (offset < 0) {
          stack.add(head);
          updateMissing(missingSv, head.client, head.clock - 1);
          idsLen = addStackToRest(stack, groups, restStructs, ids, idsLen);
        } else {
          long missing = head instanceof Item it ? getMissing(txn, store, it) : -1;
          if (missing != -1) {
            stack.add(head);
            Refs mr = groups.get(missing);
            if (mr == null || mr.i == mr.refs.length) {
              updateMissing(missingSv, missing, store.getState(missing));
              idsLen = addStackToRest(stack, groups, restStructs, ids, idsLen);
            } else {
              head = mr.refs[mr.i++];
              continue;
            }
          } else if (offset == 0 || offset < head.length) {
            if (head instanceof Item it) {
              it.integrate(txn, (int) offset);
            } else {
              if (offset > 0) {
                head.clock += offset;
                head.length -= (int) offset;
              }
              store.addStruct(head);
            }
            progress[0] = true;
          }
        }
      }
      if (!stack.isEmpty()) {
        head = stack.remove(stack.size() - 1);
      } else if (cur != null && cur.i < cur.refs.length) {
        head = cur.refs[cur.i++];
      } else {
        cur = null;
        while (idsLen > 0) {
          Refs t = groups.get(ids[idsLen - 1]);
          if (t.i < t.refs.length) {
            cur = t;
            break;
          }
          idsLen--;
        }
        if (cur == null) {
          break;
        }
        head = cur.refs[cur.i++];
      }
    }
    if (restStructs.isEmpty()) {
      return null;
    }
    UpdateEncoder enc = UpdateEncoder.v2(false);
    enc.rest().writeVarUint(restStructs.size());
    long[] cs = new long[restStructs.size()];
    int k = 0;
    for (Long c : restStructs.keySet()) {
      cs[k++] = c;
    }
    Arrays.sort(cs);
    for (int j = cs.length - 1; j >= 0; j--) {
      List<Struct> structs = restStructs.get(cs[j]);
      enc.rest().writeVarUint(structs.size());
      enc.writeClient(cs[j]);
      enc.rest().writeVarUint(structs.get(0).clock);
      for (Struct s : structs) {
        s.write(enc, 0);
      }
    }
    enc.rest().writeVarUint(0);
    return new Rest(enc.toBytes(), missingSv);
  }

  private static void updateMissing(Map<Long, Long> missingSv, long client, long clock) {
    Long m = missingSv.get(client);
    if (m == null || m > clock) {
      missingSv.put(client, clock);
    }
  }

  private static int addStackToRest(ArrayList<Struct> stack, LongMap<Refs> groups,
      Map<Long, List<Struct>> rest, long[] ids, int idsLen) {
    for (Struct s : stack) {
      long client = s.client;
      Refs r = groups.get(client);
      if (r != null && r.refs.length > 0) {
        r.i--;
        rest.put(client, new ArrayList<>(Arrays.asList(r.refs).subList(r.i, r.refs.length)));
        r.i = 0;
        r.refs = new Struct[0];
      } else {
        List<Struct> l = new ArrayList<>();
        l.add(s);
        rest.put(client, l);
      }
      // remove the client from the ids still to visit
      int j = 0;
      for (int q = 0; q < idsLen; q++) {
        if (ids[q] != client) {
          ids[j++] = ids[q];
        }
      }
      idsLen = j;
    }
    stack.clear();
    return idsLen;
  }

  /** Yjs's getMissing: a missing client, or -1 after resolving left, right and parent. */
  private static long getMissing(Transaction txn, StructStore store, Item it) {
    if (it.originClient != Item.NONE && it.originClient != it.client
        && it.originClock >= store.getState(it.originClient)) {
      return it.originClient;
    }
    if (it.rightOriginClient != Item.NONE && it.rightOriginClient != it.client
        && it.rightOriginClock >= store.getState(it.rightOriginClient)) {
      return it.rightOriginClient;
    }
    if (it.wireParent instanceof ID pid && pid.client() != it.client && pid.clock() >= store.getState(pid.client())) {
      return pid.client();
    }
    checkKnown(store, it, it.originClient, it.originClock);
    checkKnown(store, it, it.rightOriginClient, it.rightOriginClock);
    if (it.wireParent instanceof ID pid) {
      checkKnown(store, it, pid.client(), pid.clock());
    }
    Struct l = null;
    Struct r = null;
    if (it.originClient != Item.NONE) {
      l = store.getItemCleanEnd(txn, it.originClient, it.originClock);
      it.originClock = l.clock + l.length - 1;
      it.originClient = l.client;
    }
    if (it.rightOriginClient != Item.NONE) {
      r = store.getItemCleanStart(txn, it.rightOriginClient, it.rightOriginClock);
      it.rightOriginClock = r.clock;
    }
    it.left = l instanceof Item li ? li : null;
    it.right = r instanceof Item ri ? ri : null;
    if (l instanceof GcStruct || r instanceof GcStruct) {
      it.parent = null;
    } else if (it.wireParent == null) {
      if (l instanceof Item li) {
        it.parent = li.parent;
        it.parentSub = li.parentSub;
      } else if (r instanceof Item ri) {
        it.parent = ri.parent;
        it.parentSub = ri.parentSub;
      }
    } else if (it.wireParent instanceof ID pid) {
      Struct p = store.find(pid.client(), pid.clock());
      it.parent = p instanceof Item pi && pi.content instanceof ContentType ct ? ct.type : null;
    } else {
      it.parent = txn.doc().root((String) it.wireParent);
    }
    it.wireParent = null;
    return -1;
  }

  private static void checkKnown(StructStore store, Item it, long client, long clock) {
    if (client != Item.NONE && clock >= store.getState(client)) {
      throw new CrdtDecodeException("item " + it + " refers to unknown (" + client + "," + clock + ")");
    }
  }

  /** Yjs's readAndApplyDeleteSet over flat (client, clock, len) triples; returns what could not apply. */
  private static DeleteSet applyDeleteSet(Transaction txn, StructStore store, long[] ds, int n) {
    DeleteSet unapplied = null;
    for (int k = 0; k < n; k += 3) {
      long client = ds[k];
      long clock = ds[k + 1];
      long clockEnd = clock + ds[k + 2];
      long state = store.getState(client);
      if (clock < state) {
        if (state < clockEnd) {
          if (unapplied == null) {
            unapplied = new DeleteSet();
          }
          unapplied.add(client, state, clockEnd - state);
        }
        StructList structs = store.list(client);
        int index = structs.findIndex(clock);
        Struct s = structs.get(index);
        if (!s.isDeleted() && s.clock < clock) {
          structs.insert(index + 1, ((Item) s).split(txn, (int) (clock - s.clock)));
          index++;
        }
        while (index < structs.size) {
          s = structs.get(index++);
          if (s.clock < clockEnd) {
            if (!s.isDeleted()) {
              Item it = (Item) s;
              if (clockEnd < s.clock + s.length) {
                structs.insert(index, it.split(txn, (int) (clockEnd - s.clock)));
              }
              it.delete(txn);
            }
          } else {
            break;
          }
        }
      } else {
        if (unapplied == null) {
          unapplied = new DeleteSet();
        }
        unapplied.add(client, clock, clockEnd - clock);
      }
    }
    return unapplied;
  }
}
