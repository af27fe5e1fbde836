package io.epicenter.sync.protocol;

/**
 * Checks that a string is one well-formed JSON value (RFC 8259), without building it. Awareness
 * states are relayed to every client of a room, which parse them with {@code JSON.parse}: a
 * malformed state would break every receiver, so it is refused at the door.
 */
public final class JsonSyntax {

    private static final int MAX_DEPTH = 128;

    private final String s;
    private int pos;

    private JsonSyntax(String s) {
        this.s = s;
    }

    /**
     * @param json candidate text
     * @return whether it is exactly one JSON value, optionally surrounded by whitespace
     */
    public static boolean isValid(String json) {
        JsonSyntax p = new JsonSyntax(json);
        try {
            p.ws();
            p.value(0);
            p.ws();
            return p.pos == json.length();
        } catch (IllegalStateException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    private void value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("too deep");
        }
        char c = peek();
        switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void object(int depth) {
        pos++;
        ws();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            ws();
            string();
            ws();
            expect(':');
            ws();
            value(depth + 1);
            ws();
            char c = next();
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw new IllegalStateException();
            }
        }
    }

    private void array(int depth) {
        pos++;
        ws();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            ws();
            value(depth + 1);
            ws();
            char c = next();
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw new IllegalStateException();
            }
        }
    }

    private void string() {
        expect('"');
        while (true) {
            char c = next();
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                throw new IllegalStateException();
            }
            if (c == '\\') {
                char e = next();
                switch (e) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                    }
                    case 'u' -> {
                        for (int i = 0; i < 4; i++) {
                            if (Character.digit(next(), 16) < 0) {
                                throw new IllegalStateException();
                            }
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
        }
    }

    private void number() {
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else {
            digits();
        }
        if (pos < s.length() && s.charAt(pos) == '.') {
            pos++;
            digits();
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            digits();
        }
    }

    private void digits() {
        int start = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == start) {
            throw new IllegalStateException();
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) {
            throw new IllegalStateException();
        }
        pos += word.length();
    }

    private void ws() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return s.charAt(pos);
    }

    private char next() {
        return s.charAt(pos++);
    }

    private void expect(char c) {
        if (next() != c) {
            throw new IllegalStateException();
        }
    }
}
