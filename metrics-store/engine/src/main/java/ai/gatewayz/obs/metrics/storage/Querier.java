package ai.gatewayz.obs.metrics.storage;

import ai.gatewayz.obs.common.LabelMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

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
     * Sorted distinct values of {@code name} over series matching {@code matchers} (all series having
     * the label when empty). The default walks {@link #select}; an index-backed storage may answer
     * from its postings instead.
     */
    default List<String> labelValues(String name, List<LabelMatcher> matchers) {
        TreeSet<String> values = new TreeSet<>();
        SeriesSet set = select(false, matchers.isEmpty() ? List.of(LabelMatcher.re(name, ".+")) : matchers);
        while (set.next()) {
            String v = set.at().labels().get(name);
            if (!v.isEmpty()) {
                values.add(v);
            }
        }
        return new ArrayList<>(values);
    }

    /** Sorted distinct label names over series matching {@code matchers} (all series when empty). */
    default List<String> labelNames(List<LabelMatcher> matchers) {
        TreeSet<String> names = new TreeSet<>();
        SeriesSet set = select(false, matchers);
        while (set.next()) {
            set.at().labels().forEach((n, v) -> names.add(n));
        }
        return new ArrayList<>(names);
    }

    @Override
    void close();
}
