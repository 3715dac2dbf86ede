package ai.gatewayz.obs.metrics.model;

import ai.gatewayz.obs.common.Labels;

/** An exemplar: a sample of one event (typically carrying a {@code trace_id}) attached to a series. */
public record Exemplar(Labels labels, double value, long timestampMs) {
}
