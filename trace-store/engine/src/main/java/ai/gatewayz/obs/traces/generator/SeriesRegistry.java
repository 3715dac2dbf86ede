package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.common.GoFloat;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.remotewrite.Exemplar;
import ai.gatewayz.obs.traces.model.TraceId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One tenant's generated series: cumulative counters and classic histograms grouped in families
 * that share label names, so a span costs one lookup however many metrics it feeds (span metrics:
 * calls, latency, size under one label set). Collected into a {@link SampleSink} at the current
 * values. Like Tempo's registry it bounds the tenant's active series ({@code max_active_series},
 * 0 = unlimited; a label set counts each counter, and each histogram's buckets, {@code +Inf},
 * {@code _sum} and {@code _count}): a label set that would pass the cap is folded into the
 * family's one overflow label set {@code metric_overflow="true"}, so totals stay right, and each
 * folded observation is counted ({@link #seriesLimited}). Label sets not updated for
 * {@code staleMs} are removed and free their slots. A counter is written once it was incremented
 * (a {@code _failed_total} exists only after a failure, as in Tempo); a new series is first written
 * as 0 one millisecond before its first value, so {@code rate()} and {@code increase()} see the
 * first spans. Label objects are built on the first collection, not on the ingest path. Like Tempo's
 * registry, a histogram keeps the trace id of the latest observation of each bucket since the last
 * collection and writes it as that bucket's exemplar ({@code trace_id}, the observed value, when it
 * was observed), then forgets it; only the id reference is kept on the ingest path.
 *
 * <p>Not thread-safe: the owning tenant generator serialises ingest and collection.
 */
final class SeriesRegistry {
    static final String OVERFLOW_LABEL = "metric_overflow";
    /** The exemplar label Grafana's exemplar trace-id destination reads (datasources.yml). */
    static final String EXEMPLAR_LABEL = "trace_id";
    private final Labels externalLabels;
    private final int maxActiveSeries;
    private final long staleMs;
    private final int maxLabelValueLength;
    private final List<Family> families = new ArrayList<>();
    private final Map<Labels, long[]> info = new HashMap<>(); // info series (value 1) -> last update
    private int active;
    private long seriesLimited;

    SeriesRegistry(Labels externalLabels, int maxActiveSeries, long staleMs, int maxLabelValueLength) {
        this.externalLabels = externalLabels;
        this.maxActiveSeries = maxActiveSeries;
        this.staleMs = staleMs;
        this.maxLabelValueLength = maxLabelValueLength;
    }

    /** A family of counters and histograms (each with its bucket bounds) over {@code labelNames}. */
    Family family(String[] labelNames, String[] counters, String[] histograms, double[][] buckets) {
        Family f = new Family(labelNames, counters, histograms, buckets);
        families.add(f);
        return f;
    }

    Family counter(String name, String[] labelNames) {
        return family(labelNames, new String[] {name}, new String[0], new double[0][]);
    }

    /**
     * Keeps the info series {@code labels} (named, value 1, e.g. {@code traces_target_info}) alive;
     * false when it is new and the cap refused it (counted in {@link #seriesLimited}).
     */
    boolean info(Labels labels, long nowMs) {
        long[] u = info.get(labels);
        if (u == null) {
            if (maxActiveSeries > 0 && active + 1 > maxActiveSeries) {
                seriesLimited++;
                return false;
            }
            u = new long[1];
            info.put(labels, u);
            active++;
        }
        u[0] = nowMs;
        return true;
    }

    /** {@code labels} with the external labels added where absent (for series built outside a family). */
    Labels withExternalLabels(Labels labels) {
        if (externalLabels.isEmpty()) {
            return labels;
        }
        Labels.Builder b = labels.toBuilder();
        externalLabels.forEach((n, v) -> {
            if (!labels.has(n)) {
                b.set(n, v);
            }
        });
        return b.build();
    }

    int activeSeries() {
        return active;
    }

    long seriesLimited() {
        return seriesLimited;
    }

    /** Drops label sets idle for longer than the stale duration; returns how many went. */
    int removeStale(long nowMs) {
        int removed = 0;
        for (Family f : families) {
            removed += f.removeStale(nowMs - staleMs);
        }
        for (Iterator<long[]> it = info.values().iterator(); it.hasNext(); ) {
            if (it.next()[0] < nowMs - staleMs) {
                it.remove();
                active--;
                removed++;
            }
        }
        return removed;
    }

    /** Writes every active series at {@code nowMs}; returns the samples handed to the sink. */
    long collect(String tenant, long nowMs, SampleSink sink) {
        long n = 0;
        for (Family f : families) {
            n += f.collect(tenant, nowMs, sink);
        }
        for (Labels l : info.keySet()) {
            sink.append(tenant, l, nowMs, 1);
            n++;
        }
        return n;
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

    /** The values of one label set: counters, histogram cells, and (after the first collection) labels. */
    static final class Entry {
        final String[] values;
        final double[] counters;
        final boolean[] counterWritten;
        final boolean[] counterTouched;
        final double[][] buckets; // weighted: a span counts as its span multiplier
        final double[] sums;
        final double[] counts;
        final boolean[] histogramWritten;
        final TraceId[][] exemplarTrace; // per histogram, per bucket: latest observation since the last collection
        final double[][] exemplarValue;
        final long[][] exemplarMs;
        long updatedMs;
        Labels[] counterLabels;
        Labels[][] histogramLabels; // per histogram: buckets..., +Inf, _sum, _count

        Entry(String[] values, int counters, double[][] bounds) {
            this.values = values;
            this.counters = new double[counters];
            this.counterWritten = new boolean[counters];
            this.counterTouched = new boolean[counters];
            this.buckets = new double[bounds.length][];
            this.exemplarTrace = new TraceId[bounds.length][];
            this.exemplarValue = new double[bounds.length][];
            this.exemplarMs = new long[bounds.length][];
            for (int i = 0; i < bounds.length; i++) {
                buckets[i] = new double[bounds[i].length + 1];
                exemplarTrace[i] = new TraceId[bounds[i].length + 1];
                exemplarValue[i] = new double[bounds[i].length + 1];
                exemplarMs[i] = new long[bounds[i].length + 1];
            }
            this.sums = new double[bounds.length];
            this.counts = new double[bounds.length];
            this.histogramWritten = new boolean[bounds.length];
        }

        void add(int counter, double delta) {
            counters[counter] += delta;
            counterTouched[counter] = true;
        }
    }

    /** Metrics sharing label names; one entry per label set. */
    final class Family {
        final String[] labelNames;
        final String[] counterNames;
        final String[] histogramNames;
        final double[][] bounds;
        final String[][] les;
        final int seriesPerEntry;
        private final Map<Key, Entry> series = new HashMap<>();
        private final Key probe = new Key();
        private Entry overflow;

        Family(String[] labelNames, String[] counterNames, String[] histogramNames, double[][] bounds) {
            this.labelNames = labelNames.clone();
            this.counterNames = counterNames.clone();
            this.histogramNames = histogramNames.clone();
            this.bounds = bounds.clone();
            this.les = new String[bounds.length][];
            int per = counterNames.length;
            for (int h = 0; h < bounds.length; h++) {
                les[h] = new String[bounds[h].length + 1];
                for (int i = 0; i < bounds[h].length; i++) {
                    les[h][i] = GoFloat.formatPlain(bounds[h][i]);
                }
                les[h][bounds[h].length] = "+Inf";
                per += bounds[h].length + 3;
            }
            this.seriesPerEntry = per;
        }

        /** The entry of these values (created, or the overflow entry when the cap is reached). */
        Entry entry(String[] values, long nowMs) {
            Entry e = series.get(probe.set(values));
            if (e == null) {
                if (maxActiveSeries > 0 && active + seriesPerEntry > maxActiveSeries) {
                    seriesLimited++;
                    if (overflow == null) {
                        overflow = new Entry(null, counterNames.length, bounds);
                        active += seriesPerEntry;
                    }
                    e = overflow;
                } else {
                    String[] v = stored(values);
                    e = new Entry(v, counterNames.length, bounds);
                    series.put(new Key().set(v), e);
                    active += seriesPerEntry;
                }
            }
            e.updatedMs = nowMs;
            return e;
        }

        void observe(Entry e, int histogram, double v) {
            observe(e, histogram, v, 1, null, 0);
        }

        /**
         * Observes {@code v} {@code weight} times (a span multiplier); a non-null {@code trace} becomes
         * the bucket's exemplar, observed at {@code atMs}.
         */
        void observe(Entry e, int histogram, double v, double weight, TraceId trace, long atMs) {
            double[] b = bounds[histogram];
            int i = 0;
            while (i < b.length && v > b[i]) {
                i++;
            }
            e.buckets[histogram][i] += weight;
            if (trace != null) {
                e.exemplarTrace[histogram][i] = trace;
                e.exemplarValue[histogram][i] = v;
                e.exemplarMs[histogram][i] = atMs;
            }
            e.sums[histogram] += v * weight;
            e.counts[histogram] += weight;
        }

        /** The label values as stored: over-long values cut like Tempo's {@code max_label_value_length}. */
        private String[] stored(String[] values) {
            String[] v = values.clone();
            for (int i = 0; i < v.length; i++) {
                if (v[i] == null) {
                    v[i] = "";
                } else if (v[i].length() > maxLabelValueLength) {
                    v[i] = v[i].substring(0, maxLabelValueLength);
                }
            }
            return v;
        }

        int removeStale(long olderThanMs) {
            int removed = 0;
            for (Iterator<Entry> it = series.values().iterator(); it.hasNext(); ) {
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

        long collect(String tenant, long nowMs, SampleSink sink) {
            long n = 0;
            for (Entry e : series.values()) {
                n += write(tenant, e, nowMs, sink);
            }
            if (overflow != null) {
                n += write(tenant, overflow, nowMs, sink);
            }
            return n;
        }

        private Labels base(Entry e) {
            Labels.Builder b = externalLabels.toBuilder();
            if (e.values == null) {
                b.set(OVERFLOW_LABEL, "true");
            } else {
                for (int i = 0; i < labelNames.length; i++) {
                    b.set(labelNames[i], e.values[i]);
                }
            }
            return b.build();
        }

        private void buildLabels(Entry e) {
            Labels base = base(e);
            e.counterLabels = new Labels[counterNames.length];
            for (int c = 0; c < counterNames.length; c++) {
                e.counterLabels[c] = base.toBuilder().set(Labels.METRIC_NAME, counterNames[c]).build();
            }
            e.histogramLabels = new Labels[histogramNames.length][];
            for (int h = 0; h < histogramNames.length; h++) {
                Labels[] l = new Labels[les[h].length + 2];
                for (int i = 0; i < les[h].length; i++) {
                    l[i] = base.toBuilder().set(Labels.METRIC_NAME, histogramNames[h] + "_bucket").set("le", les[h][i]).build();
                }
                l[les[h].length] = base.toBuilder().set(Labels.METRIC_NAME, histogramNames[h] + "_sum").build();
                l[les[h].length + 1] = base.toBuilder().set(Labels.METRIC_NAME, histogramNames[h] + "_count").build();
                e.histogramLabels[h] = l;
            }
        }

        private long write(String tenant, Entry e, long nowMs, SampleSink sink) {
            if (e.counterLabels == null) {
                buildLabels(e);
            }
            long n = 0;
            for (int c = 0; c < counterNames.length; c++) {
                if (!e.counterWritten[c]) {
                    if (!e.counterTouched[c]) {
                        continue; // never incremented: no series yet
                    }
                    sink.append(tenant, e.counterLabels[c], nowMs - 1, 0);
                    e.counterWritten[c] = true;
                    n++;
                }
                sink.append(tenant, e.counterLabels[c], nowMs, e.counters[c]);
                n++;
            }
            for (int h = 0; h < histogramNames.length; h++) {
                if (e.counts[h] == 0 && !e.histogramWritten[h]) {
                    continue;
                }
                Labels[] l = e.histogramLabels[h];
                if (!e.histogramWritten[h]) {
                    for (Labels x : l) {
                        sink.append(tenant, x, nowMs - 1, 0);
                    }
                    e.histogramWritten[h] = true;
                    n += l.length;
                }
                double cumulative = 0;
                double[] b = e.buckets[h];
                TraceId[] ex = e.exemplarTrace[h];
                for (int i = 0; i < b.length; i++) {
                    cumulative += b[i];
                    if (ex[i] == null) {
                        sink.append(tenant, l[i], nowMs, cumulative);
                    } else {
                        sink.append(tenant, l[i], nowMs, cumulative,
                                new Exemplar(Labels.of(EXEMPLAR_LABEL, ex[i].hex()), e.exemplarValue[h][i], e.exemplarMs[h][i]));
                        ex[i] = null;
                    }
                }
                sink.append(tenant, l[b.length], nowMs, e.sums[h]);
                sink.append(tenant, l[b.length + 1], nowMs, e.counts[h]);
                n += l.length;
            }
            return n;
        }
    }
}
