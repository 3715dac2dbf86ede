package ai.gatewayz.obs.logs.logql.parser;

import java.util.Locale;
import java.util.Set;

/**
 * One lexed token: kind, source text (unquoted value for strings), 1-based line and column.
 * Keywords are lexed as identifiers; the parser decides by context, as Loki only treats a word as
 * a function name before "(" and as a stage name after "|".
 */
public record Token(TokenKind kind, String text, int line, int col) {
    private static final Set<String> KEYWORDS = Set.of("by", "without", "bool", "on", "ignoring", "group_left",
            "group_right", "offset", "or", "and", "unless", "json", "logfmt", "regexp", "pattern", "unpack",
            "line_format", "label_format", "decolorize", "drop", "keep", "unwrap", "ip", "vector", "label_replace",
            "distinct", "sum", "avg", "min", "max", "count", "stddev", "stdvar", "topk", "bottomk", "sort",
            "sort_desc", "approx_topk", "rate", "rate_counter", "count_over_time", "bytes_rate", "bytes_over_time",
            "avg_over_time", "sum_over_time", "min_over_time", "max_over_time", "stdvar_over_time",
            "stddev_over_time", "quantile_over_time", "first_over_time", "last_over_time", "absent_over_time",
            "duration", "duration_seconds", "bytes");

    public boolean is(TokenKind k) {
        return kind == k;
    }

    /** An identifier spelled {@code word}, case-insensitively for operator keywords. */
    public boolean isWord(String word) {
        return kind == TokenKind.IDENTIFIER && text.equalsIgnoreCase(word);
    }

    /** Loki's name for this token in a syntax error. */
    public String display() {
        if (kind == TokenKind.IDENTIFIER) {
            String lower = text.toLowerCase(Locale.ROOT);
            if (KEYWORDS.contains(lower)) {
                return switch (lower) {
                    case "line_format" -> "LINE_FMT";
                    case "label_format" -> "LABEL_FMT";
                    case "duration" -> "DURATION_CONV";
                    case "duration_seconds" -> "DURATION_SECONDS_CONV";
                    case "bytes" -> "BYTES_CONV";
                    default -> lower.toUpperCase(Locale.ROOT);
                };
            }
        }
        return kind.display();
    }
}
