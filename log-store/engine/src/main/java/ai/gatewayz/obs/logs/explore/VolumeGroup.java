package ai.gatewayz.obs.logs.explore;

import ai.gatewayz.obs.common.Labels;

/** One group of {@code /index/volume}: the grouping labels and the bytes and entries of its streams. Immutable. */
public record VolumeGroup(Labels labels, long bytes, long entries) {
}
