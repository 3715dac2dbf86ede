package ai.gatewayz.obs.profiles.storage;

import ai.gatewayz.obs.common.Labels;
import java.util.Arrays;

/**
 * The profiles of one series within one partition, as columns: per profile its time, total and
 * first sample; per sample its stack id, value and span id (span ids allocated only once a sample
 * carries one). Once the partition is sealed it also holds the series' merged tree: every sample
 * value summed per stack id (the stack ids point into the partition's parent-pointer table, so the
 * pairs are a pre-aggregated call tree), which long-range flame graphs read instead of the samples.
 * A late sample drops the merged tree until the next seal. Not thread-safe: guarded by the owning
 * {@link Partition}'s lock.
 */
final class SeriesColumns {
    final Labels labels;
    long[] times = new long[4];
    long[] totals = new long[4];
    int[] firstSample = new int[5];
    int profiles;
    int[] stacks = new int[64];
    long[] values = new long[64];
    long[] spans;
    int samples;
    /** Merged tree: distinct stack ids ascending and their summed values; null when not built or stale. */
    int[] mergedStacks;
    long[] mergedValues;
    long mergedMinMs;
    long mergedMaxMs;
    long mergedTotal;

    SeriesColumns(Labels labels) {
        this.labels = labels;
    }

    void beginProfile(long timeNanos, long total) {
        mergedStacks = null;
        mergedValues = null;
        if (profiles == times.length) {
            times = Arrays.copyOf(times, profiles * 2);
            totals = Arrays.copyOf(totals, profiles * 2);
            firstSample = Arrays.copyOf(firstSample, profiles * 2 + 1);
        }
        times[profiles] = timeNanos;
        totals[profiles] = total;
        firstSample[profiles] = samples;
        profiles++;
        firstSample[profiles] = samples;
    }

    void addSample(int stack, long value, long span) {
        if (samples == stacks.length) {
            stacks = Arrays.copyOf(stacks, samples * 2);
            values = Arrays.copyOf(values, samples * 2);
            if (spans != null) {
                spans = Arrays.copyOf(spans, samples * 2);
            }
        }
        if (span != 0 && spans == null) {
            spans = new long[stacks.length];
        }
        stacks[samples] = stack;
        values[samples] = value;
        if (spans != null) {
            spans[samples] = span;
        }
        samples++;
        firstSample[profiles] = samples;
        mergedStacks = null;
        mergedValues = null;
    }

    /** Builds the merged tree; {@code stackCount} is the partition's number of stack ids. */
    void buildMerged(int stackCount) {
        long[] sums = new long[stackCount];
        boolean[] seen = new boolean[stackCount];
        int distinct = 0;
        for (int j = 0; j < samples; j++) {
            int st = stacks[j];
            if (!seen[st]) {
                seen[st] = true;
                distinct++;
            }
            sums[st] += values[j];
        }
        int[] ms = new int[distinct];
        long[] mv = new long[distinct];
        int k = 0;
        for (int st = 0; st < stackCount; st++) {
            if (seen[st]) {
                ms[k] = st;
                mv[k++] = sums[st];
            }
        }
        setMerged(ms, mv);
    }

    void setMerged(int[] stackIds, long[] sums) {
        mergedStacks = stackIds;
        mergedValues = sums;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long total = 0;
        for (int i = 0; i < profiles; i++) {
            min = Math.min(min, times[i]);
            max = Math.max(max, times[i]);
            total += totals[i];
        }
        mergedMinMs = Math.floorDiv(min, 1_000_000L);
        mergedMaxMs = Math.floorDiv(max, 1_000_000L);
        mergedTotal = total;
    }

    boolean hasMerged() {
        return mergedStacks != null;
    }
}
