package ai.gatewayz.obs.metrics.storage.memory;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.storage.HistogramIterator;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.Series;

/**
 * A series backed by parallel arrays sorted by timestamp: float samples, and optionally native
 * histogram samples. Immutable once built.
 */
public final class ArraySeries implements Series {
    private final Labels labels;
    private final long[] ts;
    private final double[] vs;
    private final long[] hts;
    private final Histogram[] hs;

    public ArraySeries(Labels labels, long[] ts, double[] vs) {
        this(labels, ts, vs, new long[0], new Histogram[0]);
    }

    public ArraySeries(Labels labels, long[] ts, double[] vs, long[] hts, Histogram[] hs) {
        this.labels = labels;
        this.ts = ts;
        this.vs = vs;
        this.hts = hts;
        this.hs = hs;
    }

    @Override
    public HistogramIterator histogramIterator(HistogramIterator reuse) {
        if (hts.length == 0) {
            return HistogramIterator.EMPTY;
        }
        ArrayHistogramIterator it = reuse instanceof ArrayHistogramIterator a ? a : new ArrayHistogramIterator();
        return it.reset(hts, hs, hts.length);
    }

    @Override
    public Labels labels() {
        return labels;
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
        if (reuse instanceof ArrayIterator it) {
            it.reset(ts, vs);
            return it;
        }
        ArrayIterator it = new ArrayIterator();
        it.reset(ts, vs);
        return it;
    }

    /** Reusable iterator over parallel arrays. */
    public static final class ArrayIterator implements SampleIterator {
        private long[] ts;
        private double[] vs;
        private int i;

        public void reset(long[] ts, double[] vs) {
            this.ts = ts;
            this.vs = vs;
            this.i = -1;
        }

        @Override
        public boolean next() {
            if (i < ts.length) {
                i++;
            }
            return i < ts.length;
        }

        @Override
        public boolean seek(long t) {
            if (i < 0) {
                i = 0;
            }
            while (i < ts.length && ts[i] < t) {
                i++;
            }
            return i < ts.length;
        }

        @Override
        public long t() {
            return ts[i];
        }

        @Override
        public double v() {
            return vs[i];
        }
    }
}
