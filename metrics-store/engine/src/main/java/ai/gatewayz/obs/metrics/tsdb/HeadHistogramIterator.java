package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.storage.HistogramIterator;
import java.util.List;

/**
 * Iterates the histogram samples of a {@link SeriesSnapshot} within {@code [mint, maxt]}: its
 * histogram chunks merged with its out-of-order histograms (which win on equal timestamps).
 * Chunks ending before the range (or before a seek target) are skipped undecoded. Reusable via
 * {@link #reset}. Not thread-safe.
 */
final class HeadHistogramIterator implements HistogramIterator {
    private final HistogramChunk.Iterator chunkIt = new HistogramChunk.Iterator(new byte[2]);
    private List<ChunkMeta> chunks;
    private long[] oooT;
    private Histogram[] oooH;
    private long mint;
    private long maxt;
    private int chunkIdx;
    private boolean chunkHas;
    private boolean started;
    private int oooIdx;
    private long t;
    private Histogram h;
    private boolean done;

    HeadHistogramIterator reset(SeriesSnapshot s, long mint, long maxt) {
        this.chunks = s.hchunks();
        this.oooT = s.hooo() == null ? null : s.hooo().t();
        this.oooH = s.hooo() == null ? null : s.hooo().h();
        this.mint = mint;
        this.maxt = maxt;
        this.chunkIdx = -1;
        this.chunkHas = false;
        this.started = false;
        this.oooIdx = 0;
        this.done = false;
        this.h = null;
        return this;
    }

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
                chunkIt.reset(new byte[2]);
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
            h = oooH[oooIdx];
            oooIdx++;
            if (chunkHas && chunkIt.t() == t) {
                advanceChunk();
            }
        } else {
            t = chunkIt.t();
            h = chunkIt.h();
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
        if (started && t >= target) {
            return true;
        }
        if (!started) {
            mint = Math.max(mint, target);
            return next();
        }
        while (next()) {
            if (t >= target) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long t() {
        return t;
    }

    @Override
    public Histogram h() {
        return h;
    }
}
