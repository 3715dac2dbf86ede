package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.StorageErrors;
import ai.gatewayz.obs.storage.io.ByteSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Buffers a batch and, on commit, applies it to the head and writes it to the WAL under the
 * TSDB's write lock, so readers never see half a batch and the WAL order equals the apply order.
 * Not thread-safe.
 */
final class HeadAppender implements Appender {
    private final Tsdb db;
    private MemSeries[] pSeries = new MemSeries[64];
    private long[] pT = new long[64];
    private long[] pBits = new long[64];
    private boolean[] pOoo = new boolean[64];
    private int n;
    /** Index of the newest in-order pending sample per series. */
    private final IdentityHashMap<MemSeries, Integer> lastPending = new IdentityHashMap<>();
    private final List<MemSeries> exSeries = new ArrayList<>();
    private final List<Exemplar> exemplars = new ArrayList<>();
    private final Map<String, Metadata> metadata = new LinkedHashMap<>();
    private boolean done;

    HeadAppender(Tsdb db) {
        this.db = db;
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
        checkOpen();
        if (t < db.minValidTime()) {
            throw StorageErrors.outOfBounds(labels, t);
        }
        MemSeries s = resolve(ref, labels);
        long bits = Double.doubleToRawLongBits(v);
        Integer pi = lastPending.get(s);
        long lastT;
        long lastBits;
        if (pi != null) {
            lastT = pT[pi];
            lastBits = pBits[pi];
        } else {
            db.lock.readLock().lock();
            try {
                lastT = s.lastT;
                lastBits = s.lastBits;
            } finally {
                db.lock.readLock().unlock();
            }
        }
        boolean ooo = false;
        if (t <= lastT) {
            if (t == lastT) {
                if (bits == lastBits) {
                    return s.ref; // an exact duplicate of the newest sample is a no-op
                }
                throw StorageErrors.duplicateTimestamp(labels, t);
            }
            int stored = lookup(s, t, bits);
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
        if (n == pT.length) {
            int cap = n * 2;
            pSeries = Arrays.copyOf(pSeries, cap);
            pT = Arrays.copyOf(pT, cap);
            pBits = Arrays.copyOf(pBits, cap);
            pOoo = Arrays.copyOf(pOoo, cap);
        }
        pSeries[n] = s;
        pT[n] = t;
        pBits[n] = bits;
        pOoo[n] = ooo;
        if (!ooo) {
            lastPending.put(s, n);
        }
        n++;
        return s.ref;
    }

    /** 0 absent, 1 stored with these bits, 2 stored with other bits (committed or pending). */
    private int lookup(MemSeries s, long t, long bits) {
        for (int i = 0; i < n; i++) {
            if (pSeries[i] == s && pT[i] == t) {
                return pBits[i] == bits ? 1 : 2;
            }
        }
        db.lock.readLock().lock();
        try {
            if (s.contains(t, bits)) {
                return 1;
            }
            return s.ooo != null && s.ooo.containsKey(t) ? 2 : 0;
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

    @Override
    public void commit() {
        checkOpen();
        done = true;
        if (n == 0 && exemplars.isEmpty() && metadata.isEmpty()) {
            return;
        }
        ByteSink sink = new ByteSink(64 + n * 14);
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
            // Apply first (in memory, invisible to readers until the lock is released), keeping only
            // what was accepted for the WAL; a concurrent writer may have moved a series on.
            boolean[] keep = new boolean[n];
            int kept = 0;
            long base = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                Tsdb.Applied a = db.applyLocked(pSeries[i], pT[i], pBits[i], pOoo[i]);
                if (a == Tsdb.Applied.APPENDED || a == Tsdb.Applied.OUT_OF_ORDER_STORED) {
                    keep[i] = true;
                    kept++;
                    base = Math.min(base, pT[i]);
                }
            }
            List<MemSeries> newSeries = new ArrayList<>();
            IdentityHashMap<MemSeries, Boolean> seen = new IdentityHashMap<>();
            for (int i = 0; i < n; i++) {
                if (keep[i] && !pSeries[i].walLogged && seen.put(pSeries[i], Boolean.TRUE) == null) {
                    newSeries.add(pSeries[i]);
                }
            }
            for (MemSeries s : exSeries) {
                if (!s.walLogged && seen.put(s, Boolean.TRUE) == null) {
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
            if (kept > 0) {
                sink.reset().putByte(WalRecords.SAMPLES).putUvarint(kept).putVarint(base);
                for (int i = 0; i < n; i++) {
                    if (keep[i]) {
                        sink.putUvarint(pSeries[i].ref).putVarint(pT[i] - base).putLong(pBits[i]);
                    }
                }
                db.logRecord(sink);
            }
            if (!exemplars.isEmpty()) {
                sink.reset().putByte(WalRecords.EXEMPLARS).putUvarint(exemplars.size());
                for (int i = 0; i < exemplars.size(); i++) {
                    exSeries.get(i).addExemplar(exemplars.get(i), db.opts.maxExemplarsPerSeries());
                    WalRecords.putExemplar(sink, exSeries.get(i).ref, exemplars.get(i));
                }
                db.logRecord(sink);
            }
            if (!metadata.isEmpty()) {
                sink.reset().putByte(WalRecords.METADATA).putUvarint(metadata.size());
                metadata.forEach((f, m) -> {
                    WalRecords.putMetadata(sink, f, m);
                    db.metadata.put(f, m);
                });
                db.logRecord(sink);
            }
            for (MemSeries s : newSeries) {
                s.walLogged = true;
            }
        } finally {
            db.lock.writeLock().unlock();
        }
        db.afterCommit();
    }

    @Override
    public void rollback() {
        checkOpen();
        done = true;
        n = 0;
        lastPending.clear();
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
