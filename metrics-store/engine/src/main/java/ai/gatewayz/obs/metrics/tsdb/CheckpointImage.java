package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.storage.chunkenc.XorChunk;
import java.util.List;

/**
 * What a checkpoint takes of one series under the head lock: references to its immutable closed
 * chunks and a frozen view of the open one, so that taking the image copies no chunk bytes (copies
 * made for every series at every checkpoint would outlive young collections and bloat the old
 * generation). {@code open} and the OOO arrays may be null. Histogram chunks ({@code hchunks}, the open
 * one copied: histogram series are few) and out-of-order histograms ({@code hooo}, may be null) follow.
 */
record CheckpointImage(long ref, Labels labels, List<ChunkMeta> closed, long openMinT, long openMaxT,
        XorChunk.Frozen open, long[] oooT, long[] oooBits, List<Exemplar> exemplars, List<ChunkMeta> hchunks,
        HistogramOoo hooo) {
}
