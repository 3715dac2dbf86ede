package ai.gatewayz.obs.metrics.tsdb.block;

import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.storage.HistogramIterator;

/**
 * Merges the histogram iterators of one series from several sources in time order; equal
 * timestamps are emitted once, from the earliest source in the array (the head first, so the
 * newest write wins). The histogram counterpart of {@link MergedSampleIterator}. Not thread-safe.
 */
public final class MergedHistogramIterator implements HistogramIterator {
    private final HistogramIterator[] its;
    private final boolean[] has;
    private final long[] ts;
    private int cur = -1;
    private boolean started;

    public MergedHistogramIterator(HistogramIterator[] its) {
        this.its = its;
        this.has = new boolean[its.length];
        this.ts = new long[its.length];
    }

    private boolean pick() {
        cur = -1;
        for (int i = 0; i < its.length; i++) {
            if (has[i] && (cur < 0 || ts[i] < ts[cur])) {
                cur = i;
            }
        }
        return cur >= 0;
    }

    @Override
    public boolean next() {
        if (!started) {
            started = true;
            for (int i = 0; i < its.length; i++) {
                has[i] = its[i].next();
                ts[i] = has[i] ? its[i].t() : 0;
            }
            return pick();
        }
        if (cur < 0) {
            return false;
        }
        long t = ts[cur];
        for (int i = 0; i < its.length; i++) {
            if (has[i] && ts[i] == t) {
                has[i] = its[i].next();
                ts[i] = has[i] ? its[i].t() : 0;
            }
        }
        return pick();
    }

    @Override
    public boolean seek(long t) {
        if (started && cur >= 0 && ts[cur] >= t) {
            return true;
        }
        if (started && cur < 0) {
            return false;
        }
        for (int i = 0; i < its.length; i++) {
            if (!started || (has[i] && ts[i] < t)) {
                has[i] = its[i].seek(t);
                ts[i] = has[i] ? its[i].t() : 0;
            }
        }
        started = true;
        return pick();
    }

    @Override
    public long t() {
        return ts[cur];
    }

    @Override
    public Histogram h() {
        return its[cur].h();
    }
}
