package ai.gatewayz.obs.logs.storage.disk;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Bloom filter over the byte trigrams of a chunk's lines. A literal of three or more bytes can
 * only occur in the chunk if every one of its trigrams is in the filter, so a needle query skips a
 * chunk whose filter lacks one. Few bits per trigram suffice because a needle has many trigrams and
 * all must collide. Immutable once built; thread-safe for reads. Layout in docs/formats/log-block.md.
 */
final class GramFilter {
    static final int HASHES = 2;
    static final int BITS_PER_GRAM = 4;

    private final long[] bits;

    GramFilter(long[] bits) {
        this.bits = bits;
    }

    long[] words() {
        return bits;
    }

    /** True when the filter cannot rule out that some line contains each literal. */
    boolean mayContainAll(List<String> literals) {
        for (String lit : literals) {
            byte[] b = lit.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i + 3 <= b.length; i++) {
                if (!mayContain(gram(b, i))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * True when the filter cannot rule out that some line contains each ASCII lower-case literal
     * ignoring ASCII case: a trigram counts as present when any of its case variants is. Trigrams
     * with an i, k or s are not used, since a case-insensitive regex also matches them with the
     * non-ASCII letters that fold to them (dotless and dotted I, long s, the Kelvin sign).
     */
    boolean mayContainAllFolded(List<String> lowerLiterals) {
        for (String lit : lowerLiterals) {
            byte[] b = lit.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i + 3 <= b.length; i++) {
                if (!anyCase(b, i)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean anyCase(byte[] b, int i) {
        int letters = 0;
        for (int k = 0; k < 3; k++) {
            byte c = b[i + k];
            if (c < 0 || c == 'i' || c == 'k' || c == 's') {
                return true;
            }
            if (c >= 'a' && c <= 'z') {
                letters |= 1 << k;
            }
        }
        int g = gram(b, i);
        for (int variant = letters; ; variant = (variant - 1) & letters) {
            // clearing 0x20 of a lower-case ASCII letter gives its upper case
            int v = g & ~((variant & 1) << 21 | (variant & 2) << 12 | (variant & 4) << 3);
            if (mayContain(v)) {
                return true;
            }
            if (variant == 0) {
                return false;
            }
        }
    }

    boolean mayContain(int gram) {
        long m = (long) bits.length * 64;
        long x = gram * 0x9E3779B97F4A7C15L;
        int h1 = (int) (x >>> 32);
        int h2 = (int) x | 1;
        for (int i = 0; i < HASHES; i++) {
            long bit = Integer.toUnsignedLong(h1 + i * h2) % m;
            if ((bits[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    static int gram(byte[] b, int i) {
        return (b[i] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF);
    }

    /**
     * Collects the distinct trigrams of many lines, then builds a filter sized for them. Reuses a
     * 2 MiB presence bitmap across chunks. Not thread-safe; one per writer.
     */
    static final class Builder {
        private final long[] seen = new long[1 << 18];
        private int[] distinct = new int[4096];
        private int n;

        void addLine(byte[] b, int off, int len) {
            for (int i = off; i + 3 <= off + len; i++) {
                int g = gram(b, i);
                long mask = 1L << g;
                int w = g >>> 6;
                if ((seen[w] & mask) == 0) {
                    seen[w] |= mask;
                    if (n == distinct.length) {
                        distinct = java.util.Arrays.copyOf(distinct, n * 2);
                    }
                    distinct[n++] = g;
                }
            }
        }

        GramFilter build() {
            int words = Math.max(1, (int) (((long) n * BITS_PER_GRAM + 63) / 64));
            long[] bits = new long[words];
            long m = (long) words * 64;
            for (int i = 0; i < n; i++) {
                int g = distinct[i];
                seen[g >>> 6] = 0;
                long x = g * 0x9E3779B97F4A7C15L;
                int h1 = (int) (x >>> 32);
                int h2 = (int) x | 1;
                for (int k = 0; k < HASHES; k++) {
                    long bit = Integer.toUnsignedLong(h1 + k * h2) % m;
                    bits[(int) (bit >>> 6)] |= 1L << bit;
                }
            }
            n = 0;
            return new GramFilter(bits);
        }
    }
}
