package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.storage.HistogramIterator;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.Series;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.tsdb.block.Block;
import ai.gatewayz.obs.metrics.tsdb.block.BlockHistogramIterator;
import ai.gatewayz.obs.metrics.tsdb.block.BlockSeries;
import ai.gatewayz.obs.metrics.tsdb.block.BlockSeriesIterator;
import ai.gatewayz.obs.metrics.tsdb.block.MergedHistogramIterator;
import ai.gatewayz.obs.metrics.tsdb.block.MergedSampleIterator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

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
                if (s.lastT < mint && s.oooMaxT() < mint) {
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
        Probe probe = new Probe();
        List<Block> inRange = new ArrayList<>();
        for (Block b : blocks) {
            if (b.meta().overlaps(mint, maxt)) {
                inRange.add(b);
            }
        }
        List<Series> out = new ArrayList<>(snaps.size());
        if (inRange.isEmpty()) {
            for (SeriesSnapshot s : snaps) {
                if (probe.any(s, mint, maxt)) {
                    out.add(new TsdbSeries(s, mint, maxt));
                }
            }
        } else {
            HashMap<Labels, MergedSeries> byLabels = new HashMap<>();
            for (SeriesSnapshot s : snaps) {
                if (probe.any(s, mint, maxt)) {
                    MergedSeries m = new MergedSeries(s.labels(), s, new ArrayList<>(2), mint, maxt);
                    byLabels.put(s.labels(), m);
                    out.add(m);
                }
            }
            for (Block b : inRange) {
                for (long ord : b.candidates(matchers)) {
                    BlockSeries bs = b.series(ord);
                    if (!bs.overlaps(mint, maxt) || !matchesAll(matchers, bs.labels()) || !probe.any(bs, mint, maxt)) {
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

    /**
     * From the indexes, without decoding chunks: the head's postings (series live with data in
     * range), then every block overlapping the range. A block inside the range and without matchers
     * answers from its postings table; with matchers that cannot match the empty string, from the
     * value postings intersected with the matchers' postings; otherwise the candidate series'
     * labels and chunk ranges are read.
     */
    @Override
    public List<String> labelValues(String name, List<LabelMatcher> matchers) {
        TreeSet<String> out = new TreeSet<>();
        List<Block> blocks = headThen(() -> db.headLabelValuesLocked(name, matchers, mint, maxt, out));
        for (Block b : blocks) {
            if (!b.meta().overlaps(mint, maxt)) {
                continue;
            }
            boolean covered = b.meta().minTime() >= mint && b.meta().maxTime() - 1 <= maxt;
            if (covered && matchers.isEmpty()) {
                out.addAll(b.labelValues(name));
            } else if (covered && matchers.stream().noneMatch(LabelMatcher::matchesEmpty)) {
                out.addAll(b.labelValues(name, b.candidates(matchers)));
            } else {
                forEachSeries(b, matchers, l -> {
                    String v = l.get(name);
                    if (!v.isEmpty()) {
                        out.add(v);
                    }
                });
            }
        }
        return new ArrayList<>(out);
    }

    /** Like {@link #labelValues}: the head's postings, then each overlapping block's postings table or series. */
    @Override
    public List<String> labelNames(List<LabelMatcher> matchers) {
        TreeSet<String> out = new TreeSet<>();
        List<Block> blocks = headThen(() -> db.headLabelNamesLocked(matchers, mint, maxt, out));
        for (Block b : blocks) {
            if (!b.meta().overlaps(mint, maxt)) {
                continue;
            }
            boolean covered = b.meta().minTime() >= mint && b.meta().maxTime() - 1 <= maxt;
            if (covered && matchers.isEmpty()) {
                out.addAll(b.labelNames());
            } else {
                forEachSeries(b, matchers, l -> l.forEach((n, v) -> {
                    if (!v.isEmpty()) {
                        out.add(n);
                    }
                }));
            }
        }
        return new ArrayList<>(out);
    }

    /** Runs {@code head} under the read lock and returns the blocks consistent with it. */
    private List<Block> headThen(Runnable head) {
        db.lock.readLock().lock();
        try {
            head.run();
            return db.blocks.list();
        } finally {
            db.lock.readLock().unlock();
        }
    }

    /** Labels of the block's series matching every matcher with a chunk overlapping the range. */
    private void forEachSeries(Block b, List<LabelMatcher> matchers, Consumer<Labels> action) {
        for (long ord : b.candidates(matchers)) {
            BlockSeries bs = b.series(ord);
            if (bs.overlaps(mint, maxt) && matchesAll(matchers, bs.labels())) {
                action.accept(bs.labels());
            }
        }
    }

    /** Checks whether a series has a float or histogram sample in range, with reused iterators. */
    private static final class Probe {
        private final ChunkSeriesIterator head = new ChunkSeriesIterator();
        private final HeadHistogramIterator headH = new HeadHistogramIterator();
        private final BlockSeriesIterator block = new BlockSeriesIterator();
        private final BlockHistogramIterator blockH = new BlockHistogramIterator();

        boolean any(SeriesSnapshot s, long mint, long maxt) {
            return head.reset(s, mint, maxt).next() || s.hasHistograms() && headH.reset(s, mint, maxt).next();
        }

        boolean any(BlockSeries s, long mint, long maxt) {
            return block.reset(s, mint, maxt).next() || s.histogramsOverlap(mint, maxt) && blockH.reset(s, mint, maxt).next();
        }
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

        @Override
        public HistogramIterator histogramIterator(HistogramIterator reuse) {
            List<HistogramIterator> its = new ArrayList<>(blocks.size() + 1);
            if (head != null && head.hasHistograms()) {
                its.add(reuse instanceof HeadHistogramIterator h && blocks.isEmpty() ? h.reset(head, mint, maxt)
                        : new HeadHistogramIterator().reset(head, mint, maxt));
            }
            for (BlockSeries b : blocks) {
                if (b.histogramsOverlap(mint, maxt)) {
                    its.add(its.isEmpty() && reuse instanceof BlockHistogramIterator h ? h.reset(b, mint, maxt)
                            : new BlockHistogramIterator().reset(b, mint, maxt));
                }
            }
            if (its.isEmpty()) {
                return HistogramIterator.EMPTY;
            }
            return its.size() == 1 ? its.getFirst() : new MergedHistogramIterator(its.toArray(HistogramIterator[]::new));
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

        @Override
        public HistogramIterator histogramIterator(HistogramIterator reuse) {
            if (!snap.hasHistograms()) {
                return HistogramIterator.EMPTY;
            }
            HeadHistogramIterator it = reuse instanceof HeadHistogramIterator h ? h : new HeadHistogramIterator();
            return it.reset(snap, mint, maxt);
        }
    }
}
