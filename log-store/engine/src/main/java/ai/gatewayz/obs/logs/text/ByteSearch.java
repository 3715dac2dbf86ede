package ai.gatewayz.obs.logs.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Substring search over UTF-8 bytes, eight bytes at a time: a word-wide compare of the needle's
 * first and last byte finds the few candidate positions, which are then verified byte by byte.
 * Searching the UTF-8 bytes of a line gives the same answer as {@link String#contains} on the
 * decoded line, because UTF-8 never matches inside a character. Stateless and thread-safe.
 */
public final class ByteSearch {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGH = 0x8080808080808080L;
    private static final long CASE = 0x2020202020202020L;

    private ByteSearch() {
    }

    /** Index of the first byte {@code >= 0x80} in [off, off+len), or -1. */
    public static int firstNonAscii(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            if (((long) LONG.get(b, i) & HIGH) != 0) {
                break;
            }
        }
        for (; i < end; i++) {
            if (b[i] < 0) {
                return i;
            }
        }
        return -1;
    }

    /** A high bit in each byte of {@code v} that is zero, and nowhere else. */
    private static long zeros(long v) {
        long t = (v & LOW7) + LOW7;
        return ~(t | v | LOW7);
    }

    private static long broadcast(byte b) {
        return (b & 0xFFL) * 0x0101010101010101L;
    }

    /** Whether [off, off+len) of {@code hay} contains {@code needle} exactly. */
    public static boolean contains(byte[] hay, int off, int len, byte[] needle) {
        return indexOf(hay, off, len, needle) >= 0;
    }

    /** First position of {@code needle} inside [off, off+len) of {@code hay}, or -1. */
    public static int indexOf(byte[] hay, int off, int len, byte[] needle) {
        int m = needle.length;
        if (m == 0) {
            return off;
        }
        int end = off + len;
        int limit = end - m; // last start
        if (limit < off) {
            return -1;
        }
        long first = broadcast(needle[0]);
        long last = broadcast(needle[m - 1]);
        int i = off;
        for (; i + 7 <= limit; i += 8) {
            long x = zeros((long) LONG.get(hay, i) ^ first) & zeros((long) LONG.get(hay, i + m - 1) ^ last);
            while (x != 0) {
                int p = i + (Long.numberOfTrailingZeros(x) >>> 3);
                if (middle(hay, p, needle)) {
                    return p;
                }
                x &= x - 1;
            }
        }
        for (; i <= limit; i++) {
            if (hay[i] == needle[0] && hay[i + m - 1] == needle[m - 1] && middle(hay, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean middle(byte[] hay, int p, byte[] needle) {
        for (int j = 1; j < needle.length - 1; j++) {
            if (hay[p + j] != needle[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether [off, off+len) contains {@code lower} with ASCII letters in either case and every other
     * byte exactly; {@code lower} must be ASCII and lower case (as {@code (?i)literal} is searched).
     */
    public static boolean containsIgnoreAsciiCase(byte[] hay, int off, int len, byte[] lower) {
        int m = lower.length;
        if (m == 0) {
            return true;
        }
        int end = off + len;
        int limit = end - m;
        if (limit < off) {
            return false;
        }
        byte f = lower[0];
        byte l = lower[m - 1];
        long first = broadcast(f);
        long last = broadcast(l);
        long fm = isLower(f) ? CASE : 0;
        long lm = isLower(l) ? CASE : 0;
        int i = off;
        for (; i + 7 <= limit; i += 8) {
            long x = zeros(((long) LONG.get(hay, i) | fm) ^ first) & zeros(((long) LONG.get(hay, i + m - 1) | lm) ^ last);
            while (x != 0) {
                int p = i + (Long.numberOfTrailingZeros(x) >>> 3);
                if (foldedAt(hay, p, lower)) {
                    return true;
                }
                x &= x - 1;
            }
        }
        for (; i <= limit; i++) {
            if (foldedAt(hay, i, lower)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLower(byte b) {
        return b >= 'a' && b <= 'z';
    }

    private static boolean foldedAt(byte[] hay, int p, byte[] lower) {
        for (int j = 0; j < lower.length; j++) {
            byte b = hay[p + j];
            if (b >= 'A' && b <= 'Z') {
                b |= 0x20;
            }
            if (b != lower[j]) {
                return false;
            }
        }
        return true;
    }

    /** First position in [from, end) of a byte equal to {@code a} or {@code b}, or -1. */
    public static int indexOfEither(byte[] hay, int from, int end, byte a, byte b) {
        long ba = broadcast(a);
        long bb = broadcast(b);
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONG.get(hay, i);
            long x = zeros(w ^ ba) | zeros(w ^ bb);
            if (x != 0) {
                return i + (Long.numberOfTrailingZeros(x) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (hay[i] == a || hay[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
