package ai.gatewayz.obs.profiles.storage;

import ai.gatewayz.obs.common.Labels;
import java.util.Arrays;

/**
 * The profiles of one series within one partition, as columns: per profile its time, total and
 * first sample; per sample its stack id, value and span id (span ids allocated only once a sample
 * carries one). Not thread-safe: guarded by the owning {@link Partition}'s lock.
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

    SeriesColumns(Labels labels) {
        this.labels = labels;
    }

    void beginProfile(long timeNanos, long total) {
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
    }
}
