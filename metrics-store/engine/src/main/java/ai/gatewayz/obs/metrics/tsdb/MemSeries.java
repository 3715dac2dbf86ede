package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.storage.chunkenc.XorChunk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One series in the head: closed chunks, the open chunk being appended to, an out-of-order buffer
 * and recent exemplars. Mutated only under the head's write lock; read under its read lock.
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
    /** Whether the series record is in the WAL (set under the commit lock). */
    boolean walLogged;
    boolean removed;

    MemSeries(long ref, Labels labels) {
        this.ref = ref;
        this.labels = labels;
    }

    boolean isEmpty() {
        return lastT == Long.MIN_VALUE && (ooo == null || ooo.isEmpty());
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
        return m;
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
        if (exemplars != null) {
            exemplars.removeIf(e -> e.timestampMs() < minT);
        }
        return freed;
    }

    boolean hasNoData() {
        return closed.isEmpty() && (open == null || open.count() == 0) && (ooo == null || ooo.isEmpty());
    }

    long chunkBytes() {
        long b = open == null ? 0 : open.byteLength();
        for (ChunkMeta c : closed) {
            b += c.bytes().length;
        }
        return b;
    }

    /** An immutable view for a querier: chunk list plus a copy of the open chunk and the OOO points. */
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
                exemplars == null ? List.of() : List.copyOf(exemplars));
    }

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
        return new SeriesSnapshot(labels, chunks, ot, ob);
    }
}
