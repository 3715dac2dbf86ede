package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.storage.chunkenc.XorChunk;
import java.util.List;

/**
 * Iterates the samples of a {@link SeriesSnapshot} within {@code [mint, maxt]}: the in-order chunks
 * merged with the out-of-order points (which win on equal timestamps). Reusable via {@link #reset}.
 * Not thread-safe.
 */
final class ChunkSeriesIterator implements SampleIterator {
    private final XorChunk.Iterator chunkIt = new XorChunk.Iterator();
    private List<ChunkMeta> chunks;
    private long[] oooT;
    private long[] oooB;
    private long mint;
    private long maxt;
    private int chunkIdx;
    private boolean chunkHas; // chunkIt positioned on a valid point
    private boolean started;
    private int oooIdx;
    private long t;
    private long bits;
    private boolean done;

    ChunkSeriesIterator reset(SeriesSnapshot s, long mint, long maxt) {
        this.chunks = s.chunks();
        this.oooT = s.oooT();
        this.oooB = s.oooBits();
        this.mint = mint;
        this.maxt = maxt;
        this.chunkIdx = -1;
        this.chunkHas = false;
        this.started = false;
        this.oooIdx = 0;
        this.done = false;
        return this;
    }

    /** Advances the chunk cursor to its next point, opening later chunks as needed. */
    private void advanceChunk() {
        while (true) {
            if (chunkIdx >= 0 && chunkIdx < chunks.size() && chunkIt.next()) {
                chunkHas = true;
                return;
            }
            chunkIdx++;
            if (chunkIdx >= chunks.size()) {
                chunkHas = false;
                return;
            }
            ChunkMeta c = chunks.get(chunkIdx);
            if (c.maxT() < mint) {
                chunkIdx = chunkIdx; // skip whole chunk
                chunkIt.reset(new byte[] {0, 0});
                continue;
            }
            chunkIt.reset(c.bytes());
        }
    }

    private boolean step() {
        if (!started) {
            started = true;
            advanceChunk();
            while (chunkHas && chunkIt.t() < mint) {
                advanceChunk();
            }
            while (oooT != null && oooIdx < oooT.length && oooT[oooIdx] < mint) {
                oooIdx++;
            }
        }
        boolean haveO = oooT != null && oooIdx < oooT.length;
        if (!chunkHas && !haveO) {
            return false;
        }
        if (haveO && (!chunkHas || oooT[oooIdx] <= chunkIt.t())) {
            t = oooT[oooIdx];
            bits = oooB[oooIdx];
            oooIdx++;
            if (chunkHas && chunkIt.t() == t) {
                advanceChunk();
            }
        } else {
            t = chunkIt.t();
            bits = chunkIt.bits();
            advanceChunk();
        }
        return true;
    }

    @Override
    public boolean next() {
        if (done) {
            return false;
        }
        if (!step() || t > maxt) {
            done = true;
            return false;
        }
        return true;
    }

    @Override
    public boolean seek(long target) {
        if (done) {
            return false;
        }
        if (started && t >= target && chunkIdxValid()) {
            return true;
        }
        if (!started && target > mint) {
            mint = target; // lets the first step skip whole chunks
        }
        if (!started) {
            return next();
        }
        while (next()) {
            if (t >= target) {
                return true;
            }
        }
        return false;
    }

    private boolean chunkIdxValid() {
        return !done;
    }

    @Override
    public long t() {
        return t;
    }

    @Override
    public double v() {
        return Double.longBitsToDouble(bits);
    }

    /** Raw bits of the current value. */
    long bits() {
        return bits;
    }
}
