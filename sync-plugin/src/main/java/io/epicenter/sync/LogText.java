package io.epicenter.sync;

/** Makes client-controlled text safe for one-line logs. */
public final class LogText {

    private static final int MAX = 160;

    private LogText() {
    }

    /**
     * @param s text from a client (room id, close reason)
     * @return the text quoted, control characters escaped, cut at {@value #MAX} characters
     */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX) + 8).append('"');
        for (int i = 0; i < s.length(); i++) {
            if (i >= MAX) {
                sb.append("...(").append(s.length()).append(" chars)");
                break;
            }
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
