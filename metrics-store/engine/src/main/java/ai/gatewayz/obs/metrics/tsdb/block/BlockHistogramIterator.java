package ai.gatewayz.obs.metrics.tsdb.block;

import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.storage.HistogramIterator;
import ai.gatewayz.obs.metrics.tsdb.HistogramChunk;
import ai.gatewayz.obs.storage.io.CorruptDataException;

/**
 * Iterates one block series' native histogram samples within {@code [mint, maxt]}, reading each
 * histogram chunk from the mapped file into a reused buffer as it is reached; chunks ending before
 * the range or a seek target are not read. Reusable via {@link #reset}. Not thread-safe.
 */
public final class BlockHistogramIterator implements HistogramIterator {
    private final HistogramChunk.Iterator decoder = new HistogramChunk.Iterator(new byte[2]);
    private final byte[][] buf = {new byte[256]};
    private BlockSeries s;
    private long mint;
    private long maxt;
    private int chunk;
    private boolean inChunk;
    private boolean done;

    public BlockHistogramIterator reset(BlockSeries series, long mint, long maxt) {
        this.s = series;
        this.mint = mint;
        this.maxt = maxt;
        this.chunk = -1;
        this.inChunk = false;
        this.done = false;
        return this;
    }

    private boolean openNext(long from) {
        while (++chunk < s.hRefs().length) {
            if (s.hMaxT()[chunk] < from) {
                continue;
            }
            if (s.hMinT()[chunk] > maxt) {
                break;
            }
            long r = s.block().readChunk(s.hRefs()[chunk], buf);
            if ((int) (r >>> 32) != BlockFiles.ENC_HISTOGRAM) {
                throw new CorruptDataException("histogram chunk reference points at a chunk of encoding " + (r >>> 32)
                        + " [block=" + s.block().dir() + ", ref=" + s.hRefs()[chunk] + "]");
            }
            decoder.reset(buf[0], (int) r);
            inChunk = true;
            return true;
        }
        inChunk = false;
        done = true;
        return false;
    }

    @Override
    public boolean next() {
        return advance(mint);
    }

    private boolean advance(long from) {
        while (!done) {
            if (!inChunk && !openNext(from)) {
                return false;
            }
            while (decoder.next()) {
                long t = decoder.t();
                if (t < from) {
                    continue;
                }
                if (t > maxt) {
                    done = true;
                    return false;
                }
                mint = Math.max(mint, t + 1);
                return true;
            }
            inChunk = false;
        }
        return false;
    }

    @Override
    public boolean seek(long t) {
        if (done) {
            return false;
        }
        if (inChunk && decoder.t() >= t && mint > decoder.t()) {
            return true;
        }
        if (inChunk && s.hMaxT()[chunk] < t) {
            inChunk = false;
        }
        return advance(Math.max(t, mint));
    }

    @Override
    public long t() {
        return decoder.t();
    }

    @Override
    public Histogram h() {
        return decoder.h();
    }
}
