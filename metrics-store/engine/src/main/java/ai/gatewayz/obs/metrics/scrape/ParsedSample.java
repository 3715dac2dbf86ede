package ai.gatewayz.obs.metrics.scrape;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Exemplar;

/**
 * One sample line of an exposition: labels including {@code __name__}, the value, the explicit
 * timestamp in ms ({@link #NO_TIMESTAMP} when absent) and an optional exemplar. Immutable.
 */
public record ParsedSample(Labels labels, double value, long timestampMs, Exemplar exemplar) {
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    public boolean hasTimestamp() {
        return timestampMs != NO_TIMESTAMP;
    }
}
