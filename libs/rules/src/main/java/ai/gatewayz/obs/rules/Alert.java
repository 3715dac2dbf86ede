package ai.gatewayz.obs.rules;

import ai.gatewayz.obs.common.Labels;
import java.util.Map;

/**
 * One alert of an alerting rule: the labels that identify it and its lifecycle times (Unix ms,
 * 0 = not set). Mutable; owned by its {@link AlertingRule}, which guards it with its own lock.
 * Readers outside the rule get immutable {@link Snapshot}s.
 */
final class Alert {
    final Labels labels;
    Map<String, String> annotations;
    AlertState state;
    double value;
    long activeAt;
    long firedAt;
    long resolvedAt;
    long lastSentAt;
    /** Go's zero LastSentAt is year 1; 0 ms here can be a real (virtual) time, so "never" is a flag. */
    boolean everSent;
    long validUntil;
    long keepFiringSince;

    Alert(Labels labels, Map<String, String> annotations, AlertState state, double value, long activeAt) {
        this.labels = labels;
        this.annotations = annotations;
        this.state = state;
        this.value = value;
        this.activeAt = activeAt;
    }

    /** Prometheus's needsSending: never pending; resolved since last send; or resend delay passed. */
    boolean needsSending(long ts, long resendDelayMs) {
        if (state == AlertState.PENDING) {
            return false;
        }
        if (!everSent) {
            return true;
        }
        if (resolvedAt > lastSentAt) {
            return true;
        }
        return lastSentAt + resendDelayMs < ts;
    }

    AlertSnapshot snapshot() {
        return new AlertSnapshot(labels, Map.copyOf(annotations), state, value, activeAt, firedAt, resolvedAt,
                lastSentAt, validUntil, keepFiringSince);
    }
}
