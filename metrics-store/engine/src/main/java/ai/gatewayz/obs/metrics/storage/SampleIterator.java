package ai.gatewayz.obs.metrics.storage;

/**
 * A forward iterator over the float samples of one series, in timestamp order.
 *
 * <p>Not thread-safe. Before the first {@link #next()} or {@link #seek(long)} the values of
 * {@link #t()} and {@link #v()} are unspecified. Iterators may be reused: pass one back to
 * {@link Series#iterator(SampleIterator)} to avoid allocating a new one per series.
 */
public interface SampleIterator {
    /** Advances to the next sample; false when exhausted. */
    boolean next();

    /**
     * Advances to the first sample with timestamp {@code >= t}; never moves backwards. If the
     * current sample already satisfies the condition it stays. False when exhausted.
     */
    boolean seek(long t);

    /** Timestamp of the current sample, Unix milliseconds. */
    long t();

    /** Value of the current sample; staleness markers keep their exact NaN bits. */
    double v();

    /** An iterator with no samples. */
    SampleIterator EMPTY = new SampleIterator() {
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
        public double v() {
            throw new IllegalStateException("empty iterator");
        }
    };
}
