package ai.gatewayz.obs.profiles.model;

import ai.gatewayz.obs.common.Labels;

/**
 * One profile of one profile type, ready to store: its series labels (with {@code __name__} and
 * {@code __profile_type__}), time, symbols, and parallel sample columns. {@code stacks[i]} lists
 * location indices of {@link LocalSymbols}, leaf first (pprof order); {@code spanIds[i]} is the
 * sample's span id or 0. Immutable by convention: the producer hands it over and does not touch it again.
 */
public record ProfileInput(Labels series, long timeNanos, long durationNanos, LocalSymbols symbols,
                           int[][] stacks, long[] values, long[] spanIds) {

    public ProfileInput {
        if (stacks.length != values.length || spanIds.length != values.length) {
            throw new IllegalArgumentException("sample columns differ in length [stacks=" + stacks.length
                    + ", values=" + values.length + ", spans=" + spanIds.length + "]");
        }
    }

    public int sampleCount() {
        return values.length;
    }

    public long total() {
        long t = 0;
        for (long v : values) {
            t += v;
        }
        return t;
    }
}
