package ai.gatewayz.obs.logs.logql.pipeline;

import ai.gatewayz.obs.logs.text.ByteSearch;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code | json} parser (no parameters) on a line's UTF-8 bytes, for a query that reads only a
 * few of the fields: it walks and validates the whole object exactly as {@link JsonScanner#flatten}
 * does (same grammar, same first-wins rule for flattened, sanitised keys, same point of failure),
 * but builds a String only for the wanted fields. Where matching the String parser's result would
 * need more work than it is worth (escapes in a key or a wanted value, {@code \\u} escapes, number
 * forms outside JSON's grammar that {@link Double#parseDouble} may still accept, deep nesting) it
 * gives up on the line, and the caller runs the String parser. One per pipeline, one thread.
 */
final class JsonFields {
    static final int OK = 0;
    static final int ERROR = 1;
    static final int GIVE_UP = 2;
    /** Every wanted field is known; the rest of the line was not read, so whether it is valid JSON is open. */
    static final int COMPLETE = 3;

    /** Field state: not extracted by this stage, extracted with a value, extracted empty (which removes the label). */
    static final byte UNSET = 0;
    static final byte SET = 1;
    static final byte REMOVED = 2;

    private static final class Stop extends RuntimeException {
        final int outcome;

        Stop(int outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    private static final Stop FAIL = new Stop(ERROR);
    private static final Stop SLOW = new Stop(GIVE_UP);
    private static final Stop DONE = new Stop(COMPLETE);
    private static final int MAX_DEPTH = 64;
    /** Bytes that end a scalar, as {@link JsonScanner} reads one. */
    private static final boolean[] ENDS_SCALAR = new boolean[256];

    static {
        for (char c : ",}] \t\n\r".toCharArray()) {
            ENDS_SCALAR[c] = true;
        }
    }

    private final byte[][] names;
    /** Index of the wanted name a key of that sanitised spelling fills, per name; -1 for names whose extraction means giving up. */
    private final boolean[] giveUpIfSeen;
    final byte[] state;
    private final String[] values;
    /** Where each extracted value lies in the line (a JSON string's content, or a number's text), built into a String on demand. */
    private final int[] from;
    private final int[] to;
    private final boolean[] number;
    private final int wantedCount;
    private int unset;
    private boolean stopEarly;
    private byte[] key = new byte[128];
    private int keyLen;
    private byte[] b;
    private int pos;
    private int end;

    /** {@code wanted}: sanitised flattened names whose values are needed; {@code giveUp}: names whose presence means giving up. */
    JsonFields(List<String> wanted, List<String> giveUp) {
        int n = wanted.size() + giveUp.size();
        names = new byte[n][];
        giveUpIfSeen = new boolean[n];
        for (int i = 0; i < n; i++) {
            boolean g = i >= wanted.size();
            names[i] = (g ? giveUp.get(i - wanted.size()) : wanted.get(i)).getBytes(StandardCharsets.UTF_8);
            giveUpIfSeen[i] = g;
        }
        state = new byte[n];
        values = new String[n];
        from = new int[n];
        to = new int[n];
        number = new boolean[n];
        wantedCount = wanted.size();
    }

    /**
     * Parses one line; {@link #OK}, {@link #ERROR} (the String parser would report an error),
     * {@link #GIVE_UP}, or (only when {@code early}) {@link #COMPLETE} as soon as every wanted field
     * is known. A key that gives up, coming after that point, goes unseen: the caller accepts the
     * early answer only where such a key would not change it.
     */
    int scan(byte[] buf, int off, int len, boolean early) {
        java.util.Arrays.fill(state, UNSET);
        unset = wantedCount;
        stopEarly = early && wantedCount > 0;
        b = buf;
        pos = off;
        end = off + len;
        keyLen = 0;
        try {
            ws();
            if (pos >= end || b[pos] != '{') {
                return ERROR;
            }
            object(0);
            ws();
            return pos < end ? ERROR : OK;
        } catch (Stop s) {
            return s.outcome;
        } finally {
            b = null;
        }
    }

    private void object(int depth) {
        if (depth > MAX_DEPTH) {
            throw SLOW;
        }
        pos++;
        ws();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            ws();
            if (peek() != '"') {
                throw FAIL;
            }
            int saved = keyLen;
            appendKey();
            ws();
            if (peek() != ':') {
                throw FAIL;
            }
            pos++;
            ws();
            byte c = peek();
            if (c == '{') {
                object(depth + 1);
            } else if (c == '[') {
                skipValue(depth + 1);
            } else if (c == '"') {
                int w = wanted();
                int s = pos + 1;
                int e = skipString();
                if (w >= 0) {
                    if (e < 0) {
                        throw SLOW; // escapes in a wanted value
                    }
                    set(w, s, e, false);
                    state[w] = e == s ? REMOVED : SET;
                    filled();
                }
            } else {
                int s = pos;
                int kind = scalar();
                if (kind != NULL) {
                    int w = wanted();
                    if (w >= 0) {
                        set(w, s, pos, kind == NUMBER);
                        state[w] = SET;
                        filled();
                    }
                }
            }
            keyLen = saved;
            ws();
            c = peek();
            pos++;
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw FAIL;
            }
        }
    }

    private void set(int w, int start, int stop, boolean isNumber) {
        values[w] = null;
        from[w] = start;
        to[w] = stop;
        number[w] = isNumber;
    }

    /** The value of wanted name {@code w} (state {@link #SET}) of the line last scanned, which must still be in its buffer. */
    String value(int w, byte[] line) {
        if (values[w] == null) {
            values[w] = new String(line, from[w], to[w] - from[w], number[w] ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }
        return values[w];
    }

    /**
     * The value of {@code w} as Go's ParseFloat reads it, without a String, when it is a JSON integer
     * of at most 15 digits (exact in a double); NaN otherwise (the caller then parses the text).
     */
    double integer(int w, byte[] line) {
        if (!number[w]) {
            return Double.NaN;
        }
        int i = from[w];
        int e = to[w];
        boolean neg = line[i] == '-';
        if (neg) {
            i++;
        }
        if (e - i > 15) {
            return Double.NaN;
        }
        long v = 0;
        for (; i < e; i++) {
            byte c = line[i];
            if (c < '0' || c > '9') {
                return Double.NaN;
            }
            v = v * 10 + (c - '0');
        }
        return neg ? (v == 0 ? -0.0 : -(double) v) : v;
    }

    private void filled() {
        if (--unset == 0 && stopEarly) {
            throw DONE;
        }
    }

    /** Appends the (raw) key at pos to the flattened key, joined by '_'; gives up on escapes and non-ASCII keys. */
    private void appendKey() {
        int s = pos + 1;
        int e = s;
        while (true) {
            if (e >= end) {
                throw FAIL; // unterminated
            }
            byte c = b[e];
            if (c == '"') {
                break;
            }
            if (c == '\\' || c < 0) {
                throw SLOW;
            }
            e++;
        }
        int need = keyLen + 1 + (e - s);
        if (key.length < need) {
            key = java.util.Arrays.copyOf(key, Math.max(need, key.length * 2));
        }
        if (keyLen > 0) {
            key[keyLen++] = '_';
        }
        System.arraycopy(b, s, key, keyLen, e - s);
        keyLen += e - s;
        pos = e + 1;
    }

    /** The wanted name the current flattened key fills for the first time, or -1; gives up on a name that must not be extracted. */
    private int wanted() {
        if (keyLen == 0) {
            return -1;
        }
        int len = keyLen;
        int lenDigit = key[0] >= '0' && key[0] <= '9' ? len + 1 : len;
        for (int i = 0; i < names.length; i++) {
            int nl = names[i].length;
            if (nl == lenDigit && state[i] == UNSET && sanitizedEquals(names[i])) {
                if (giveUpIfSeen[i]) {
                    throw SLOW;
                }
                return i;
            }
        }
        return -1;
    }

    private boolean sanitizedEquals(byte[] name) {
        boolean digit = key[0] >= '0' && key[0] <= '9';
        int j = digit ? 1 : 0;
        if (name.length != keyLen + j || digit && name[0] != '_') {
            return false;
        }
        for (int i = 0; i < keyLen; i++) {
            byte c = key[i];
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (name[i + j] != (valid ? c : '_')) {
                return false;
            }
        }
        return true;
    }

    /** Skips the string at pos; returns its closing quote's index when it has no escapes, else -1. */
    private int skipString() {
        int p = pos + 1;
        boolean escaped = false;
        while (true) {
            int e = ByteSearch.indexOfEither(b, p, end, (byte) '"', (byte) '\\');
            if (e < 0) {
                throw FAIL;
            }
            if (b[e] == '"') {
                pos = e + 1;
                return escaped ? -1 : e;
            }
            escaped = true;
            if (e + 1 >= end) {
                throw FAIL;
            }
            switch (b[e + 1]) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> p = e + 2;
                case 'u' -> throw SLOW;
                default -> throw FAIL;
            }
        }
    }

    private static final int NULL = 0;
    private static final int OTHER = 1;
    private static final int NUMBER = 2;

    /** Validates a scalar as {@link JsonScanner} does; NULL for {@code null}. */
    private int scalar() {
        int s = pos;
        while (pos < end && !ENDS_SCALAR[b[pos] & 0xFF]) {
            pos++;
        }
        int n = pos - s;
        if (n == 0) {
            throw FAIL;
        }
        if (is(s, n, "null")) {
            return NULL;
        }
        if (is(s, n, "true") || is(s, n, "false")) {
            return OTHER;
        }
        byte c = b[s];
        if (!(c == '-' || (c >= '0' && c <= '9'))) {
            throw FAIL;
        }
        if (!strictNumber(s, pos)) {
            throw SLOW; // Double.parseDouble may still accept it (1f, 01, 1., -Infinity, hex floats)
        }
        return NUMBER;
    }

    private boolean is(int s, int n, String word) {
        if (n != word.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[s + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    private boolean strictNumber(int s, int e) {
        int i = s;
        if (b[i] == '-') {
            i++;
        }
        if (i >= e) {
            return false;
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
        } else {
            return false;
        }
        if (i < e && b[i] == '.') {
            i++;
            int d = i;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == d) {
                return false;
            }
        }
        if (i < e && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < e && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int d = i;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == d) {
                return false;
            }
        }
        return i == e;
    }

    private void skipValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw SLOW;
        }
        byte c = peek();
        if (c == '"') {
            skipString();
        } else if (c == '{' || c == '[') {
            byte close = c == '{' ? (byte) '}' : (byte) ']';
            pos++;
            ws();
            if (peek() == close) {
                pos++;
                return;
            }
            while (true) {
                ws();
                if (close == '}') {
                    if (peek() != '"') {
                        throw FAIL;
                    }
                    skipString();
                    ws();
                    if (peek() != ':') {
                        throw FAIL;
                    }
                    pos++;
                    ws();
                }
                skipValue(depth + 1);
                ws();
                byte n = peek();
                pos++;
                if (n == close) {
                    return;
                }
                if (n != ',') {
                    throw FAIL;
                }
            }
        } else {
            scalar();
        }
    }

    private byte peek() {
        if (pos >= end) {
            throw FAIL;
        }
        return b[pos];
    }

    private void ws() {
        while (pos < end) {
            byte c = b[pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }
}
