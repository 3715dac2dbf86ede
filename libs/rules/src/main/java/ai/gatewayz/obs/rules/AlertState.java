package ai.gatewayz.obs.rules;

import java.util.Locale;

/** The state of an alert or, as the most severe of its alerts, of an alerting rule. */
public enum AlertState {
    INACTIVE, PENDING, FIRING;

    /** The lower-case name Prometheus uses in APIs and in the {@code alertstate} label. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
