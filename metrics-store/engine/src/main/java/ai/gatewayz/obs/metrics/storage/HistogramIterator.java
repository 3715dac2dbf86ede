package ai.gatewayz.obs.metrics.storage;

import ai.gatewayz.obs.metrics.model.Histogram;

/**
 * A forward iterator over the native histogram samples of one series, in timestamp order; the
 * histogram counterpart of {@link SampleIterator} with the same rules (not thread-safe, values
 * unspecified before the first move, {@link #seek} never moves backwards). Returned histograms are
 * immutable and stay valid after the iterator moves on.
 */
public interface HistogramIterator {
    boolean next();

    boolean seek(long t);

    long t();

    Histogram h();

    HistogramIterator EMPTY = new HistogramIterator() {
        @Override
        public boolean next() {
            return false;
        }

        @Override
        public boolean seek(long t) {
            return false;
        }

        @Override
        public long t() {
            throw new IllegalStateException("empty iterator");
        }

        @Override
        public Histogram h() {
            throw new IllegalStateException("empty iterator");
        }
    };
}
