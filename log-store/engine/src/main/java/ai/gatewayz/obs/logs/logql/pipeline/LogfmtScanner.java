package ai.gatewayz.obs.logs.logql.pipeline;

/**
 * Reads logfmt pairs ({@code key=value}, {@code key="quoted \" value"}, standalone {@code key}).
 * Lenient mode skips malformed pairs; strict mode stops at the first one. One instance per pipeline.
 */
public final class LogfmtScanner {
    /** Receives pairs; {@code value} is empty for standalone keys and {@code key=}. */
    public interface Sink {
        void pair(String key, String value);
    }

    private final StringBuilder sb = new StringBuilder(64);

    /** Scans the line; returns an error text (strict mode, or an unterminated quote) or null. */
    public String scan(String line, boolean strict, Sink sink) {
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && line.charAt(i) <= ' ') {
                i++;
            }
            if (i >= n) {
                break;
            }
            int ks = i;
            while (i < n && line.charAt(i) > ' ' && line.charAt(i) != '=' && line.charAt(i) != '"') {
                i++;
            }
            if (i == ks) {
                // '=' or '"' where a key should start
                if (strict) {
                    return "logfmt syntax error at pos " + (i + 1) + " : unexpected '" + line.charAt(i) + "'";
                }
                while (i < n && line.charAt(i) > ' ') {
                    i++;
                }
                continue;
            }
            String key = line.substring(ks, i);
            if (i >= n || line.charAt(i) <= ' ') {
                sink.pair(key, "");
                continue;
            }
            if (line.charAt(i) == '"') {
                if (strict) {
                    return "logfmt syntax error at pos " + (i + 1) + " : unexpected '\"'";
                }
                while (i < n && line.charAt(i) > ' ') {
                    i++;
                }
                continue;
            }
            i++; // '='
            if (i >= n || line.charAt(i) <= ' ') {
                sink.pair(key, "");
                continue;
            }
            if (line.charAt(i) == '"') {
                i++;
                sb.setLength(0);
                boolean closed = false;
                while (i < n) {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        closed = true;
                        break;
                    }
                    if (c == '\\' && i < n) {
                        char e = line.charAt(i++);
                        switch (e) {
                            case 'n' -> sb.append('\n');
                            case 't' -> sb.append('\t');
                            case 'r' -> sb.append('\r');
                            default -> sb.append(e);
                        }
                    } else {
                        sb.append(c);
                    }
                }
                if (!closed) {
                    if (strict) {
                        return "logfmt syntax error at pos " + (n + 1) + " : unterminated quoted value";
                    }
                    continue;
                }
                sink.pair(key, sb.toString());
                if (i < n && line.charAt(i) > ' ' && strict) {
                    return "logfmt syntax error at pos " + (i + 1) + " : unexpected '" + line.charAt(i) + "'";
                }
                continue;
            }
            int vs = i;
            while (i < n && line.charAt(i) > ' ') {
                if (line.charAt(i) == '"' || line.charAt(i) == '=') {
                    if (strict) {
                        return "logfmt syntax error at pos " + (i + 1) + " : unexpected '" + line.charAt(i) + "'";
                    }
                }
                i++;
            }
            sink.pair(key, line.substring(vs, i));
        }
        return null;
    }
}
