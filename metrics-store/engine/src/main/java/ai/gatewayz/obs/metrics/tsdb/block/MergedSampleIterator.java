package ai.gatewayz.obs.metrics.tsdb.block;

import ai.gatewayz.obs.metrics.storage.SampleIterator;

/**
 * Merges the sample iterators of one series from several sources (the head and blocks) in time
 * order. Samples with equal timestamps are emitted once, from the earliest source in the array
 * (callers put the head first, so the newest write wins). Not thread-safe.
 */
public final class MergedSampleIterator implements SampleIterator {
    private final SampleIterator[] its;
    private final boolean[] has;
    private final long[] ts;
    private int cur = -1;
    private boolean started;

    public MergedSampleIterator(SampleIterator[] its) {
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
    public double v() {
        return its[cur].v();
    }

    /** The raw bits of the current value (exact for every NaN payload when the source is a block). */
    public long bits() {
        return its[cur] instanceof BlockSeriesIterator b ? b.bits() : Double.doubleToRawLongBits(its[cur].v());
    }
}
