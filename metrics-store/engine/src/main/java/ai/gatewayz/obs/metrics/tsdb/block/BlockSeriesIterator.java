package ai.gatewayz.obs.metrics.tsdb.block;

import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.storage.chunkenc.BlockXorChunk;
import ai.gatewayz.obs.storage.chunkenc.ChunkDecoder;
import ai.gatewayz.obs.storage.chunkenc.DecimalChunk;
import ai.gatewayz.obs.storage.chunkenc.PackedChunk;
import ai.gatewayz.obs.storage.chunkenc.XorChunk;

/**
 * Iterates one block series' samples within {@code [mint, maxt]}, reading each chunk from the
 * mapped file into a reused buffer as it is reached. Reusable via {@link #reset}. Not thread-safe.
 */
public final class BlockSeriesIterator implements SampleIterator {
    /** One reusable decoder per encoding byte of {@link BlockFiles} (Block.readChunk rejects others). */
    private final ChunkDecoder[] decoders = new ChunkDecoder[BlockFiles.ENC_PACKED + 1];
    private ChunkDecoder cur;
    private final byte[][] buf = {new byte[256]};
    private BlockSeries s;
    private long mint;
    private long maxt;
    private int chunk;
    private boolean inChunk;
    private boolean done;

    public BlockSeriesIterator() {
        decoders[BlockFiles.ENC_XOR] = new XorChunk.Iterator();
        decoders[BlockFiles.ENC_BLOCK_XOR] = new BlockXorChunk.Iterator();
        decoders[BlockFiles.ENC_DECIMAL] = new DecimalChunk.Iterator();
        decoders[BlockFiles.ENC_PACKED] = new PackedChunk.Iterator();
    }

    public BlockSeriesIterator reset(BlockSeries series, long mint, long maxt) {
        this.s = series;
        this.mint = mint;
        this.maxt = maxt;
        this.chunk = -1;
        this.inChunk = false;
        this.done = false;
        return this;
    }

    private boolean openNext(long from) {
        while (++chunk < s.refs().length) {
            if (s.maxT()[chunk] < from) {
                continue;
            }
            if (s.minT()[chunk] > maxt) {
                break;
            }
            long r = s.block().readChunk(s.refs()[chunk], buf);
            int len = (int) r;
            int enc = (int) (r >>> 32);
            if (enc >= decoders.length) {
                throw new ai.gatewayz.obs.storage.io.CorruptDataException("float chunk reference points at a chunk of encoding "
                        + enc + " [block=" + s.block().dir() + ", ref=" + s.refs()[chunk] + "]");
            }
            cur = decoders[enc].reset(buf[0], len);
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
            while (cur.next()) {
                long t = t();
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
        if (inChunk && t() >= t && chunk >= 0 && mint > t()) {
            return true; // already positioned at or after t
        }
        if (inChunk && s.maxT()[chunk] < t) {
            inChunk = false; // skip the rest of this chunk without decoding it
        }
        return advance(Math.max(t, mint));
    }

    @Override
    public long t() {
        return cur.t();
    }

    @Override
    public double v() {
        return Double.longBitsToDouble(bits());
    }

    public long bits() {
        return cur.bits();
    }
}
