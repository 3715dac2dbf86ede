package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.StorageErrors;
import ai.gatewayz.obs.storage.io.ByteSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Buffers a batch and, on commit, writes it to the WAL and then applies it to the head, both under
 * the TSDB's write lock, so readers never see half a batch, never see a sample before it is
 * durable, and the WAL order equals the apply order.
 * Pending samples live in primitive arrays borrowed from a small pool and handed back on commit or
 * rollback, so a batch allocates nothing per sample. Not thread-safe.
 */
final class HeadAppender implements Appender {
    /** Buffers kept between batches; larger ones are left to the GC. */
    private static final ConcurrentLinkedQueue<Buffers> POOL = new ConcurrentLinkedQueue<>();
    private static final int POOL_MAX = 8;
    private static final int KEEP_SAMPLES = 1 << 16;

    /** The reusable state of one batch: pending samples, a ref-to-index map, the WAL record buffer. */
    static final class Buffers {
        MemSeries[] series = new MemSeries[1024];
        long[] t = new long[1024];
        long[] bits = new long[1024];
        boolean[] ooo = new boolean[1024];
        boolean[] keep = new boolean[1024];
        /** The histogram of a pending histogram sample, null for a float; allocated on the first histogram. */
        Histogram[] hist;
        /** Pending histogram samples in the batch (0: the float-only fast path). */
        int histograms;
        /** Open addressing: series ref → 1 + index of its newest in-order pending sample (0 = empty slot). */
        long[] mapRef = new long[2048];
        int[] mapIdx = new int[2048];
        int mapSize;
        final List<MemSeries> newSeries = new ArrayList<>();
        final ByteSink sink = new ByteSink(16 << 10);

        void grow() {
            int cap = series.length * 2;
            series = Arrays.copyOf(series, cap);
            t = Arrays.copyOf(t, cap);
            bits = Arrays.copyOf(bits, cap);
            ooo = Arrays.copyOf(ooo, cap);
            keep = new boolean[cap];
            if (hist != null) {
                hist = Arrays.copyOf(hist, cap);
            }
        }

        void setHistogram(int i, Histogram h) {
            if (h == null && hist == null) {
                return;
            }
            if (hist == null) {
                hist = new Histogram[series.length];
            }
            hist[i] = h;
            if (h != null) {
                histograms++;
            }
        }

        Histogram histogram(int i) {
            return hist == null ? null : hist[i];
        }

        int get(long ref) {
            int mask = mapRef.length - 1;
            for (int i = mix(ref) & mask; ; i = (i + 1) & mask) {
                if (mapIdx[i] == 0) {
                    return -1;
                }
                if (mapRef[i] == ref) {
                    return mapIdx[i] - 1;
                }
            }
        }

        void put(long ref, int idx) {
            if ((mapSize + 1) * 2 > mapRef.length) {
                long[] oldRef = mapRef;
                int[] oldIdx = mapIdx;
                mapRef = new long[oldRef.length * 2];
                mapIdx = new int[oldRef.length * 2];
                mapSize = 0;
                for (int i = 0; i < oldRef.length; i++) {
                    if (oldIdx[i] != 0) {
                        put(oldRef[i], oldIdx[i] - 1);
                    }
                }
            }
            int mask = mapRef.length - 1;
            for (int i = mix(ref) & mask; ; i = (i + 1) & mask) {
                if (mapIdx[i] == 0) {
                    mapRef[i] = ref;
                    mapIdx[i] = idx + 1;
                    mapSize++;
                    return;
                }
                if (mapRef[i] == ref) {
                    mapIdx[i] = idx + 1;
                    return;
                }
            }
        }

        private static int mix(long ref) {
            long h = ref * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }

        void clear(int n) {
            Arrays.fill(series, 0, n, null);
            if (hist != null) {
                Arrays.fill(hist, 0, n, null);
            }
            histograms = 0;
            if (mapSize > 0) {
                Arrays.fill(mapIdx, 0);
                mapSize = 0;
            }
            newSeries.clear();
        }
    }

    private final Tsdb db;
    private Buffers buf;
    private int n;
    private final List<MemSeries> exSeries = new ArrayList<>();
    private final List<Exemplar> exemplars = new ArrayList<>();
    private final Map<String, Metadata> metadata = new LinkedHashMap<>();
    private boolean done;

    HeadAppender(Tsdb db) {
        this.db = db;
        Buffers b = POOL.poll();
        this.buf = b != null ? b : new Buffers();
    }

    private void release() {
        Buffers b = buf;
        buf = null;
        b.clear(n);
        if (b.series.length <= KEEP_SAMPLES && POOL.size() < POOL_MAX) {
            POOL.offer(b);
        }
    }

    private MemSeries resolve(long ref, Labels labels) {
        if (ref != 0) {
            MemSeries s = db.byRef.get(ref);
            if (s != null && !s.removed && s.labels.equals(labels)) {
                return s;
            }
        }
        return db.getOrCreate(labels);
    }

    @Override
    public long append(long ref, Labels labels, long t, double v) {
        return add(ref, labels, t, Double.doubleToRawLongBits(v), null);
    }

    @Override
    public long appendHistogram(long ref, Labels labels, long t, Histogram h) {
        return add(ref, labels, t, 0, java.util.Objects.requireNonNull(h, "histogram"));
    }

    /** Buffers a float sample ({@code h} null) or a histogram sample. */
    private long add(long ref, Labels labels, long t, long bits, Histogram h) {
        checkOpen();
        if (t < db.minValidTime()) {
            throw StorageErrors.outOfBounds(labels, t);
        }
        MemSeries s = resolve(ref, labels);
        Buffers b = buf;
        int pi = b.mapSize == 0 ? -1 : b.get(s.ref);
        if (pi >= 0 && b.series[pi] != s) {
            pi = -1; // the series was replaced in the head (retention) after this batch saw it
        }
        long lastT;
        long lastBits;
        Histogram lastH;
        if (pi >= 0) {
            lastT = b.t[pi];
            lastBits = b.bits[pi];
            lastH = b.histogram(pi);
        } else {
            db.lock.readLock().lock();
            try {
                lastT = s.lastT;
                lastBits = s.lastBits;
                lastH = s.lastH;
            } finally {
                db.lock.readLock().unlock();
            }
        }
        boolean ooo = false;
        if (t <= lastT) {
            if (t == lastT) {
                if (Tsdb.sameSample(lastBits, lastH, bits, h)) {
                    return s.ref; // an exact duplicate of the newest sample is a no-op
                }
                throw StorageErrors.duplicateTimestamp(labels, t);
            }
            int stored = lookup(s, t, bits, h);
            if (stored == 1) {
                return s.ref; // exact duplicate of an older sample: idempotent replays
            }
            if (stored == 2) {
                throw StorageErrors.duplicateTimestamp(labels, t);
            }
            long window = db.opts.outOfOrderWindow().toMillis();
            if (window <= 0 || t < lastT - window) {
                throw StorageErrors.outOfOrder(labels, t, lastT);
            }
            ooo = true;
        }
        if (n == b.t.length) {
            b.grow();
        }
        b.series[n] = s;
        b.t[n] = t;
        b.bits[n] = bits;
        b.ooo[n] = ooo;
        b.setHistogram(n, h);
        if (!ooo) {
            b.put(s.ref, n);
        }
        n++;
        return s.ref;
    }

    /** 0 absent, 1 stored with this value, 2 stored with another value or kind (committed or pending). */
    private int lookup(MemSeries s, long t, long bits, Histogram h) {
        Buffers b = buf;
        for (int i = 0; i < n; i++) {
            if (b.series[i] == s && b.t[i] == t) {
                return Tsdb.sameSample(b.bits[i], b.histogram(i), bits, h) ? 1 : 2;
            }
        }
        db.lock.readLock().lock();
        try {
            return s.sampleAt(t, bits, h);
        } finally {
            db.lock.readLock().unlock();
        }
    }

    @Override
    public long appendExemplar(long ref, Labels labels, Exemplar exemplar) {
        checkOpen();
        MemSeries s = resolve(ref, labels);
        exSeries.add(s);
        exemplars.add(exemplar);
        return s.ref;
    }

    @Override
    public void updateMetadata(Labels labels, Metadata md) {
        checkOpen();
        String family = labels.metricName();
        if (!family.isEmpty()) {
            metadata.put(family, md);
        }
    }

    /**
     * Under the write lock: decides which pending samples the head accepts (without changing it),
     * writes and (per the sync policy) syncs their WAL records, and only then applies them, so a
     * sample is never visible before it is durable, and a failed WAL write leaves nothing of the
     * batch visible ({@link StorageErrors#walWriteFailed}, a 503 for clients).
     */
    @Override
    public void commit() {
        checkOpen();
        done = true;
        if (n == 0 && exemplars.isEmpty() && metadata.isEmpty()) {
            release();
            return;
        }
        Buffers b = buf;
        MemSeries[] pSeries = b.series;
        long[] pT = b.t;
        long[] pBits = b.bits;
        boolean[] keep = b.keep;
        ByteSink sink = b.sink;
        List<MemSeries> newSeries = b.newSeries;
        db.lock.writeLock().lock();
        try {
            for (int i = 0; i < n; i++) {
                if (pSeries[i].removed) {
                    pSeries[i] = db.getOrCreate(pSeries[i].labels);
                }
            }
            for (int i = 0; i < exSeries.size(); i++) {
                if (exSeries.get(i).removed) {
                    exSeries.set(i, db.getOrCreate(exSeries.get(i).labels));
                }
            }
            int kept = decideLocked(b);
            long base = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                if (keep[i]) {
                    base = Math.min(base, pT[i]);
                }
            }
            // 1. The WAL. Series not yet in it, each once: walLogged doubles as the "already listed"
            // mark and is reset if writing fails, so the next batch logs them again.
            try {
                for (int i = 0; i < n; i++) {
                    if (keep[i] && !pSeries[i].walLogged) {
                        pSeries[i].walLogged = true;
                        newSeries.add(pSeries[i]);
                    }
                }
                for (MemSeries s : exSeries) {
                    if (!s.walLogged) {
                        s.walLogged = true;
                        newSeries.add(s);
                    }
                }
                if (!newSeries.isEmpty()) {
                    sink.reset().putByte(WalRecords.SERIES).putUvarint(newSeries.size());
                    for (MemSeries s : newSeries) {
                        sink.putUvarint(s.ref);
                        WalRecords.putLabels(sink, s.labels);
                    }
                    db.logRecord(sink);
                }
                int keptHistograms = 0;
                if (b.histograms > 0) {
                    for (int i = 0; i < n; i++) {
                        if (keep[i] && b.hist[i] != null) {
                            keptHistograms++;
                        }
                    }
                }
                if (kept > keptHistograms) {
                    sink.reset().putByte(WalRecords.SAMPLES).putUvarint(kept - keptHistograms).putVarint(base);
                    for (int i = 0; i < n; i++) {
                        if (keep[i] && (keptHistograms == 0 || b.hist[i] == null)) {
                            sink.putUvarint(pSeries[i].ref).putVarint(pT[i] - base).putLong(pBits[i]);
                        }
                    }
                    db.logRecord(sink);
                }
                if (keptHistograms > 0) {
                    sink.reset().putByte(WalRecords.HISTOGRAMS).putUvarint(keptHistograms).putVarint(base);
                    for (int i = 0; i < n; i++) {
                        if (keep[i] && b.hist[i] != null) {
                            sink.putUvarint(pSeries[i].ref).putVarint(pT[i] - base);
                            HistogramCodec.write(sink, b.hist[i], null);
                        }
                    }
                    db.logRecord(sink);
                }
                if (!exemplars.isEmpty()) {
                    sink.reset().putByte(WalRecords.EXEMPLARS).putUvarint(exemplars.size());
                    for (int i = 0; i < exemplars.size(); i++) {
                        WalRecords.putExemplar(sink, exSeries.get(i).ref, exemplars.get(i));
                    }
                    db.logRecord(sink);
                }
                if (!metadata.isEmpty()) {
                    sink.reset().putByte(WalRecords.METADATA).putUvarint(metadata.size());
                    metadata.forEach((f, m) -> WalRecords.putMetadata(sink, f, m));
                    db.logRecord(sink);
                }
            } catch (RuntimeException | Error e) {
                for (MemSeries s : newSeries) {
                    s.walLogged = false;
                }
                throw e;
            }
            // 2. Durable: now make it visible (readers wait for the lock).
            for (int i = 0; i < n; i++) {
                if (keep[i]) {
                    db.applyLocked(pSeries[i], pT[i], pBits[i], b.histogram(i), b.ooo[i]);
                }
            }
            for (int i = 0; i < exemplars.size(); i++) {
                exSeries.get(i).addExemplar(exemplars.get(i), db.opts.maxExemplarsPerSeries());
            }
            metadata.forEach(db.metadata::put);
        } finally {
            db.lock.writeLock().unlock();
            release();
        }
        db.afterCommit();
    }

    /**
     * Sets {@code keep[i]} for the samples the head will accept, as {@link Tsdb#applyLocked} would
     * decide them applied in order, without applying: a series' newest sample is tracked through the
     * batch in the ref map (reused: append's entries are no longer needed). A concurrent writer may
     * have moved a series on since append checked it. Returns how many are kept.
     */
    private int decideLocked(Buffers b) {
        if (b.mapSize > 0) {
            Arrays.fill(b.mapIdx, 0);
            b.mapSize = 0;
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
            MemSeries s = b.series[i];
            int prev = b.mapSize == 0 ? -1 : b.get(s.ref);
            if (prev >= 0 && b.series[prev] != s) {
                prev = -1;
            }
            long lastT = prev >= 0 ? b.t[prev] : s.lastT;
            long lastBits = prev >= 0 ? b.bits[prev] : s.lastBits;
            Histogram lastH = prev >= 0 ? b.histogram(prev) : s.lastH;
            Tsdb.Applied a = Tsdb.decide(s, lastT, lastBits, lastH, b.t[i], b.bits[i], b.histogram(i), b.ooo[i]);
            b.keep[i] = a == Tsdb.Applied.APPENDED || a == Tsdb.Applied.OUT_OF_ORDER_STORED;
            if (a == Tsdb.Applied.APPENDED) {
                b.put(s.ref, i);
            }
            if (b.keep[i]) {
                kept++;
            }
        }
        return kept;
    }

    @Override
    public void rollback() {
        checkOpen();
        done = true;
        release();
        n = 0;
        exSeries.clear();
        exemplars.clear();
        metadata.clear();
    }

    private void checkOpen() {
        if (done) {
            throw new IllegalStateException("appender already committed or rolled back");
        }
    }
}
