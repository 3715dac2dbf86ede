package ai.gatewayz.obs.rules;

import ai.gatewayz.obs.common.Labels;

/**
 * One element of an instant vector: a series' labels and one float value at one time. The
 * hand-over type between the PromQL engine and its callers (rules, the HTTP API). Immutable.
 */
public record VectorSample(Labels labels, long timestampMs, double value) {
}
