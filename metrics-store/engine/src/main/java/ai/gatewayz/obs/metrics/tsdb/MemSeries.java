package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.storage.chunkenc.XorChunk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One series in the head: closed chunks, the open chunk being appended to, an out-of-order buffer
 * and recent exemplars, for float samples (XOR chunks) and, kept apart, for native histogram
 * samples ({@link HistogramChunk}s, created on the first histogram). Timestamps are ordered across
 * both kinds: {@link #lastT} is the newest in-order sample of either, {@link #lastH} non-null when
 * that sample is a histogram. Mutated only under the head's write lock; read under its read lock.
 */
final class MemSeries {
    final long ref;
    final Labels labels;
    final List<ChunkMeta> closed = new ArrayList<>(0); // shares the empty array until a chunk closes
    XorChunk.Appender open;
    long openMinT;
    long lastT = Long.MIN_VALUE;
    long lastBits;
    /** Samples accepted behind {@link #lastT} within the out-of-order window: t → raw bits. */
    TreeMap<Long, Long> ooo;
    ArrayDeque<Exemplar> exemplars;
    /** The newest in-order sample when it is a histogram, else null. */
    Histogram lastH;
    /** Histogram chunks; null until the series' first histogram sample. */
    List<ChunkMeta> hclosed;
    HistogramChunk.Appender hopen;
    long hopenMinT;
    long hopenMaxT;
    /** Histogram samples accepted behind {@link #lastT}: t → sample. */
    TreeMap<Long, Histogram> hooo;
    /** Whether the series record is in the WAL (set under the commit lock). */
    boolean walLogged;
    boolean removed;

    MemSeries(long ref, Labels labels) {
        this.ref = ref;
        this.labels = labels;
    }

    boolean isEmpty() {
        return lastT == Long.MIN_VALUE && (ooo == null || ooo.isEmpty()) && (hooo == null || hooo.isEmpty());
    }

    /** Newest out-of-order timestamp of either kind, or Long.MIN_VALUE. */
    long oooMaxT() {
        long m = Long.MIN_VALUE;
        if (ooo != null && !ooo.isEmpty()) {
            m = ooo.lastKey();
        }
        if (hooo != null && !hooo.isEmpty()) {
            m = Math.max(m, hooo.lastKey());
        }
        return m;
    }

    long minT() {
        long m = Long.MAX_VALUE;
        if (!closed.isEmpty()) {
            m = closed.getFirst().minT();
        } else if (open != null && open.count() > 0) {
            m = openMinT;
        }
        if (ooo != null && !ooo.isEmpty()) {
            m = Math.min(m, ooo.firstKey());
        }
        if (hclosed != null && !hclosed.isEmpty()) {
            m = Math.min(m, hclosed.getFirst().minT());
        } else if (hopen != null && hopen.count() > 0) {
            m = Math.min(m, hopenMinT);
        }
        if (hooo != null && !hooo.isEmpty()) {
            m = Math.min(m, hooo.firstKey());
        }
        return m;
    }

    /** Appends a histogram in order; the caller has checked {@code t > lastT}. */
    void appendHistogramInOrder(long t, Histogram h, int chunkPoints) {
        if (hclosed == null) {
            hclosed = new ArrayList<>(0);
        }
        if (hopen == null || hopen.count() >= chunkPoints) {
            closeHOpen();
            hopen = new HistogramChunk.Appender();
            hopenMinT = t;
        }
        hopen.append(t, h);
        hopenMaxT = t;
        lastT = t;
        lastH = h;
    }

    void closeHOpen() {
        if (hopen != null && hopen.count() > 0) {
            hclosed.add(new ChunkMeta(hopenMinT, hopenMaxT, hopen.bytes()));
        }
        hopen = null;
    }

    void appendHistogramOutOfOrder(long t, Histogram h) {
        if (hooo == null) {
            hooo = new TreeMap<>();
        }
        hooo.put(t, h);
    }

    /** Restores a histogram chunk read from a checkpoint (chunks arrive oldest first). */
    void restoreHistogramChunk(long minT, long maxT, byte[] bytes) {
        if (hclosed == null) {
            hclosed = new ArrayList<>(1);
        }
        closeHOpen();
        hclosed.add(new ChunkMeta(minT, maxT, bytes));
        if (maxT >= lastT || lastT == Long.MIN_VALUE) {
            HistogramChunk.Iterator it = new HistogramChunk.Iterator(bytes);
            while (it.next()) {
                lastT = it.t();
                lastH = it.h();
            }
        }
    }

    /**
     * What is stored at {@code t} compared with a new sample (float {@code bits} when {@code h} is
     * null, else histogram {@code h}): 0 nothing, 1 an equal sample, 2 a different one (of either kind).
     */
    int sampleAt(long t, long bits, Histogram h) {
        if (h == null ? contains(t, bits) : histogramAt(t) != null && histogramAt(t).equals(h)) {
            return 1;
        }
        if (ooo != null && ooo.containsKey(t) || hasFloatAt(t) || histogramAt(t) != null) {
            return 2;
        }
        return 0;
    }

    private boolean hasFloatAt(long t) {
        XorChunk.Iterator it = new XorChunk.Iterator();
        for (ChunkMeta c : closed) {
            if (t >= c.minT() && t <= c.maxT() && at(it.reset(c.bytes()), t)) {
                return true;
            }
        }
        return open != null && open.count() > 0 && t >= openMinT && at(it.reset(open.toByteArray()), t);
    }

    private static boolean at(XorChunk.Iterator it, long t) {
        while (it.next()) {
            if (it.t() >= t) {
                return it.t() == t;
            }
        }
        return false;
    }

    /** The histogram stored at {@code t}, or null. */
    Histogram histogramAt(long t) {
        if (hclosed == null) {
            return null;
        }
        if (hooo != null) {
            Histogram o = hooo.get(t);
            if (o != null) {
                return o;
            }
        }
        for (ChunkMeta c : hclosed) {
            if (t >= c.minT() && t <= c.maxT()) {
                return scanHistogram(c.bytes(), t);
            }
        }
        return hopen != null && hopen.count() > 0 && t >= hopenMinT ? scanHistogram(hopen.bytes(), t) : null;
    }

    private static Histogram scanHistogram(byte[] chunk, long t) {
        HistogramChunk.Iterator it = new HistogramChunk.Iterator(chunk);
        while (it.next()) {
            if (it.t() >= t) {
                return it.t() == t ? it.h() : null;
            }
        }
        return null;
    }

    /** Appends in order; the caller has checked {@code t > lastT}. */
    void appendInOrder(long t, long bits, int chunkPoints) {
        if (open == null || open.count() >= chunkPoints) {
            closeOpen();
            // Size the new chunk like the last closed one (plus an eighth): no regrowth copies, whose
            // garbage would outlive young collections and inflate the old generation.
            int cap = closed.isEmpty() ? 32 : closed.getLast().bytes().length + closed.getLast().bytes().length / 8 + 8;
            open = new XorChunk.Appender(cap, chunkPoints);
            openMinT = t;
        }
        open.append(t, bits);
        lastT = t;
        lastBits = bits;
        lastH = null;
    }

    void closeOpen() {
        if (open != null && open.count() > 0) {
            closed.add(new ChunkMeta(openMinT, open.lastT(), open.toByteArray()));
        }
        open = null;
    }

    void appendOutOfOrder(long t, long bits) {
        if (ooo == null) {
            ooo = new TreeMap<>();
        }
        ooo.put(t, bits);
    }

    /** Restores a chunk read from a checkpoint (chunks arrive oldest first). */
    void restoreChunk(long minT, long maxT, byte[] bytes) {
        closeOpen();
        closed.add(new ChunkMeta(minT, maxT, bytes));
        if (maxT >= lastT || lastT == Long.MIN_VALUE) {
            XorChunk.Iterator it = new XorChunk.Iterator().reset(bytes);
            while (it.next()) {
                lastT = it.t();
                lastBits = it.bits();
                lastH = null;
            }
        }
    }

    /** Whether a sample with exactly this timestamp and these bits is stored. */
    boolean contains(long t, long bits) {
        if (ooo != null) {
            Long b = ooo.get(t);
            if (b != null) {
                return b == bits;
            }
        }
        XorChunk.Iterator it = new XorChunk.Iterator();
        for (ChunkMeta c : closed) {
            if (t >= c.minT() && t <= c.maxT() && scan(it.reset(c.bytes()), t, bits)) {
                return true;
            }
        }
        return open != null && open.count() > 0 && t >= openMinT && scan(it.reset(open.toByteArray()), t, bits);
    }

    private static boolean scan(XorChunk.Iterator it, long t, long bits) {
        while (it.next()) {
            if (it.t() == t) {
                return it.bits() == bits;
            }
            if (it.t() > t) {
                return false;
            }
        }
        return false;
    }

    void addExemplar(Exemplar e, int max) {
        if (max == 0) {
            return;
        }
        if (exemplars == null) {
            exemplars = new ArrayDeque<>(4);
        }
        Exemplar last = exemplars.peekLast();
        if (last != null && (last.equals(e) || e.timestampMs() < last.timestampMs())) {
            return; // duplicates and out-of-order exemplars are dropped silently
        }
        exemplars.addLast(e);
        while (exemplars.size() > max) {
            exemplars.removeFirst();
        }
    }

    /** Drops data older than {@code minT}; returns bytes freed. */
    long truncateBefore(long minT) {
        long freed = 0;
        while (!closed.isEmpty() && closed.getFirst().maxT() < minT) {
            freed += closed.removeFirst().bytes().length;
        }
        if (closed.isEmpty() && open != null && open.count() > 0 && open.lastT() < minT) {
            freed += open.byteLength();
            open = null;
        }
        if (ooo != null) {
            ooo.headMap(minT).clear();
        }
        if (hclosed != null) {
            while (!hclosed.isEmpty() && hclosed.getFirst().maxT() < minT) {
                freed += hclosed.removeFirst().bytes().length;
            }
            if (hclosed.isEmpty() && hopen != null && hopen.count() > 0 && hopenMaxT < minT) {
                freed += hopen.byteLength();
                hopen = null;
            }
        }
        if (hooo != null) {
            hooo.headMap(minT).clear();
        }
        if (exemplars != null) {
            exemplars.removeIf(e -> e.timestampMs() < minT);
        }
        return freed;
    }

    boolean hasNoData() {
        return closed.isEmpty() && (open == null || open.count() == 0) && (ooo == null || ooo.isEmpty())
                && !hasHistograms();
    }

    /** Whether any histogram sample is held. */
    boolean hasHistograms() {
        return hclosed != null && (!hclosed.isEmpty() || hopen != null && hopen.count() > 0 || hooo != null && !hooo.isEmpty());
    }

    long chunkBytes() {
        long b = open == null ? 0 : open.byteLength();
        for (ChunkMeta c : closed) {
            b += c.bytes().length;
        }
        if (hclosed != null) {
            b += hopen == null ? 0 : hopen.byteLength();
            for (ChunkMeta c : hclosed) {
                b += c.bytes().length;
            }
        }
        return b;
    }

    /** Histogram chunks including a copy of the open one (empty list when none). */
    private List<ChunkMeta> histogramChunks() {
        if (hclosed == null) {
            return List.of();
        }
        List<ChunkMeta> out = new ArrayList<>(hclosed.size() + 1);
        out.addAll(hclosed);
        if (hopen != null && hopen.count() > 0) {
            out.add(new ChunkMeta(hopenMinT, hopenMaxT, hopen.bytes()));
        }
        return out;
    }

    private HistogramOoo histogramOoo() {
        if (hooo == null || hooo.isEmpty()) {
            return null;
        }
        long[] t = new long[hooo.size()];
        Histogram[] h = new Histogram[hooo.size()];
        int i = 0;
        for (Map.Entry<Long, Histogram> e : hooo.entrySet()) {
            t[i] = e.getKey();
            h[i++] = e.getValue();
        }
        return new HistogramOoo(t, h);
    }

    /** The checkpoint's image of this series; call under the head's write lock. */
    CheckpointImage checkpointImage() {
        long[] ot = null;
        long[] ob = null;
        if (ooo != null && !ooo.isEmpty()) {
            ot = new long[ooo.size()];
            ob = new long[ooo.size()];
            int i = 0;
            for (Map.Entry<Long, Long> e : ooo.entrySet()) {
                ot[i] = e.getKey();
                ob[i++] = e.getValue();
            }
        }
        boolean hasOpen = open != null && open.count() > 0;
        return new CheckpointImage(ref, labels, closed.isEmpty() ? List.of() : List.copyOf(closed), openMinT,
                hasOpen ? open.lastT() : 0, hasOpen ? open.freeze() : null, ot, ob,
                exemplars == null ? List.of() : List.copyOf(exemplars), histogramChunks(), histogramOoo());
    }

    /** An immutable view for a querier: chunk lists plus copies of the open chunks and the OOO points. */
    SeriesSnapshot snapshot() {
        List<ChunkMeta> chunks = new ArrayList<>(closed.size() + 1);
        chunks.addAll(closed);
        if (open != null && open.count() > 0) {
            chunks.add(new ChunkMeta(openMinT, open.lastT(), open.toByteArray()));
        }
        long[] ot = null;
        long[] ob = null;
        if (ooo != null && !ooo.isEmpty()) {
            ot = new long[ooo.size()];
            ob = new long[ooo.size()];
            int i = 0;
            for (Map.Entry<Long, Long> e : ooo.entrySet()) {
                ot[i] = e.getKey();
                ob[i++] = e.getValue();
            }
        }
        return new SeriesSnapshot(labels, chunks, ot, ob, histogramChunks(), histogramOoo());
    }
}
