package io.epicenter.crdt.update;

import io.epicenter.crdt.id.ID;
import io.epicenter.crdt.lib0.Any;
import io.epicenter.crdt.lib0.CrdtDecodeException;
import io.epicenter.crdt.lib0.DecodeBudget;
import io.epicenter.crdt.lib0.Lib0Reader;
import io.epicenter.crdt.lib0.Wire;
import io.epicenter.crdt.struct.AbstractStruct;
import io.epicenter.crdt.struct.Content;
import io.epicenter.crdt.struct.ContentAny;
import io.epicenter.crdt.struct.ContentBinary;
import io.epicenter.crdt.struct.ContentDeleted;
import io.epicenter.crdt.struct.ContentDoc;
import io.epicenter.crdt.struct.ContentEmbed;
import io.epicenter.crdt.struct.ContentFormat;
import io.epicenter.crdt.struct.ContentJson;
import io.epicenter.crdt.struct.ContentString;
import io.epicenter.crdt.struct.ContentType;
import io.epicenter.crdt.struct.GC;
import io.epicenter.crdt.struct.Item;
import io.epicenter.crdt.struct.Skip;
import java.util.ArrayList;
import java.util.List;

/**
 * Lazy reader of the struct section of an update (Yjs's LazyStructReader): yields structs in file order,
 * each with its computed start clock. After {@link #next()} returned null, the decoder is positioned at the
 * delete set.
 */
public final class StructReader {
  private final UpdateDecoder d;
  private final Lib0Reader rest;
  private final DecodeBudget budget;
  private final boolean filterSkips;
  private long groupsLeft;
  private long structsLeft;
  private long client;
  private long clock;
  private long groupIndex = -1;
  private AbstractStruct curr;
  private final String[] jsonText = new String[1];

  public StructReader(UpdateDecoder d, DecodeBudget budget, boolean filterSkips) {
    this.d = d;
    this.rest = d.rest();
    this.budget = budget;
    this.filterSkips = filterSkips;
    int at = rest.offset();
    groupsLeft = rest.readVarUint();
    budget.checkClients(groupsLeft, "struct section");
    // every group takes at least two bytes of the rest (struct count, first clock)
    if (groupsLeft > rest.remaining() / 2) {
      throw new CrdtDecodeException("unexpected end of input: update declares " + groupsLeft + " client groups, "
          + rest.remaining() + " bytes left", at);
    }
    next();
  }

  /** Index (0-based) of the client group the current struct belongs to. */
  public long groupIndex() {
    return groupIndex;
  }

  /** The current struct, or null when all structs were read. */
  public AbstractStruct curr() {
    return curr;
  }

  /** Advances and returns the new current struct (null at the end). */
  public AbstractStruct next() {
    do {
      curr = read();
    } while (filterSkips && curr instanceof Skip);
    return curr;
  }

  private AbstractStruct read() {
    while (structsLeft == 0) {
      if (groupsLeft == 0) {
        return null;
      }
      groupsLeft--;
      groupIndex++;
      int at = rest.offset();
      long n = rest.readVarUint();
      client = d.readClient();
      clock = rest.readVarUint();
      budget.addStructs(n);
      if (!d.isV2() && n > rest.remaining() / 2) {
        // in V1 every struct takes at least two bytes
        throw new CrdtDecodeException("unexpected end of input: client group declares " + n + " structs, "
            + rest.remaining() + " bytes left", at);
      }
      structsLeft = n;
    }
    structsLeft--;
    int at = rest.offset();
    int info = d.readInfo();
    AbstractStruct s;
    if (info == Wire.REF_SKIP) {
      s = new Skip(client, clock, rest.readVarUint());
    } else if ((info & Wire.INFO_CONTENT_REF_MASK) != 0) {
      s = readItem(info, at);
    } else {
      s = new GC(client, clock, d.readLen());
    }
    clock += s.length();
    if (clock > Wire.MAX_SAFE_INTEGER) {
      throw new CrdtDecodeException("clock out of range (above 2^53-1) for client " + client, at);
    }
    return s;
  }

  private Item readItem(int info, int at) {
    ID origin = (info & Wire.INFO_HAS_ORIGIN) != 0 ? d.readLeftId() : null;
    ID rightOrigin = (info & Wire.INFO_HAS_RIGHT_ORIGIN) != 0 ? d.readRightId() : null;
    String parentName = null;
    ID parentId = null;
    String parentSub = null;
    if ((info & (Wire.INFO_HAS_ORIGIN | Wire.INFO_HAS_RIGHT_ORIGIN)) == 0) {
      if (d.readParentInfo()) {
        parentName = d.readString();
      } else {
        parentId = d.readLeftId();
      }
      if ((info & Wire.INFO_HAS_PARENT_SUB) != 0) {
        parentSub = d.readString();
      }
    }
    Content content = readContent(info & Wire.INFO_CONTENT_REF_MASK, at);
    return new Item(client, clock, origin, rightOrigin, parentName, parentId, parentSub, content, info);
  }

  private Content readContent(int ref, int at) {
    switch (ref) {
      case Wire.REF_DELETED:
        return new ContentDeleted(d.readLen());
      case Wire.REF_JSON: {
        long n = d.readLen();
        if (n > d.maxJsonElements()) {
          throw new CrdtDecodeException("unexpected end of input: JSON content declares " + n + " elements", at);
        }
        List<ContentJson.Element> els = new ArrayList<>((int) Math.min(n, 1024));
        for (long i = 0; i < n; i++) {
          String t = d.readString();
          Any v = t.equals("undefined") ? Any.Undefined.INSTANCE : UpdateDecoder.parseJson(t, d.limits());
          els.add(new ContentJson.Element(t, v));
        }
        return new ContentJson(els);
      }
      case Wire.REF_BINARY:
        return new ContentBinary(d.readBuf());
      case Wire.REF_STRING:
        return new ContentString(d.readString());
      case Wire.REF_EMBED: {
        Any v = d.readJson(jsonText);
        return new ContentEmbed(jsonText[0], v);
      }
      case Wire.REF_FORMAT: {
        String key = d.readKey();
        Any v = d.readJson(jsonText);
        return new ContentFormat(key, jsonText[0], v);
      }
      case Wire.REF_TYPE: {
        long typeRef = d.readTypeRef();
        if (typeRef > Wire.TYPE_MAX) {
          throw new CrdtDecodeException("unknown type ref " + typeRef, at);
        }
        String name = ContentType.hasName((int) typeRef) ? d.readKey() : null;
        return new ContentType((int) typeRef, name);
      }
      case Wire.REF_ANY: {
        long n = d.readLen();
        if (n > d.maxAnyElements()) {
          throw new CrdtDecodeException("unexpected end of input: Any content declares " + n + " values, "
              + rest.remaining() + " bytes left", at);
        }
        List<Any> values = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
          values.add(d.readAny());
        }
        return new ContentAny(values);
      }
      case Wire.REF_DOC: {
        String guid = d.readString();
        Any opts = d.readAny();
        if (opts instanceof Any.Null || opts instanceof Any.Undefined) {
          throw new CrdtDecodeException("sub-document options must be an object, got " + opts, at);
        }
        return new ContentDoc(guid, opts);
      }
      default:
        throw new CrdtDecodeException("unknown content ref " + ref, at);
    }
  }
}
