package ai.gatewayz.obs.metrics.promql.parser;

/** Go-style string literal unquoting for PromQL; the implementation lives in libs/common {@code GoStrings}. Stateless. */
public final class StringLiterals {
    private StringLiterals() {
    }

    /** Unquotes a literal including its quotes; throws IllegalArgumentException with Go's wording. */
    public static String unquote(String lit) {
        return ai.gatewayz.obs.common.GoStrings.unquote(lit);
    }
}
