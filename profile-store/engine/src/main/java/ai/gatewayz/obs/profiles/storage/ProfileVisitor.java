package ai.gatewayz.obs.profiles.storage;

import ai.gatewayz.obs.common.Labels;

/**
 * Receives the profiles a {@link ProfileQuerier#select} matched, partition by partition: first
 * {@link #partition} with that partition's symbol tables, then each profile of each matching
 * series, then (if {@link #profile} asked for them) its samples.
 *
 * <p>Called on the selecting thread only; the {@link SymbolView} is valid until the next
 * {@code partition} call or the end of the select. Implementations need not be thread-safe.
 */
public interface ProfileVisitor {
    void partition(SymbolView symbols);

    /**
     * One profile; {@code total} is the sum of its sample values, kept beside the samples so
     * totals-only queries (time series) never decode sample columns. Returns whether to deliver
     * the samples.
     */
    boolean profile(Labels series, long timeNanos, long total);

    /** One sample of the current profile: stack id in the current partition, value, span id (0 = none). */
    void sample(int stackId, long value, long spanId);

    /**
     * Whether a series' merged tree (its sample values summed per stack id, built when a partition
     * is sealed) may stand in for its profiles. When it does, {@link #mergedSeries} replaces the
     * {@link #profile} calls of that series and partition, and the samples that follow are one per
     * distinct stack with span id 0. Only offered when every profile of the series in the partition
     * lies in the selected range. Visitors that need profile times, totals or span ids keep the
     * default, false.
     */
    default boolean acceptsMerged() {
        return false;
    }

    /**
     * A series' merged tree over {@code profiles} profiles between {@code minMs} and {@code maxMs}
     * summing to {@code total}; returns whether to deliver its samples.
     */
    default boolean mergedSeries(Labels series, int profiles, long minMs, long maxMs, long total) {
        return true;
    }
}
