package ai.gatewayz.obs.metrics.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns label bytes of new series into strings, handing out one shared instance for recurring short
 * strings (label names, {@code job}, {@code instance}, provider and model values) so the head keeps
 * each of them once instead of once per series. A direct-mapped table of fixed size: a collision
 * simply replaces the slot, so memory stays bounded whatever the cardinality. Thread-safe (slots
 * hold immutable entries).
 */
final class LabelStrings {
    private static final int SLOTS = 1 << 14;
    private static final int MAX_INTERNED_BYTES = 64;

    private record Entry(byte[] bytes, String value) {
    }

    private final Entry[] table = new Entry[SLOTS];

    /** The string of UTF-8 bytes {@code b[off, off + len)}, which the caller has validated. */
    String get(byte[] b, int off, int len) {
        if (len == 0) {
            return "";
        }
        if (len > MAX_INTERNED_BYTES) {
            return decode(b, off, len);
        }
        int h = (int) SeriesRefCache.hash(b, off, off + len) & (SLOTS - 1);
        Entry e = table[h];
        if (e != null && Arrays.equals(e.bytes, 0, e.bytes.length, b, off, off + len)) {
            return e.value;
        }
        String s = decode(b, off, len);
        table[h] = new Entry(Arrays.copyOfRange(b, off, off + len), s);
        return s;
    }

    static String decode(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) {
                return new String(b, off, len, StandardCharsets.UTF_8);
            }
        }
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
}
