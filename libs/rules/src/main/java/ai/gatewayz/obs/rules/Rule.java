package ai.gatewayz.obs.rules;

import ai.gatewayz.obs.common.Labels;
import java.util.List;

/**
 * A recording or alerting rule inside a {@link RuleGroup}. Evaluated by its group's single
 * evaluation thread; the status getters are safe to call from other threads.
 */
public sealed interface Rule permits RecordingRule, AlertingRule {
    RuleSpec spec();

    default String name() {
        return spec().name();
    }

    /** The rule's own labels (group labels merged in), without templates expanded. */
    Labels labels();

    /**
     * Evaluates at {@code ts} (group evaluation time, ms) querying at {@code ts - queryOffsetMs};
     * returns the samples to write back. {@code limit} 0 is unlimited.
     */
    List<VectorSample> eval(long ts, long queryOffsetMs, QueryFunc query, int limit);

    RuleStatus status();

    /** Health, last error, when it last ran and how long it took (ms since epoch / seconds). */
    record RuleStatus(RuleHealth health, String lastError, long lastEvaluationMs, double evaluationSeconds) {
        public static final RuleStatus NEVER = new RuleStatus(RuleHealth.UNKNOWN, "", 0, 0);
    }
}
