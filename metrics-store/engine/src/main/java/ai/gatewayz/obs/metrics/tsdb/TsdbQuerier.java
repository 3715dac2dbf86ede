package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.Series;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.tsdb.block.Block;
import ai.gatewayz.obs.metrics.tsdb.block.BlockSeries;
import ai.gatewayz.obs.metrics.tsdb.block.BlockSeriesIterator;
import ai.gatewayz.obs.metrics.tsdb.block.MergedSampleIterator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Selects series from the head by postings, copying what it needs under the read lock (chunk
 * references are immutable; the open chunk is copied), and from every block overlapping the range
 * by that block's postings; a series found in several places is merged sample by sample with
 * equal timestamps de-duplicated (the head wins). Decodes lazily. Not thread-safe.
 */
final class TsdbQuerier implements Querier {
    private final Tsdb db;
    private final long mint;
    private final long maxt;

    TsdbQuerier(Tsdb db, long mint, long maxt) {
        this.db = db;
        this.mint = mint;
        this.maxt = maxt;
    }

    static boolean matchesAll(List<LabelMatcher> matchers, Labels labels) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public SeriesSet select(boolean sorted, List<LabelMatcher> matchers) {
        List<SeriesSnapshot> snaps = new ArrayList<>();
        List<Block> blocks;
        db.lock.readLock().lock();
        try {
            blocks = db.blocks.list(); // consistent with the head: a cut swaps both under the write lock
            for (long ref : db.candidatesLocked(matchers)) {
                MemSeries s = db.byRef.get(ref);
                if (s == null || s.hasNoData() || !matchesAll(matchers, s.labels)) {
                    continue;
                }
                if (s.lastT < mint && (s.ooo == null || s.ooo.lastKey() < mint)) {
                    continue;
                }
                if (s.minT() > maxt) {
                    continue;
                }
                snaps.add(s.snapshot());
            }
        } finally {
            db.lock.readLock().unlock();
        }
        ChunkSeriesIterator probe = new ChunkSeriesIterator();
        List<Block> inRange = new ArrayList<>();
        for (Block b : blocks) {
            if (b.meta().overlaps(mint, maxt)) {
                inRange.add(b);
            }
        }
        List<Series> out = new ArrayList<>(snaps.size());
        if (inRange.isEmpty()) {
            for (SeriesSnapshot s : snaps) {
                if (probe.reset(s, mint, maxt).next()) {
                    out.add(new TsdbSeries(s, mint, maxt));
                }
            }
        } else {
            HashMap<Labels, MergedSeries> byLabels = new HashMap<>();
            for (SeriesSnapshot s : snaps) {
                if (probe.reset(s, mint, maxt).next()) {
                    MergedSeries m = new MergedSeries(s.labels(), s, new ArrayList<>(2), mint, maxt);
                    byLabels.put(s.labels(), m);
                    out.add(m);
                }
            }
            BlockSeriesIterator blockProbe = new BlockSeriesIterator();
            for (Block b : inRange) {
                for (long ord : b.candidates(matchers)) {
                    BlockSeries bs = b.series(ord);
                    if (!bs.overlaps(mint, maxt) || !matchesAll(matchers, bs.labels()) || !blockProbe.reset(bs, mint, maxt).next()) {
                        continue;
                    }
                    MergedSeries m = byLabels.get(bs.labels());
                    if (m == null) {
                        m = new MergedSeries(bs.labels(), null, new ArrayList<>(2), mint, maxt);
                        byLabels.put(bs.labels(), m);
                        out.add(m);
                    }
                    m.blocks().add(bs);
                }
            }
        }
        if (sorted) {
            out.sort((a, b) -> a.labels().compareTo(b.labels()));
        }
        return SeriesSet.of(out);
    }

    /** One series found in the head and/or blocks; samples merged and de-duplicated on read. */
    private record MergedSeries(Labels labels, SeriesSnapshot head, List<BlockSeries> blocks, long mint, long maxt)
            implements Series {
        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            if (blocks.isEmpty()) {
                ChunkSeriesIterator it = reuse instanceof ChunkSeriesIterator c ? c : new ChunkSeriesIterator();
                return it.reset(head, mint, maxt);
            }
            if (head == null && blocks.size() == 1) {
                BlockSeriesIterator it = reuse instanceof BlockSeriesIterator c ? c : new BlockSeriesIterator();
                return it.reset(blocks.getFirst(), mint, maxt);
            }
            SampleIterator[] its = new SampleIterator[blocks.size() + (head == null ? 0 : 1)];
            int i = 0;
            if (head != null) {
                its[i++] = new ChunkSeriesIterator().reset(head, mint, maxt);
            }
            for (BlockSeries b : blocks) {
                its[i++] = new BlockSeriesIterator().reset(b, mint, maxt);
            }
            return new MergedSampleIterator(its);
        }
    }

    @Override
    public void close() {
        // snapshots are garbage-collected
    }

    /** One selected series. */
    private record TsdbSeries(SeriesSnapshot snap, long mint, long maxt) implements Series {
        @Override
        public Labels labels() {
            return snap.labels();
        }

        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            ChunkSeriesIterator it = reuse instanceof ChunkSeriesIterator c ? c : new ChunkSeriesIterator();
            return it.reset(snap, mint, maxt);
        }
    }
}
