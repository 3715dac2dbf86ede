package ai.gatewayz.obs.logs.ruler;

import ai.gatewayz.obs.rules.RulesOptions;

/**
 * Engine settings of the log ruler: the default group interval ({@code ruler.evaluation_interval},
 * Loki's default 1m), how often the rule storage is re-read ({@code ruler.poll_interval}, 1m; 0 only
 * on API changes) and the shared rule engine's options (external labels and URL, resend delay).
 * Immutable.
 */
public record RulerOptions(long evaluationIntervalMs, long pollIntervalMs, RulesOptions rules) {
    public static RulerOptions defaults() {
        return new RulerOptions(60_000, 60_000, RulesOptions.defaults());
    }
}
