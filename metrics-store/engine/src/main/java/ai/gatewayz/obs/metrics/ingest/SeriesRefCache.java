package ai.gatewayz.obs.metrics.ingest;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.limits.TenantLimits;
import ai.gatewayz.obs.metrics.storage.Storage;
import java.util.Arrays;

/**
 * Validated series of one tenant's storage, keyed by the exact bytes their labels arrived as (the
 * 1.0 {@code Label} fields of a {@code TimeSeries}): a series seen before costs a hash and a byte
 * comparison instead of strings, validation and a label-map lookup. Entries are only ever added for
 * label sets that passed validation under {@link #limits}, so a hit is exactly as valid as a
 * rebuild; the series reference is a hint the storage checks against the labels.
 *
 * <p>Thread-safe without locks on the read side: slots hold immutable entries; a lost insert race
 * only costs a later miss. Bounded: when full the table starts over. Entries of series the head has
 * dropped (retention) are not evicted one by one; they go when the table starts over, and a stale
 * ref is harmless because the storage checks it against the labels.
 */
final class SeriesRefCache {
    /** At most half full: about a million series per tenant (~130 MB) before the table starts over. */
    private static final int MAX_SLOTS = 1 << 21;
    private static final int PROBES = 16;

    /** One cached series. Immutable. */
    record Entry(long hash, byte[] key, Labels labels, long ref) {
    }

    final Storage storage;
    final TenantLimits limits;
    private volatile Entry[] table = new Entry[1024];
    private int size;

    SeriesRefCache(Storage storage, TenantLimits limits) {
        this.storage = storage;
        this.limits = limits;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** A 64-bit hash of {@code b[from, to)}, eight bytes at a time (xxHash-style rounds, murmur3 finaliser). */
    static long hash(byte[] b, int from, int to) {
        long h = 0x27D4EB2F165667C5L + (to - from);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONGS.get(b, i);
            h ^= Long.rotateLeft(w * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B97F4A7C15L;
            h = Long.rotateLeft(h, 27) * 0x9E3779B97F4A7C15L + 0x85EBCA77C2B2AE63L;
        }
        for (; i < to; i++) {
            h ^= (b[i] & 0xFFL) * 0x27D4EB2F165667C5L;
            h = Long.rotateLeft(h, 11) * 0x9E3779B97F4A7C15L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    /** The entry whose key equals {@code b[from, to)}, or null. */
    Entry get(long hash, byte[] b, int from, int to) {
        Entry[] t = table;
        int mask = t.length - 1;
        int idx = (int) hash & mask;
        for (int p = 0; p < PROBES; p++) {
            Entry e = t[(idx + p) & mask];
            if (e == null) {
                return null;
            }
            if (e.hash == hash && Arrays.equals(e.key, 0, e.key.length, b, from, to)) {
                return e;
            }
        }
        return null;
    }

    /** Remembers a validated series. */
    synchronized void put(long hash, byte[] b, int from, int to, Labels labels, long ref) {
        Entry e = new Entry(hash, Arrays.copyOfRange(b, from, to), labels, ref);
        Entry[] t = table;
        if (size * 2 >= t.length) {
            t = grow(t);
        }
        while (!insert(t, e)) {
            if (t.length >= MAX_SLOTS) {
                t[(int) hash & (t.length - 1)] = e; // full: replace the entry in the home slot
                break;
            }
            t = rehash(t, t.length * 2);
        }
        table = t;
    }

    private Entry[] grow(Entry[] t) {
        if (t.length >= MAX_SLOTS) {
            size = 0;
            return new Entry[t.length]; // start over rather than grow without bound
        }
        return rehash(t, t.length * 2);
    }

    /** Puts {@code e} in the first free slot (or over the entry with its key) within the probe window. */
    private boolean insert(Entry[] t, Entry e) {
        int mask = t.length - 1;
        int idx = (int) e.hash & mask;
        for (int p = 0; p < PROBES; p++) {
            int at = (idx + p) & mask;
            Entry old = t[at];
            if (old == null) {
                t[at] = e;
                size++;
                return true;
            }
            if (old.hash == e.hash && Arrays.equals(old.key, e.key)) {
                t[at] = e;
                return true;
            }
        }
        return false;
    }

    private Entry[] rehash(Entry[] old, int slots) {
        Entry[] t = new Entry[slots];
        size = 0;
        for (Entry e : old) {
            if (e != null && !insert(t, e)) {
                return rehash(old, slots * 2);
            }
        }
        return t;
    }

    int size() {
        return size;
    }
}
