package ai.gatewayz.obs.metrics.tsdb.block;

import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.tsdb.HistogramChunk;

/**
 * Re-encodes one series' histogram samples (strictly increasing timestamps) into
 * {@link HistogramChunk}s of at most {@code maxPoints} points for a {@link BlockWriter}; the
 * histogram counterpart of {@link ChunkRecoder}. Reusable: {@link #flush()} ends a series. Not
 * thread-safe.
 */
public final class HistogramChunkRecoder {
    private final BlockWriter w;
    private final int maxPoints;
    private HistogramChunk.Appender cur;
    private long minT;
    private long maxT;

    public HistogramChunkRecoder(BlockWriter w, int maxPoints) {
        this.w = w;
        this.maxPoints = Math.min(maxPoints, HistogramChunk.MAX_POINTS);
    }

    public void add(long t, Histogram h) {
        if (cur == null) {
            cur = new HistogramChunk.Appender();
            minT = t;
        }
        cur.append(t, h);
        maxT = t;
        if (cur.count() >= maxPoints) {
            flush();
        }
    }

    /** Writes the pending chunk, if any. */
    public void flush() {
        if (cur == null) {
            return;
        }
        byte[] b = cur.bytes();
        w.addHistogramChunk(minT, maxT, b, b.length);
        cur = null;
    }
}
