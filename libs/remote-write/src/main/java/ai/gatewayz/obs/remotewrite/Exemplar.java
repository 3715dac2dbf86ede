package ai.gatewayz.obs.remotewrite;

import ai.gatewayz.obs.common.Labels;

/**
 * An exemplar sent with a sample (RW 1.0 {@code TimeSeries.exemplars}, field 3; RW 2.0 field 4):
 * its own labels (a trace id, typically {@code trace_id}), the observed value and when it was
 * observed. Immutable.
 */
public record Exemplar(Labels labels, double value, long timestampMs) {
    public Exemplar {
        if (labels == null) {
            throw new IllegalArgumentException("exemplar without labels");
        }
    }
}
