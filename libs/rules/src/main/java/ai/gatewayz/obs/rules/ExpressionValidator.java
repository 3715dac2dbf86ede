package ai.gatewayz.obs.rules;

import java.util.Optional;

/**
 * Checks that a PromQL expression parses (syntax, known functions, argument types) without running
 * it. Implemented by the PromQL parser; rule files are rejected when it reports an error.
 * Thread-safe.
 */
@FunctionalInterface
public interface ExpressionValidator {
    /** Empty when {@code expr} is valid, otherwise the parser's error message. */
    Optional<String> check(String expr);

    /** Accepts everything; only for callers that validate elsewhere (never the default of a server). */
    ExpressionValidator NONE = expr -> Optional.empty();
}
