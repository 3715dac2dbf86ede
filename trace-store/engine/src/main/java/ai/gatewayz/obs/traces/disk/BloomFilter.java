package ai.gatewayz.obs.traces.disk;

import ai.gatewayz.obs.storage.io.ByteSink;
import ai.gatewayz.obs.storage.io.ByteSource;
import ai.gatewayz.obs.storage.io.CorruptDataException;
import ai.gatewayz.obs.traces.model.TraceId;

/**
 * A per-block bloom filter over trace ids (about 10 bits and 7 probes per id, ~1% false
 * positives), so a trace-by-id lookup opens only the blocks that may hold the trace. Immutable
 * once built; safe to share.
 */
final class BloomFilter {
    static final int PROBES = 7;
    private final long[] words;
    private final long bits;

    private BloomFilter(long[] words) {
        this.words = words;
        this.bits = (long) words.length * 64;
    }

    static BloomFilter forCount(int n) {
        long bits = Math.max(64, (long) n * 10);
        return new BloomFilter(new long[(int) ((bits + 63) / 64)]);
    }

    void add(TraceId id) {
        long h1 = mix(id.lo());
        long h2 = mix(id.hi() ^ 0x9E3779B97F4A7C15L) | 1;
        for (int i = 0; i < PROBES; i++) {
            long b = Long.remainderUnsigned(h1 + i * h2, bits);
            words[(int) (b >>> 6)] |= 1L << b;
        }
    }

    boolean mightContain(TraceId id) {
        long h1 = mix(id.lo());
        long h2 = mix(id.hi() ^ 0x9E3779B97F4A7C15L) | 1;
        for (int i = 0; i < PROBES; i++) {
            long b = Long.remainderUnsigned(h1 + i * h2, bits);
            if ((words[(int) (b >>> 6)] & (1L << b)) == 0) {
                return false;
            }
        }
        return true;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    void writeTo(ByteSink out) {
        out.putUvarint(PROBES).putUvarint(words.length);
        for (long w : words) {
            out.putLong(w);
        }
    }

    static BloomFilter read(ByteSource in) {
        int probes = in.getUvarintInt();
        int n = in.getUvarintInt();
        if (probes != PROBES || n == 0 || n > in.remaining() / 8) {
            throw new CorruptDataException("bad bloom filter header [probes=" + probes + ", words=" + n + "]");
        }
        long[] w = new long[n];
        for (int i = 0; i < n; i++) {
            w[i] = in.getLong();
        }
        return new BloomFilter(w);
    }
}
