package ai.gatewayz.obs.common;

/**
 * Writes JSON string literals without a JSON library, for hand-built payloads on hot or
 * dependency-free paths. Two flavours, because the systems we imitate differ: Go's
 * {@code encoding/json} (Prometheus, Alertmanager) also escapes {@code < > &} and U+2028/U+2029,
 * Python's {@code json} (the GatewayZ backend's log lines) does not. Stateless and thread-safe.
 */
public final class JsonStrings {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonStrings() {
    }

    /** Appends {@code s} quoted and escaped as Go's encoding/json does (HTML-safe). */
    public static StringBuilder appendGo(StringBuilder sb, String s) {
        return append(sb, s, true);
    }

    /** Appends {@code s} quoted with only the escapes JSON requires. */
    public static StringBuilder appendPlain(StringBuilder sb, String s) {
        return append(sb, s, false);
    }

    private static StringBuilder append(StringBuilder sb, String s, boolean htmlSafe) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    boolean escape = c < 0x20 || (htmlSafe && (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029'));
                    if (escape) {
                        sb.append("\\u");
                        for (int shift = 12; shift >= 0; shift -= 4) {
                            sb.append(HEX[c >> shift & 0xf]);
                        }
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}
