package ai.gatewayz.obs.rules;

import java.util.Map;

/**
 * One rule as written in a rule file. {@code record} is set for recording rules, {@code alert}
 * for alerting rules. Durations are milliseconds; {@code line} is the 1-based line of the rule's
 * first key in its file. Immutable.
 */
public record RuleSpec(String record, String alert, String expr, long forMs, long keepFiringForMs,
        Map<String, String> labels, Map<String, String> annotations, int line) {

    public boolean isAlerting() {
        return alert != null;
    }

    /** The record name or the alert name. */
    public String name() {
        return alert != null ? alert : record;
    }
}
