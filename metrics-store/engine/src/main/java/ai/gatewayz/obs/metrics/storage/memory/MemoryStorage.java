package ai.gatewayz.obs.metrics.storage.memory;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.Series;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.StorageErrors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The reference {@link Storage}: plain arrays per series, no compression, no durability. Used by
 * engine tests and as the yardstick the TSDB is checked against by the shared contract suite.
 *
 * <pre>
 *   series:  Labels ──► MemSeries { long[] t, double[] v, long[] ht, Histogram[] h, exemplars }
 *   byRef:   long ref ──► MemSeries
 *   metadata: metric family name ──► Metadata (last written wins)
 * </pre>
 *
 * Commits take the write lock so a querier, which copies what it selects under the read lock,
 * never sees half a batch.
 */
public final class MemoryStorage implements Storage {
    private static final int MAX_EXEMPLARS_PER_SERIES = 64;

    private final Map<Labels, MemSeries> series = new ConcurrentHashMap<>();
    private final Map<Long, MemSeries> byRef = new ConcurrentHashMap<>();
    private final Map<String, Metadata> metadata = new ConcurrentHashMap<>();
    private final AtomicLong nextRef = new AtomicLong(1);
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    @Override
    public Appender appender() {
        return new MemoryAppender();
    }

    @Override
    public Querier querier(long mint, long maxt) {
        return new MemoryQuerier(mint, maxt);
    }

    @Override
    public List<SeriesExemplars> exemplars(long mint, long maxt, List<List<LabelMatcher>> matcherSets) {
        List<SeriesExemplars> out = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (MemSeries s : sortedSeries()) {
                if (matcherSets.stream().noneMatch(ms -> matchesAll(ms, s.labels))) {
                    continue;
                }
                List<Exemplar> in = s.exemplars.stream()
                        .filter(e -> e.timestampMs() >= mint && e.timestampMs() <= maxt).toList();
                if (!in.isEmpty()) {
                    out.add(new SeriesExemplars(s.labels, in));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return out;
    }

    @Override
    public Map<String, List<Metadata>> metadata(String metric, int limit) {
        Map<String, List<Metadata>> out = new TreeMap<>();
        for (Map.Entry<String, Metadata> e : new TreeMap<>(metadata).entrySet()) {
            if (metric != null && !metric.isEmpty() && !metric.equals(e.getKey())) {
                continue;
            }
            if (limit > 0 && out.size() >= limit) {
                break;
            }
            out.put(e.getKey(), List.of(e.getValue()));
        }
        return out;
    }

    @Override
    public void close() {
        // nothing to release
    }

    private List<MemSeries> sortedSeries() {
        List<MemSeries> all = new ArrayList<>(series.values());
        all.sort((a, b) -> a.labels.compareTo(b.labels));
        return all;
    }

    private static boolean matchesAll(List<LabelMatcher> matchers, Labels labels) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Samples of one series; guarded by the storage lock. */
    private static final class MemSeries {
        final long ref;
        final Labels labels;
        long[] ts = new long[8];
        double[] vs = new double[8];
        int n;
        long[] hts = new long[0];
        Histogram[] hs = new Histogram[0];
        int hn;
        final List<Exemplar> exemplars = new ArrayList<>();

        MemSeries(long ref, Labels labels) {
            this.ref = ref;
            this.labels = labels;
        }

        /** Newest timestamp over float and histogram samples. */
        long lastT() {
            return Math.max(n == 0 ? Long.MIN_VALUE : ts[n - 1], hn == 0 ? Long.MIN_VALUE : hts[hn - 1]);
        }

        /** The newest sample: a Double or a Histogram (null when empty). */
        Object last() {
            if (n == 0 && hn == 0) {
                return null;
            }
            return hn == 0 || (n > 0 && ts[n - 1] > hts[hn - 1]) ? (Object) vs[n - 1] : hs[hn - 1];
        }

        void addHistogram(long t, Histogram h) {
            if (hn == hts.length) {
                hts = Arrays.copyOf(hts, Math.max(8, hn * 2));
                hs = Arrays.copyOf(hs, Math.max(8, hn * 2));
            }
            hts[hn] = t;
            hs[hn] = h;
            hn++;
        }

        void add(long t, double v) {
            if (n == ts.length) {
                ts = Arrays.copyOf(ts, n * 2);
                vs = Arrays.copyOf(vs, n * 2);
            }
            ts[n] = t;
            vs[n] = v;
            n++;
        }
    }

    private final class MemoryAppender implements Appender {
        private final List<MemSeries> pendingSeries = new ArrayList<>();
        private long[] pendingT = new long[16];
        private double[] pendingV = new double[16];
        /** Non-null where the pending sample is a native histogram. */
        private Histogram[] pendingH = new Histogram[16];
        private int pending;
        /** Newest pending sample per series: {Long t, Double or Histogram}. */
        private final Map<MemSeries, Object[]> lastPending = new HashMap<>();
        private final List<Object[]> pendingExemplars = new ArrayList<>();
        private final List<Object[]> pendingMetadata = new ArrayList<>();
        private boolean done;

        private MemSeries resolve(long ref, Labels labels) {
            if (ref != 0) {
                MemSeries s = byRef.get(ref);
                if (s != null && s.labels.equals(labels)) {
                    return s;
                }
            }
            if (labels.isEmpty()) {
                throw StorageErrors.invalidLabels(labels, "empty label set");
            }
            return series.computeIfAbsent(labels, l -> {
                MemSeries s = new MemSeries(nextRef.getAndIncrement(), l);
                byRef.put(s.ref, s);
                return s;
            });
        }

        @Override
        public long append(long ref, Labels labels, long t, double v) {
            return add(ref, labels, t, v, null);
        }

        @Override
        public long appendHistogram(long ref, Labels labels, long t, Histogram h) {
            return add(ref, labels, t, 0, h);
        }

        private long add(long ref, Labels labels, long t, double v, Histogram h) {
            checkOpen();
            MemSeries s = resolve(ref, labels);
            Object[] last = lastPending.get(s);
            long lastT;
            Object lastV;
            lock.readLock().lock();
            try {
                if (last != null && (long) last[0] >= s.lastT()) {
                    lastT = (long) last[0];
                    lastV = last[1];
                } else {
                    lastT = s.lastT();
                    lastV = s.last();
                }
            } finally {
                lock.readLock().unlock();
            }
            if (t < lastT) {
                throw StorageErrors.outOfOrder(labels, t, lastT);
            }
            Object value = h != null ? h : (Object) v;
            if (t == lastT) {
                if (sameSample(value, lastV)) {
                    return s.ref; // an exact duplicate is harmless and ignored
                }
                throw StorageErrors.duplicateTimestamp(labels, t);
            }
            if (pending == pendingT.length) {
                pendingT = Arrays.copyOf(pendingT, pending * 2);
                pendingV = Arrays.copyOf(pendingV, pending * 2);
                pendingH = Arrays.copyOf(pendingH, pending * 2);
            }
            pendingSeries.add(s);
            pendingT[pending] = t;
            pendingV[pending] = v;
            pendingH[pending] = h;
            pending++;
            lastPending.put(s, new Object[] {t, value});
            return s.ref;
        }

        private static boolean sameSample(Object a, Object b) {
            if (a instanceof Double x && b instanceof Double y) {
                return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
            }
            return a instanceof Histogram && a.equals(b);
        }

        @Override
        public long appendExemplar(long ref, Labels labels, Exemplar exemplar) {
            checkOpen();
            MemSeries s = resolve(ref, labels);
            pendingExemplars.add(new Object[] {s, exemplar});
            return s.ref;
        }

        @Override
        public void updateMetadata(Labels labels, Metadata md) {
            checkOpen();
            pendingMetadata.add(new Object[] {labels.metricName(), md});
        }

        @Override
        public void commit() {
            checkOpen();
            done = true;
            lock.writeLock().lock();
            try {
                for (int i = 0; i < pending; i++) {
                    MemSeries s = pendingSeries.get(i);
                    // Another appender may have committed newer samples meanwhile: keep order.
                    if (pendingT[i] > s.lastT()) {
                        if (pendingH[i] != null) {
                            s.addHistogram(pendingT[i], pendingH[i]);
                        } else {
                            s.add(pendingT[i], pendingV[i]);
                        }
                    }
                }
                for (Object[] e : pendingExemplars) {
                    MemSeries s = (MemSeries) e[0];
                    Exemplar ex = (Exemplar) e[1];
                    boolean dup = !s.exemplars.isEmpty() && s.exemplars.getLast().equals(ex);
                    if (!dup) {
                        s.exemplars.add(ex);
                        if (s.exemplars.size() > MAX_EXEMPLARS_PER_SERIES) {
                            s.exemplars.removeFirst();
                        }
                    }
                }
                for (Object[] m : pendingMetadata) {
                    if (!((String) m[0]).isEmpty()) {
                        metadata.put((String) m[0], (Metadata) m[1]);
                    }
                }
            } finally {
                lock.writeLock().unlock();
            }
        }

        @Override
        public void rollback() {
            checkOpen();
            done = true;
            pending = 0;
            Arrays.fill(pendingH, null);
            pendingSeries.clear();
            pendingExemplars.clear();
            pendingMetadata.clear();
        }

        private void checkOpen() {
            if (done) {
                throw new IllegalStateException("appender already committed or rolled back");
            }
        }
    }

    private final class MemoryQuerier implements Querier {
        private final long mint;
        private final long maxt;

        MemoryQuerier(long mint, long maxt) {
            this.mint = mint;
            this.maxt = maxt;
        }

        @Override
        public SeriesSet select(boolean sorted, List<LabelMatcher> matchers) {
            List<Series> out = new ArrayList<>();
            lock.readLock().lock();
            try {
                for (MemSeries s : sorted ? sortedSeries() : new ArrayList<>(series.values())) {
                    if (!matchesAll(matchers, s.labels)) {
                        continue;
                    }
                    long end = maxt == Long.MAX_VALUE ? maxt : maxt + 1;
                    int from = lowerBound(s.ts, s.n, mint);
                    int to = maxt == Long.MAX_VALUE ? s.n : lowerBound(s.ts, s.n, end);
                    int hfrom = lowerBound(s.hts, s.hn, mint);
                    int hto = maxt == Long.MAX_VALUE ? s.hn : lowerBound(s.hts, s.hn, end);
                    if (hto > hfrom) {
                        out.add(new ArraySeries(s.labels, Arrays.copyOfRange(s.ts, from, to),
                                Arrays.copyOfRange(s.vs, from, to), Arrays.copyOfRange(s.hts, hfrom, hto),
                                Arrays.copyOfRange(s.hs, hfrom, hto)));
                    } else if (to > from) {
                        out.add(new ArraySeries(s.labels, Arrays.copyOfRange(s.ts, from, to),
                                Arrays.copyOfRange(s.vs, from, to)));
                    }
                }
            } finally {
                lock.readLock().unlock();
            }
            return SeriesSet.of(out);
        }



        /** Walks the series map under the read lock, copying nothing but the answer. */
        @Override
        public List<String> labelValues(String name, List<LabelMatcher> matchers) {
            TreeSet<String> out = new TreeSet<>();
            forEachInRange(matchers, l -> {
                String v = l.get(name);
                if (!v.isEmpty()) {
                    out.add(v);
                }
            });
            return new ArrayList<>(out);
        }

        @Override
        public List<String> labelNames(List<LabelMatcher> matchers) {
            TreeSet<String> out = new TreeSet<>();
            forEachInRange(matchers, l -> l.forEach((n, v) -> {
                if (!v.isEmpty()) {
                    out.add(n);
                }
            }));
            return new ArrayList<>(out);
        }

        private void forEachInRange(List<LabelMatcher> matchers, Consumer<Labels> action) {
            long end = maxt == Long.MAX_VALUE ? maxt : maxt + 1;
            lock.readLock().lock();
            try {
                for (MemSeries s : series.values()) {
                    if (!matchesAll(matchers, s.labels)) {
                        continue;
                    }
                    boolean floats = lowerBound(s.ts, s.n, mint) < (maxt == Long.MAX_VALUE ? s.n : lowerBound(s.ts, s.n, end));
                    boolean hists = lowerBound(s.hts, s.hn, mint) < (maxt == Long.MAX_VALUE ? s.hn : lowerBound(s.hts, s.hn, end));
                    if (floats || hists) {
                        action.accept(s.labels);
                    }
                }
            } finally {
                lock.readLock().unlock();
            }
        }

        @Override
        public void close() {
            // copies are garbage-collected
        }
    }

    private static int lowerBound(long[] a, int n, long key) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
