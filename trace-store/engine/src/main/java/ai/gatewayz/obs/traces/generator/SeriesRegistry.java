package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.common.GoFloat;
import ai.gatewayz.obs.common.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One tenant's generated series: cumulative counters and classic histograms keyed by label values,
 * collected into a {@link SampleSink} at the current values. Like Tempo's registry it bounds the
 * tenant's active series ({@code max_active_series}, 0 = unlimited; a histogram label set counts its
 * buckets, {@code +Inf}, {@code _sum} and {@code _count}): a label set that would pass the cap is
 * folded into one overflow series per metric labelled {@code metric_overflow="true"}, so totals stay
 * right, and each folded observation is counted ({@link #seriesLimited}). Series not updated for
 * {@code staleMs} are removed and free their slots. A new series is first written as 0 one
 * millisecond before its first value, so {@code rate()} and {@code increase()} see the first spans.
 *
 * <p>Not thread-safe: the owning tenant generator serialises ingest and collection.
 */
final class SeriesRegistry {
    static final String OVERFLOW_LABEL = "metric_overflow";
    private final Labels externalLabels;
    private final int maxActiveSeries;
    private final long staleMs;
    private final int maxLabelValueLength;
    private final List<Family<?>> families = new ArrayList<>();
    private int active;
    private long seriesLimited;

    SeriesRegistry(Labels externalLabels, int maxActiveSeries, long staleMs, int maxLabelValueLength) {
        this.externalLabels = externalLabels;
        this.maxActiveSeries = maxActiveSeries;
        this.staleMs = staleMs;
        this.maxLabelValueLength = maxLabelValueLength;
    }

    Counter counter(String name, String[] labelNames) {
        Counter c = new Counter(name, labelNames);
        families.add(c);
        return c;
    }

    Histogram histogram(String name, String[] labelNames, double[] buckets) {
        Histogram h = new Histogram(name, labelNames, buckets);
        families.add(h);
        return h;
    }

    int activeSeries() {
        return active;
    }

    long seriesLimited() {
        return seriesLimited;
    }

    /** Drops series idle for longer than the stale duration; returns how many label sets went. */
    int removeStale(long nowMs) {
        int removed = 0;
        for (Family<?> f : families) {
            removed += f.removeStale(nowMs - staleMs);
        }
        return removed;
    }

    /** Writes every active series at {@code nowMs}; returns the samples handed to the sink. */
    long collect(String tenant, long nowMs, SampleSink sink) {
        long n = 0;
        for (Family<?> f : families) {
            n += f.collect(tenant, nowMs, sink);
        }
        return n;
    }

    /** The label values as stored: over-long values cut like Tempo's {@code max_label_value_length}. */
    private String[] stored(String[] values) {
        String[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            if (v[i] != null && v[i].length() > maxLabelValueLength) {
                v[i] = v[i].substring(0, maxLabelValueLength);
            }
        }
        return v;
    }

    /** A label-value tuple with its hash; the probe instance is reused for lookups (no allocation). */
    private static final class Key {
        String[] values;
        int hash;

        Key set(String[] v) {
            values = v;
            hash = Arrays.hashCode(v);
            return this;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.values, values);
        }
    }

    /** Per-series state shared by both kinds. */
    abstract static class Entry {
        long updatedMs;
        boolean written;
    }

    /** One metric name with its label names and series. */
    abstract class Family<E extends Entry> {
        final String name;
        final String[] labelNames;
        final int seriesPerEntry;
        private final Map<Key, E> series = new HashMap<>();
        private final Key probe = new Key();
        private E overflow;
        private Labels overflowLabels;

        Family(String name, String[] labelNames, int seriesPerEntry) {
            this.name = name;
            this.labelNames = labelNames.clone();
            this.seriesPerEntry = seriesPerEntry;
        }

        abstract E newEntry(Labels base);

        /** The entry of these values (created, or the overflow entry when the cap is reached). */
        final E entry(String[] values, long nowMs) {
            E e = series.get(probe.set(values));
            if (e == null) {
                if (maxActiveSeries > 0 && active + seriesPerEntry > maxActiveSeries) {
                    seriesLimited++;
                    if (overflow == null) {
                        overflowLabels = externalLabels.toBuilder().set(Labels.METRIC_NAME, name).set(OVERFLOW_LABEL, "true").build();
                        overflow = newEntry(overflowLabels);
                        active += seriesPerEntry;
                    }
                    e = overflow;
                } else {
                    String[] v = stored(values);
                    e = newEntry(labels(v));
                    series.put(new Key().set(v), e);
                    active += seriesPerEntry;
                }
            }
            e.updatedMs = nowMs;
            return e;
        }

        private Labels labels(String[] values) {
            Labels.Builder b = externalLabels.toBuilder().set(Labels.METRIC_NAME, name);
            for (int i = 0; i < labelNames.length; i++) {
                b.set(labelNames[i], values[i]);
            }
            return b.build();
        }

        final int removeStale(long olderThanMs) {
            int removed = 0;
            for (Iterator<E> it = series.values().iterator(); it.hasNext(); ) {
                if (it.next().updatedMs < olderThanMs) {
                    it.remove();
                    active -= seriesPerEntry;
                    removed++;
                }
            }
            if (overflow != null && overflow.updatedMs < olderThanMs) {
                overflow = null;
                active -= seriesPerEntry;
                removed++;
            }
            return removed;
        }

        final long collect(String tenant, long nowMs, SampleSink sink) {
            long n = 0;
            for (E e : series.values()) {
                n += write(tenant, e, nowMs, sink);
            }
            if (overflow != null) {
                n += write(tenant, overflow, nowMs, sink);
            }
            return n;
        }

        private long write(String tenant, E e, long nowMs, SampleSink sink) {
            long n = 0;
            if (!e.written) {
                n += writeZero(tenant, e, nowMs - 1, sink);
                e.written = true;
            }
            return n + writeValue(tenant, e, nowMs, sink);
        }

        abstract long writeZero(String tenant, E e, long ts, SampleSink sink);

        abstract long writeValue(String tenant, E e, long ts, SampleSink sink);
    }

    /** A cumulative counter. */
    final class Counter extends Family<Counter.CounterEntry> {
        static final class CounterEntry extends Entry {
            final Labels labels;
            double value;

            CounterEntry(Labels labels) {
                this.labels = labels;
            }
        }

        Counter(String name, String[] labelNames) {
            super(name, labelNames, 1);
        }

        void inc(String[] values, double delta, long nowMs) {
            entry(values, nowMs).value += delta;
        }

        @Override
        CounterEntry newEntry(Labels base) {
            return new CounterEntry(base);
        }

        @Override
        long writeZero(String tenant, CounterEntry e, long ts, SampleSink sink) {
            sink.append(tenant, e.labels, ts, 0);
            return 1;
        }

        @Override
        long writeValue(String tenant, CounterEntry e, long ts, SampleSink sink) {
            sink.append(tenant, e.labels, ts, e.value);
            return 1;
        }
    }

    /** A classic histogram: {@code _bucket{le}} (cumulative, with {@code +Inf}), {@code _sum}, {@code _count}. */
    final class Histogram extends Family<Histogram.HistogramEntry> {
        private final double[] bounds;
        private final String[] les;

        static final class HistogramEntry extends Entry {
            final Labels[] bucketLabels;
            final Labels sumLabels;
            final Labels countLabels;
            final long[] counts;
            double sum;
            long count;

            HistogramEntry(Labels[] bucketLabels, Labels sumLabels, Labels countLabels) {
                this.bucketLabels = bucketLabels;
                this.sumLabels = sumLabels;
                this.countLabels = countLabels;
                this.counts = new long[bucketLabels.length];
            }
        }

        Histogram(String name, String[] labelNames, double[] buckets) {
            super(name, labelNames, buckets.length + 3);
            this.bounds = buckets.clone();
            this.les = new String[buckets.length + 1];
            for (int i = 0; i < buckets.length; i++) {
                les[i] = GoFloat.formatPlain(buckets[i]);
            }
            les[buckets.length] = "+Inf";
        }

        void observe(String[] values, double v, long nowMs) {
            HistogramEntry e = entry(values, nowMs);
            int i = 0;
            while (i < bounds.length && v > bounds[i]) {
                i++;
            }
            e.counts[i]++;
            e.sum += v;
            e.count++;
        }

        @Override
        HistogramEntry newEntry(Labels base) {
            Labels[] b = new Labels[les.length];
            for (int i = 0; i < les.length; i++) {
                b[i] = base.toBuilder().set(Labels.METRIC_NAME, name + "_bucket").set("le", les[i]).build();
            }
            return new HistogramEntry(b, base.toBuilder().set(Labels.METRIC_NAME, name + "_sum").build(),
                    base.toBuilder().set(Labels.METRIC_NAME, name + "_count").build());
        }

        @Override
        long writeZero(String tenant, HistogramEntry e, long ts, SampleSink sink) {
            for (Labels l : e.bucketLabels) {
                sink.append(tenant, l, ts, 0);
            }
            sink.append(tenant, e.sumLabels, ts, 0);
            sink.append(tenant, e.countLabels, ts, 0);
            return e.bucketLabels.length + 2;
        }

        @Override
        long writeValue(String tenant, HistogramEntry e, long ts, SampleSink sink) {
            long cumulative = 0;
            for (int i = 0; i < e.bucketLabels.length; i++) {
                cumulative += e.counts[i];
                sink.append(tenant, e.bucketLabels[i], ts, cumulative);
            }
            sink.append(tenant, e.sumLabels, ts, e.sum);
            sink.append(tenant, e.countLabels, ts, e.count);
            return e.bucketLabels.length + 2;
        }
    }
}
