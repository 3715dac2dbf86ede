package ai.gatewayz.obs.common;

/** Go's string quoting, which PromQL's printer and Go templates reproduce. Stateless and thread-safe. */
public final class GoStrings {
    private GoStrings() {
    }

    /** Go's {@code strconv.Quote} for text: the short escapes, {@code \xNN} for other control characters. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\u0007' -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\u000b' -> sb.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Go's {@code strconv.Unquote}: a literal including its quotes ("..." and '...' with escapes,
     * `...` raw); throws IllegalArgumentException with Go's wording ("invalid syntax").
     */
    public static String unquote(String lit) {
        char q = lit.charAt(0);
        String body = lit.substring(1, lit.length() - 1);
        if (q == '`') {
            return body;
        }
        StringBuilder sb = new StringBuilder(body.length());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            boolean byteEscape = c == '\\' && i + 1 < body.length()
                    && (body.charAt(i + 1) == 'x' || (body.charAt(i + 1) >= '0' && body.charAt(i + 1) <= '7'));
            if (!byteEscape && bytes.size() > 0) {
                sb.append(new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.UTF_8));
                bytes.reset();
            }
            if (byteEscape) {
                if (body.charAt(i + 1) == 'x') {
                    bytes.write(hex(body, i + 2, 2));
                    i += 3;
                } else {
                    if (i + 3 >= body.length()) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    bytes.write(Integer.parseInt(body.substring(i + 1, i + 4), 8));
                    i += 3;
                }
                continue;
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= body.length()) {
                throw new IllegalArgumentException("invalid syntax");
            }
            char e = body.charAt(i);
            switch (e) {
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case '\\' -> sb.append('\\');
                case '\'', '"' -> {
                    if (e != q) {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                    sb.append(e);
                }
                case 'x' -> {
                    sb.appendCodePoint(hex(body, i + 1, 2));
                    i += 2;
                }
                case 'u' -> {
                    sb.appendCodePoint(hex(body, i + 1, 4));
                    i += 4;
                }
                case 'U' -> {
                    sb.appendCodePoint(hex(body, i + 1, 8));
                    i += 8;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        if (i + 2 >= body.length()) {
                            throw new IllegalArgumentException("invalid syntax");
                        }
                        int v = Integer.parseInt(body.substring(i, i + 3), 8);
                        sb.append((char) v);
                        i += 2;
                    } else {
                        throw new IllegalArgumentException("invalid syntax");
                    }
                }
            }
        }
        if (bytes.size() > 0) {
            sb.append(new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static int hex(String s, int from, int len) {
        if (from + len > s.length()) {
            throw new IllegalArgumentException("invalid syntax");
        }
        try {
            return Integer.parseInt(s.substring(from, from + len), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid syntax");
        }
    }
}
