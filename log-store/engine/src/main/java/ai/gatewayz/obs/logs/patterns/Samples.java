package ai.gatewayz.obs.logs.patterns;

import java.util.Arrays;

/**
 * Line counts of one pattern and level per time bucket, as parallel arrays sorted by bucket. Lines
 * mostly arrive in time order, so adding is an increment of the last bucket or an append; an older
 * bucket is found by binary search. Not thread-safe: guarded by the owning stream's lock.
 */
final class Samples {
    private long[] buckets = new long[8];
    private long[] counts = new long[8];
    private int size;

    void add(long bucket) {
        if (size > 0 && buckets[size - 1] == bucket) {
            counts[size - 1]++;
            return;
        }
        if (size == 0 || buckets[size - 1] < bucket) {
            grow();
            buckets[size] = bucket;
            counts[size] = 1;
            size++;
            return;
        }
        int i = Arrays.binarySearch(buckets, 0, size, bucket);
        if (i >= 0) {
            counts[i]++;
            return;
        }
        int at = -i - 1;
        grow();
        System.arraycopy(buckets, at, buckets, at + 1, size - at);
        System.arraycopy(counts, at, counts, at + 1, size - at);
        buckets[at] = bucket;
        counts[at] = 1;
        size++;
    }

    private void grow() {
        if (size == buckets.length) {
            buckets = Arrays.copyOf(buckets, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
    }

    /** Drops buckets before {@code oldest}; true when nothing is left. */
    boolean trim(long oldest) {
        int i = 0;
        while (i < size && buckets[i] < oldest) {
            i++;
        }
        if (i > 0) {
            System.arraycopy(buckets, i, buckets, 0, size - i);
            System.arraycopy(counts, i, counts, 0, size - i);
            size -= i;
        }
        return size == 0;
    }

    long newest() {
        return size == 0 ? Long.MIN_VALUE : buckets[size - 1];
    }

    /** Adds the counts of buckets in [start, end) into {@code steps}, indexed by {@code (bucket - start) / step}. */
    long sumInto(long start, long end, long step, long[] steps) {
        int i = Arrays.binarySearch(buckets, 0, size, start);
        if (i < 0) {
            i = -i - 1;
        }
        long total = 0;
        for (; i < size && buckets[i] < end; i++) {
            steps[(int) ((buckets[i] - start) / step)] += counts[i];
            total += counts[i];
        }
        return total;
    }
}
