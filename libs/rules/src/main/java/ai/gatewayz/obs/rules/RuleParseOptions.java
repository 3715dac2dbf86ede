package ai.gatewayz.obs.rules;

/**
 * How rule files are read: the expression validator (the PromQL parser), name validation
 * ({@code utf8Names} true is Prometheus 3's default, false is 2.x's legacy
 * {@code [a-zA-Z_][a-zA-Z0-9_]*}), whether unknown YAML fields are ignored, and the global
 * defaults for group interval and query offset. Immutable.
 */
public record RuleParseOptions(ExpressionValidator validator, boolean utf8Names, boolean ignoreUnknownFields,
        long defaultIntervalMs, long defaultQueryOffsetMs) {

    public static RuleParseOptions defaults(ExpressionValidator validator) {
        return new RuleParseOptions(validator, true, false, 60_000, 0);
    }

    public RuleParseOptions withDefaultInterval(long ms) {
        return new RuleParseOptions(validator, utf8Names, ignoreUnknownFields, ms, defaultQueryOffsetMs);
    }

    public RuleParseOptions withLegacyNames() {
        return new RuleParseOptions(validator, false, ignoreUnknownFields, defaultIntervalMs, defaultQueryOffsetMs);
    }

    public RuleParseOptions withIgnoreUnknownFields(boolean ignore) {
        return new RuleParseOptions(validator, utf8Names, ignore, defaultIntervalMs, defaultQueryOffsetMs);
    }
}
