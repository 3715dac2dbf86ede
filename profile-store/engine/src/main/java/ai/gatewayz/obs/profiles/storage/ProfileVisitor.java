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
}
