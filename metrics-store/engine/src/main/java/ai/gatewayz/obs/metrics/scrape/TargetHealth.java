package ai.gatewayz.obs.metrics.scrape;

import java.util.Locale;

/** A target's health as {@code /api/v1/targets} reports it: unknown until its first scrape. */
public enum TargetHealth {
    UNKNOWN, UP, DOWN;

    /** {@code "unknown"}, {@code "up"}, {@code "down"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
