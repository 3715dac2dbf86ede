package ai.gatewayz.obs.metrics.tsdb.block;

import ai.gatewayz.obs.storage.chunkenc.BlockXorChunk;
import ai.gatewayz.obs.storage.chunkenc.DecimalChunk;
import ai.gatewayz.obs.storage.chunkenc.PackedChunk;
import ai.gatewayz.obs.storage.chunkenc.XorChunk;

/**
 * Re-encodes one series' samples (strictly increasing timestamps) into chunks of at most
 * {@code maxPoints} points and hands them to a {@link BlockWriter}: each chunk is encoded as
 * {@link PackedChunk}, {@link DecimalChunk} (when its values are short decimals) and
 * {@link BlockXorChunk}, and the smallest is written (ties: the earlier in that order, PACKED
 * decoding fastest). Longer chunks than the head's 120 points cut the per-chunk cost (first
 * timestamp and value in full, length, CRC, index entry). Reusable: {@link #flush()} ends a
 * series. Not thread-safe.
 */
public final class ChunkRecoder {
    private final BlockWriter w;
    private final int maxPoints;
    private final long[] ts;
    private final long[] bits;
    private final PackedChunk.Encoder packed = new PackedChunk.Encoder();
    private int n;

    public ChunkRecoder(BlockWriter w, int maxPoints) {
        this.w = w;
        this.maxPoints = Math.min(maxPoints, XorChunk.MAX_POINTS);
        this.ts = new long[this.maxPoints];
        this.bits = new long[this.maxPoints];
    }

    public void add(long t, long valueBits) {
        ts[n] = t;
        bits[n++] = valueBits;
        if (n >= maxPoints) {
            flush();
        }
    }

    /** Writes the pending chunk, if any. */
    public void flush() {
        if (n == 0) {
            return;
        }
        BlockXorChunk.Appender x = new BlockXorChunk.Appender(16 + n * 2);
        for (int i = 0; i < n; i++) {
            x.append(ts[i], bits[i]);
        }
        byte[] xb = x.toByteArray();
        byte[] db = DecimalChunk.encode(ts, bits, n);
        byte[] pb = packed.encode(ts, bits, n);
        if (pb.length <= xb.length && (db == null || pb.length <= db.length)) {
            w.addChunk(ts[0], ts[n - 1], BlockFiles.ENC_PACKED, pb, pb.length);
        } else if (db != null && db.length < xb.length) {
            w.addChunk(ts[0], ts[n - 1], BlockFiles.ENC_DECIMAL, db, db.length);
        } else {
            w.addChunk(ts[0], ts[n - 1], BlockFiles.ENC_BLOCK_XOR, xb, xb.length);
        }
        n = 0;
    }
}
