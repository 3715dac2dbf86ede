package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.Series;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Selects series from the head by postings, copying what it needs under the read lock (chunk
 * references are immutable; the open chunk is copied), then decodes lazily. Not thread-safe.
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
        db.lock.readLock().lock();
        try {
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
        List<Series> out = new ArrayList<>(snaps.size());
        ChunkSeriesIterator probe = new ChunkSeriesIterator();
        for (SeriesSnapshot s : snaps) {
            if (probe.reset(s, mint, maxt).next()) {
                out.add(new TsdbSeries(s, mint, maxt));
            }
        }
        if (sorted) {
            out.sort((a, b) -> a.labels().compareTo(b.labels()));
        }
        return SeriesSet.of(out);
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
