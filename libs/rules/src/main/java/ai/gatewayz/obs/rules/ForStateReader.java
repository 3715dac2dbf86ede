package ai.gatewayz.obs.rules;

import ai.gatewayz.obs.common.Labels;
import java.util.Optional;

/**
 * Reads back the {@code ALERTS_FOR_STATE} series written before a restart, so alerting rules can
 * restore when their alerts became active. metrics-store reads its own storage; a ruler whose results
 * go to another store queries that store (or reports nothing, and alerts start pending again).
 *
 * <p>Thread-safe: groups restore concurrently. Failures are thrown as {@link RuntimeException}s; as in
 * Prometheus there is no second attempt: the rule's remaining alerts keep their new activeAt (they
 * wait their full {@code for} again) and the rule counts as restored.
 */
@FunctionalInterface
public interface ForStateReader {
    /**
     * The newest sample of exactly the series {@code series} with {@code mintMs <= t <= maxtMs} that
     * is not a staleness marker, or empty.
     */
    Optional<VectorSample> lastSample(Labels series, long mintMs, long maxtMs);

    /** Knows nothing: every alert starts over after a restart. */
    ForStateReader NONE = (series, mint, maxt) -> Optional.empty();
}
