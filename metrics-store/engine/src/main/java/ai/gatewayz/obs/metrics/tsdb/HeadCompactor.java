package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.metrics.tsdb.block.Block;
import ai.gatewayz.obs.metrics.tsdb.block.BlockMeta;
import ai.gatewayz.obs.metrics.tsdb.block.BlockWriter;
import ai.gatewayz.obs.metrics.tsdb.block.ChunkRecoder;
import ai.gatewayz.obs.storage.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cuts the head's samples before {@code end} into a level-1 block and drops them from memory. Runs
 * under the head's write lock (appends wait while the block is written): every sample below the
 * cut is either in the block or still in the head, never in neither. Chunks straddling the cut are
 * re-encoded with only their samples at or after it, so the head holds no data below the cut.
 */
final class HeadCompactor {
    private static final System.Logger LOG = System.getLogger(HeadCompactor.class.getName());
    private HeadCompactor() {
    }

    /** Writes {@code [start, end)} of the head into a block (null when it holds no sample). Call under the write lock. */
    static Block cutLocked(Tsdb db, TsdbBlocks blocks, long start, long end) {
        long t0 = System.nanoTime();
        List<MemSeries> in = new ArrayList<>();
        for (MemSeries s : db.byRef.values()) {
            if (!s.hasNoData() && s.minT() < end) {
                in.add(s);
            }
        }
        in.sort((a, b) -> a.labels.compareTo(b.labels));
        Block block = null;
        if (!in.isEmpty()) {
            BlockMeta meta;
            try (BlockWriter w = BlockWriter.create(blocks.dir(), blocks.newId())) {
                ChunkRecoder rec = new ChunkRecoder(w, db.opts.blockChunkPoints());
                ChunkSeriesIterator it = new ChunkSeriesIterator();
                for (MemSeries s : in) {
                    w.startSeries(s.labels);
                    it.reset(s.snapshot(), Long.MIN_VALUE, end - 1);
                    while (it.next()) {
                        rec.add(it.t(), it.bits());
                    }
                    rec.flush();
                }
                meta = w.commit(Math.min(start, in.stream().mapToLong(MemSeries::minT).min().orElse(start)), end, 1, List.of());
            }
            block = Block.open(blocks.dir().resolve(meta.id()));
            blocks.add(block);
            LOG.log(System.Logger.Level.INFO, "head cut into block [id=" + meta.id() + ", minTime=" + meta.minTime()
                    + ", maxTime=" + meta.maxTime() + ", series=" + meta.numSeries() + ", samples=" + meta.numSamples()
                    + ", bytes=" + block.sizeBytes() + ", lockMillis=" + (System.nanoTime() - t0) / 1_000_000 + "]");
        }
        for (MemSeries s : in) {
            trimBefore(s, end);
        }
        return block;
    }

    /** Drops a series' samples before {@code end}, keeping lastT (the in-order bound) as it is. */
    static void trimBefore(MemSeries s, long end) {
        while (!s.closed.isEmpty() && s.closed.getFirst().maxT() < end) {
            s.closed.removeFirst();
        }
        if (!s.closed.isEmpty() && s.closed.getFirst().minT() < end) {
            ChunkMeta c = s.closed.getFirst();
            XorChunk.Appender a = recode(c.bytes(), c.bytes().length, end);
            s.closed.set(0, new ChunkMeta(firstT(a, c.bytes(), end), c.maxT(), a.toByteArray()));
        } else if (s.closed.isEmpty() && s.open != null && s.open.count() > 0 && s.openMinT < end) {
            if (s.open.lastT() < end) {
                s.open = null;
            } else {
                byte[] b = s.open.toByteArray();
                XorChunk.Appender a = recode(b, b.length, end);
                s.openMinT = firstT(a, b, end);
                s.open = a;
            }
        }
        if (s.ooo != null) {
            Map<Long, Long> below = s.ooo.headMap(end);
            below.clear();
        }
    }

    private static XorChunk.Appender recode(byte[] chunk, int len, long from) {
        XorChunk.Appender a = new XorChunk.Appender(32);
        XorChunk.Iterator it = new XorChunk.Iterator().reset(chunk, len);
        while (it.next()) {
            if (it.t() >= from) {
                a.append(it.t(), it.bits());
            }
        }
        return a;
    }

    private static long firstT(XorChunk.Appender a, byte[] original, long from) {
        XorChunk.Iterator it = new XorChunk.Iterator().reset(a.toByteArray());
        return it.next() ? it.t() : from;
    }
}
