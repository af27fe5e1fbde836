package io.epicenter.crdt.types;

import io.epicenter.crdt.doc.AbstractType;
import io.epicenter.crdt.lib0.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Text inside an XML tree (Y.XmlText); formatting attributes become nested tags in its XML string. */
public class YXmlText extends YText {
  @Override
  protected int typeRef() {
    return Wire.TYPE_XML_TEXT;
  }

  @Override
  protected AbstractType emptyCopy() {
    return new YXmlText();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Map<String, Object> op : toDelta()) {
      List<String> names = new ArrayList<>();
      @SuppressWarnings("unchecked")
      Map<String, Object> attrs = (Map<String, Object>) op.get("attributes");
      if (attrs != null) {
        names.addAll(attrs.keySet());
      }
      names.sort(null);
      StringBuilder s = new StringBuilder();
      for (String n : names) {
        s.append('<').append(n);
        Object v = attrs.get(n);
        if (v instanceof Map<?, ?> m) {
          List<String> ks = new ArrayList<>();
          for (Object k : m.keySet()) {
            ks.add((String) k);
          }
          ks.sort(null);
          for (String k : ks) {
            s.append(' ').append(k).append("=\"").append(XmlStrings.js(m.get(k))).append('"');
          }
        }
        s.append('>');
      }
      Object ins = op.get("insert");
      s.append(ins instanceof AbstractType t ? t.toString() : XmlStrings.js(ins));
      for (int i = names.size() - 1; i >= 0; i--) {
        s.append("</").append(names.get(i)).append('>');
      }
      out.append(s);
    }
    return out.toString();
  }

  @Override
  public Object toJson() {
    return toString();
  }
}
