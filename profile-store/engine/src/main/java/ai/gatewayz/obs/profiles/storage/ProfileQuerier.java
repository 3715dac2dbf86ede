package ai.gatewayz.obs.profiles.storage;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import java.util.List;

/**
 * The read role over one tenant's profiles. Times are Unix milliseconds, {@code [startMs, endMs]}
 * inclusive. Matchers follow Prometheus semantics (an absent label matches the empty string).
 *
 * <p>Thread-safe: a querier may be shared, and every call sees the data appended before it began
 * (later appends may or may not be visible). It owns no resources and needs no closing.
 */
public interface ProfileQuerier {
    /** Distinct series label sets with a profile in range, sorted. */
    List<Labels> series(List<LabelMatcher> matchers, long startMs, long endMs);

    /** Label names of matching series, sorted. */
    List<String> labelNames(List<LabelMatcher> matchers, long startMs, long endMs);

    /** Distinct values of {@code name} in matching series, sorted. */
    List<String> labelValues(String name, List<LabelMatcher> matchers, long startMs, long endMs);

    /** Visits every matching profile in range, partition by partition, in time order within a series. */
    void select(List<LabelMatcher> matchers, long startMs, long endMs, ProfileVisitor visitor);

    /** What {@link #select} over these matchers and range would read (AnalyzeQuery); series are counted per partition. */
    QueryScope scope(List<LabelMatcher> matchers, long startMs, long endMs);

    /** Oldest and newest profile time (ms) ever kept for this tenant, or null when there is none. */
    long[] timeBounds();
}
