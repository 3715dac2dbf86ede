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
 * only costs a later miss. Bounded: when full the table starts over.
 */
final class SeriesRefCache {
    private static final int MAX_SLOTS = 1 << 22;
    private static final int PROBES = 8;

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

    /** 64-bit FNV-1a-style hash of {@code b[from, to)}, eight bytes at a time. */
    static long hash(byte[] b, int from, int to) {
        long h = 0x9E3779B97F4A7C15L ^ (to - from);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24
                    | (b[i + 4] & 0xFFL) << 32 | (b[i + 5] & 0xFFL) << 40 | (b[i + 6] & 0xFFL) << 48 | (b[i + 7] & 0xFFL) << 56;
            h = (h ^ w) * 0x100000001B3L;
            h ^= h >>> 29;
        }
        for (; i < to; i++) {
            h = (h ^ (b[i] & 0xFF)) * 0x100000001B3L;
        }
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        return h ^ (h >>> 32);
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
            if (t.length >= MAX_SLOTS) {
                t = new Entry[t.length];
                size = 0;
            } else {
                t = rehash(t, t.length * 2);
            }
        }
        int mask = t.length - 1;
        int idx = (int) hash & mask;
        int at = idx;
        for (int p = 0; p < PROBES; p++) {
            Entry old = t[(idx + p) & mask];
            if (old == null) {
                at = (idx + p) & mask;
                size++;
                break;
            }
            if (old.hash == hash && Arrays.equals(old.key, e.key)) {
                at = (idx + p) & mask;
                break;
            }
        }
        t[at] = e;
        table = t;
    }

    private static Entry[] rehash(Entry[] old, int slots) {
        Entry[] t = new Entry[slots];
        int mask = slots - 1;
        for (Entry e : old) {
            if (e == null) {
                continue;
            }
            int idx = (int) e.hash & mask;
            for (int p = 0; p < PROBES; p++) {
                if (t[(idx + p) & mask] == null) {
                    t[(idx + p) & mask] = e;
                    break;
                }
            }
        }
        return t;
    }

    int size() {
        return size;
    }
}
