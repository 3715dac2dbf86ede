package ai.gatewayz.obs.metrics.scrape;

import java.time.Instant;

/**
 * The outcome of a target's last scrape. Immutable; a loop publishes a new one per scrape.
 *
 * @param lastScrape wall-clock start of the last scrape; {@link Instant#MIN}-like {@link #NEVER} before the first
 * @param lastError empty when the last scrape succeeded, else the reason worded as Prometheus words it
 */
public record TargetStatus(TargetHealth health, Instant lastScrape, double lastScrapeDurationSeconds, String lastError) {
    /** Go's zero time, which Prometheus reports before a target's first scrape. */
    public static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");
    static final TargetStatus INITIAL = new TargetStatus(TargetHealth.UNKNOWN, NEVER, 0, "");
}
