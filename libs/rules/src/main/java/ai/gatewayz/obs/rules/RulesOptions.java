package ai.gatewayz.obs.rules;

import ai.gatewayz.obs.common.Labels;

/**
 * Engine settings of rule evaluation, with Prometheus's defaults: external labels and URL, the
 * resend delay of firing alerts ({@code --rules.alert.resend-delay}, 1m), how long resolved alerts
 * keep being sent (15m), and the for-state restore window ({@code --rules.alert.for-outage-tolerance}
 * 1h, {@code --rules.alert.for-grace-period} 10m). Immutable.
 */
public record RulesOptions(Labels externalLabels, String externalURL, long resendDelayMs, long resolvedRetentionMs,
        long outageToleranceMs, long forGracePeriodMs) {

    public static RulesOptions defaults() {
        return new RulesOptions(Labels.EMPTY, "", 60_000, 15 * 60_000, 3_600_000, 600_000);
    }

    public RulesOptions withExternalLabels(Labels l) {
        return new RulesOptions(l, externalURL, resendDelayMs, resolvedRetentionMs, outageToleranceMs, forGracePeriodMs);
    }

    public RulesOptions withExternalURL(String url) {
        return new RulesOptions(externalLabels, url, resendDelayMs, resolvedRetentionMs, outageToleranceMs, forGracePeriodMs);
    }

    public RulesOptions withResendDelay(long ms) {
        return new RulesOptions(externalLabels, externalURL, ms, resolvedRetentionMs, outageToleranceMs, forGracePeriodMs);
    }

    /** The for-state restore window: how long an outage may last, and the least time left to fire after a restore. */
    public RulesOptions withForState(long outageMs, long gracePeriodMs) {
        return new RulesOptions(externalLabels, externalURL, resendDelayMs, resolvedRetentionMs, outageMs, gracePeriodMs);
    }
}
