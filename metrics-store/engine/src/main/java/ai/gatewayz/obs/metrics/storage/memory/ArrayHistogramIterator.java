package ai.gatewayz.obs.metrics.storage.memory;

import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.storage.HistogramIterator;

/** Reusable iterator over parallel timestamp/histogram arrays sorted by timestamp. */
public final class ArrayHistogramIterator implements HistogramIterator {
    private long[] ts;
    private Histogram[] hs;
    private int n;
    private int i;

    public ArrayHistogramIterator reset(long[] ts, Histogram[] hs, int n) {
        this.ts = ts;
        this.hs = hs;
        this.n = n;
        this.i = -1;
        return this;
    }

    @Override
    public boolean next() {
        if (i < n) {
            i++;
        }
        return i < n;
    }

    @Override
    public boolean seek(long t) {
        if (i < 0) {
            i = 0;
        }
        while (i < n && ts[i] < t) {
            i++;
        }
        return i < n;
    }

    @Override
    public long t() {
        return ts[i];
    }

    @Override
    public Histogram h() {
        return hs[i];
    }
}
