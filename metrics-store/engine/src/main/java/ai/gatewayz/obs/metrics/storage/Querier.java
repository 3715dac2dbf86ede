package ai.gatewayz.obs.metrics.storage;

import ai.gatewayz.obs.common.LabelMatcher;
import java.util.List;

/**
 * Reads series over a fixed time range {@code [mint, maxt]} (inclusive, milliseconds). Must be
 * closed. A querier sees a consistent snapshot of committed data as of its creation or later; it
 * never sees uncommitted data. Not thread-safe: one querier per query.
 */
public interface Querier extends AutoCloseable {
    /**
     * Series whose labels satisfy every matcher and which have at least one sample in range.
     * With {@code sorted}, series come in label order ({@link ai.gatewayz.obs.common.Labels#compareTo}).
     * Rejecting selectors whose matchers all match the empty string is the query layer's job.
     */
    SeriesSet select(boolean sorted, List<LabelMatcher> matchers);

    /**
     * Sorted distinct non-empty values of {@code name} over series matching {@code matchers} (every
     * series having the label when empty) that hold data in range. Answered from the storage's
     * index, not by selecting series: an implementation may count a series whose data only
     * overlaps the range at chunk or block granularity, never a series without data (rolled back,
     * deleted or expired).
     */
    List<String> labelValues(String name, List<LabelMatcher> matchers);

    /** Sorted distinct label names over series matching {@code matchers} (all series when empty), as {@link #labelValues}. */
    List<String> labelNames(List<LabelMatcher> matchers);

    @Override
    void close();
}
