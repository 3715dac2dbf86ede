package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.common.Labels;
import java.util.List;

/** What a querier copied of one series; immutable. {@code oooT}/{@code oooBits} may be null. */
record SeriesSnapshot(Labels labels, List<ChunkMeta> chunks, long[] oooT, long[] oooBits) {
}
