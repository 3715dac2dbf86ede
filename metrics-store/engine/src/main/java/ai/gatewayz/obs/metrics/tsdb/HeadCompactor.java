package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.metrics.tsdb.block.Block;
import ai.gatewayz.obs.metrics.tsdb.block.BlockMeta;
import ai.gatewayz.obs.metrics.tsdb.block.BlockWriter;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.tsdb.block.ChunkRecoder;
import ai.gatewayz.obs.metrics.tsdb.block.HistogramChunkRecoder;
import ai.gatewayz.obs.storage.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cuts the head's samples before {@code end} into a level-1 block and drops them from memory, in
 * three steps so that appends do not wait for the block write:
 *
 * <ol>
 *   <li>under the read lock, snapshot every series holding data below the cut (chunk lists are
 *       shared, the open chunk is copied) with its newest timestamp and out-of-order count;</li>
 *   <li>without a lock, write the block from the snapshots (re-encoded, fsynced, renamed);</li>
 *   <li>under the write lock, publish the block and trim the series: chunks straddling the cut are
 *       re-encoded with only their later samples. A series that took samples below the cut after
 *       its snapshot (a lagging series or a late sample) keeps exactly those in its out-of-order
 *       buffer; the next cut persists them into an overlapping block that compaction merges.</li>
 * </ol>
 *
 * Every sample below the cut is thus in the block or still in the head, never in neither, and a
 * querier (which reads the block list under the read lock) never sees it twice or not at all.
 */
final class HeadCompactor {
    private static final System.Logger LOG = System.getLogger(HeadCompactor.class.getName());

    private HeadCompactor() {
    }

    /** Writes {@code [start, end)} of the head into a block (null when it holds no sample). Call without the head lock. */
    static Block cut(Tsdb db, TsdbBlocks blocks, long start, long end) {
        long t0 = System.nanoTime();
        List<MemSeries> in = new ArrayList<>();
        List<SeriesSnapshot> snaps = new ArrayList<>();
        long[] lastT;
        int[] oooBelow;
        db.lock.readLock().lock();
        try {
            for (MemSeries s : db.byRef.values()) {
                if (!s.hasNoData() && s.minT() < end) {
                    in.add(s);
                }
            }
            in.sort((a, b) -> a.labels.compareTo(b.labels));
            lastT = new long[in.size()];
            oooBelow = new int[in.size()];
            for (int i = 0; i < in.size(); i++) {
                MemSeries s = in.get(i);
                snaps.add(s.snapshot());
                lastT[i] = s.lastT;
                oooBelow[i] = oooBelow(s, end);
            }
        } finally {
            db.lock.readLock().unlock();
        }
        if (in.isEmpty()) {
            return null;
        }
        long t1 = System.nanoTime();
        BlockMeta meta;
        try (BlockWriter w = BlockWriter.create(blocks.dir(), blocks.newId())) {
            ChunkRecoder rec = new ChunkRecoder(w, db.opts.blockChunkPoints());
            HistogramChunkRecoder hrec = new HistogramChunkRecoder(w, db.opts.blockChunkPoints());
            ChunkSeriesIterator it = new ChunkSeriesIterator();
            HeadHistogramIterator hit = new HeadHistogramIterator();
            long minSeen = start; // a late sample below start may have arrived since the span was measured
            for (SeriesSnapshot s : snaps) {
                w.startSeries(s.labels());
                it.reset(s, Long.MIN_VALUE, end - 1);
                while (it.next()) {
                    minSeen = Math.min(minSeen, it.t());
                    rec.add(it.t(), it.bits());
                }
                rec.flush();
                if (s.hasHistograms()) {
                    hit.reset(s, Long.MIN_VALUE, end - 1);
                    while (hit.next()) {
                        minSeen = Math.min(minSeen, hit.t());
                        hrec.add(hit.t(), hit.h());
                    }
                    hrec.flush();
                }
            }
            meta = w.commit(minSeen, end, 1, List.of());
        }
        Block block = Block.open(blocks.dir().resolve(meta.id()));
        long t2 = System.nanoTime();
        int kept = 0;
        db.lock.writeLock().lock();
        try {
            blocks.add(block);
            for (int i = 0; i < in.size(); i++) {
                MemSeries s = in.get(i);
                boolean newInOrder = lastT[i] < end - 1 && s.lastT > lastT[i];
                boolean newLate = oooBelow(s, end) != oooBelow[i];
                if (!newInOrder && !newLate) {
                    trimBefore(s, end);
                    continue;
                }
                SeriesSnapshot now = s.snapshot();
                TreeMap<Long, Long> extra = below(now, end);
                extra.keySet().removeAll(below(snaps.get(i), end).keySet());
                TreeMap<Long, Histogram> extraH = belowHistograms(now, end);
                extraH.keySet().removeAll(belowHistograms(snaps.get(i), end).keySet());
                trimBefore(s, end);
                for (Map.Entry<Long, Long> e : extra.entrySet()) {
                    s.appendOutOfOrder(e.getKey(), e.getValue());
                    kept++;
                }
                for (Map.Entry<Long, Histogram> e : extraH.entrySet()) {
                    s.appendHistogramOutOfOrder(e.getKey(), e.getValue());
                    kept++;
                }
            }
        } finally {
            db.lock.writeLock().unlock();
        }
        LOG.log(System.Logger.Level.INFO, "head cut into block [id=" + meta.id() + ", minTime=" + meta.minTime()
                + ", maxTime=" + meta.maxTime() + ", series=" + meta.numSeries() + ", samples=" + meta.numSamples()
                + ", bytes=" + block.sizeBytes() + ", writeMillis=" + (t2 - t1) / 1_000_000
                + ", lockMillis=" + (System.nanoTime() - t2) / 1_000_000 + ", totalMillis=" + (System.nanoTime() - t0) / 1_000_000
                + ", lateKeptInHead=" + kept + "]");
        return block;
    }

    private static TreeMap<Long, Long> below(SeriesSnapshot s, long end) {
        TreeMap<Long, Long> out = new TreeMap<>();
        ChunkSeriesIterator it = new ChunkSeriesIterator().reset(s, Long.MIN_VALUE, end - 1);
        while (it.next()) {
            out.put(it.t(), it.bits());
        }
        return out;
    }

    private static int oooBelow(MemSeries s, long end) {
        return (s.ooo == null ? 0 : s.ooo.headMap(end).size()) + (s.hooo == null ? 0 : s.hooo.headMap(end).size());
    }

    private static TreeMap<Long, Histogram> belowHistograms(SeriesSnapshot s, long end) {
        TreeMap<Long, Histogram> out = new TreeMap<>();
        if (!s.hasHistograms()) {
            return out;
        }
        HeadHistogramIterator it = new HeadHistogramIterator().reset(s, Long.MIN_VALUE, end - 1);
        while (it.next()) {
            out.put(it.t(), it.h());
        }
        return out;
    }

    /** Drops a series' histogram samples before {@code end}. */
    private static void trimHistogramsBefore(MemSeries s, long end) {
        if (s.hclosed == null) {
            return;
        }
        while (!s.hclosed.isEmpty() && s.hclosed.getFirst().maxT() < end) {
            s.hclosed.removeFirst();
        }
        if (!s.hclosed.isEmpty() && s.hclosed.getFirst().minT() < end) {
            ChunkMeta c = s.hclosed.getFirst();
            HistogramChunk.Appender a = recodeHistograms(c.bytes(), end);
            s.hclosed.set(0, new ChunkMeta(Math.max(end, firstHistogramT(a, end)), c.maxT(), a.bytes()));
        } else if (s.hclosed.isEmpty() && s.hopen != null && s.hopen.count() > 0 && s.hopenMinT < end) {
            if (s.hopenMaxT < end) {
                s.hopen = null;
            } else {
                HistogramChunk.Appender a = recodeHistograms(s.hopen.bytes(), end);
                s.hopenMinT = firstHistogramT(a, end);
                s.hopen = a;
            }
        }
        if (s.hooo != null) {
            s.hooo.headMap(end).clear();
        }
    }

    private static HistogramChunk.Appender recodeHistograms(byte[] chunk, long from) {
        HistogramChunk.Appender a = new HistogramChunk.Appender();
        HistogramChunk.Iterator it = new HistogramChunk.Iterator(chunk);
        while (it.next()) {
            if (it.t() >= from) {
                a.append(it.t(), it.h());
            }
        }
        return a;
    }

    private static long firstHistogramT(HistogramChunk.Appender a, long from) {
        HistogramChunk.Iterator it = new HistogramChunk.Iterator(a.bytes());
        return it.next() ? it.t() : from;
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
        trimHistogramsBefore(s, end);
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
