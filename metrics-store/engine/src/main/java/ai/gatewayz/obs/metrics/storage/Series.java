package ai.gatewayz.obs.metrics.storage;

import ai.gatewayz.obs.common.Labels;

/**
 * One series as returned by a {@link Querier}: its labels and its float and histogram samples within the querier's
 * time range. Valid until the querier is closed. Not thread-safe.
 */
public interface Series {
    Labels labels();

    /**
     * An iterator over the samples; {@code reuse} (may be null) is an iterator previously returned
     * by any series of the same querier that the caller no longer needs.
     */
    SampleIterator iterator(SampleIterator reuse);

    /**
     * An iterator over the native histogram samples (kept apart from the float samples of
     * {@link #iterator}, so float-only readers never meet a histogram); {@code reuse} as above.
     * The default: a series with no histogram samples.
     */
    default HistogramIterator histogramIterator(HistogramIterator reuse) {
        return HistogramIterator.EMPTY;
    }
}
