package ai.gatewayz.obs.metrics.tsdb.block;

import ai.gatewayz.obs.storage.chunkenc.BlockXorChunk;
import ai.gatewayz.obs.storage.chunkenc.XorChunk;

/**
 * Re-encodes one series' samples (strictly increasing timestamps) into {@link BlockXorChunk}s of at most
 * {@code maxPoints} points and hands them to a {@link BlockWriter}. Longer chunks than the head's
 * 120 points cut the per-chunk cost (first timestamp and value in full, length, CRC, index entry).
 * Reusable: {@link #flush()} ends a series. Not thread-safe.
 */
public final class ChunkRecoder {
    private final BlockWriter w;
    private final int maxPoints;
    private BlockXorChunk.Appender app;
    private long minT;
    private long lastT;

    public ChunkRecoder(BlockWriter w, int maxPoints) {
        this.w = w;
        this.maxPoints = Math.min(maxPoints, XorChunk.MAX_POINTS);
    }

    public void add(long t, long bits) {
        if (app == null) {
            app = new BlockXorChunk.Appender(64);
            minT = t;
        }
        app.append(t, bits);
        lastT = t;
        if (app.count() >= maxPoints) {
            flush();
        }
    }

    /** Writes the open chunk, if any. */
    public void flush() {
        if (app != null && app.count() > 0) {
            byte[] b = app.toByteArray();
            w.addChunk(minT, lastT, BlockFiles.ENC_BLOCK_XOR, b, b.length);
        }
        app = null;
    }
}
