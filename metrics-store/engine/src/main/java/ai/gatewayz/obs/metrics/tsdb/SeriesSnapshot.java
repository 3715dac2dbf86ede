package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.common.Labels;
import java.util.List;

/**
 * What a querier copied of one series; immutable. {@code oooT}/{@code oooBits} and {@code hooo}
 * may be null; {@code hchunks} holds {@link HistogramChunk}s (empty for a float-only series).
 */
record SeriesSnapshot(Labels labels, List<ChunkMeta> chunks, long[] oooT, long[] oooBits, List<ChunkMeta> hchunks,
        HistogramOoo hooo) {
    boolean hasHistograms() {
        return !hchunks.isEmpty() || hooo != null;
    }
}
