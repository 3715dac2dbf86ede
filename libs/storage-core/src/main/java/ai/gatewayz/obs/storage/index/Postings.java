package ai.gatewayz.obs.storage.index;

import java.util.Arrays;

/**
 * Sorted, duplicate-free lists of series references and the set operations a label index needs.
 * Inputs are never modified; results are new arrays. Stateless, thread-safe.
 */
public final class Postings {
    public static final long[] EMPTY = new long[0];

    private Postings() {
    }

    /** Intersection of sorted lists; galloping from the shortest. */
    public static long[] intersect(long[]... lists) {
        if (lists.length == 0) {
            return EMPTY;
        }
        long[][] sorted = lists.clone();
        Arrays.sort(sorted, (a, b) -> Integer.compare(a.length, b.length));
        long[] acc = sorted[0];
        for (int i = 1; i < sorted.length && acc.length > 0; i++) {
            acc = intersect2(acc, sorted[i]);
        }
        return acc == sorted[0] && sorted.length > 1 ? acc.clone() : acc;
    }

    /** Intersection of two sorted lists, {@code a} the shorter. */
    public static long[] intersect2(long[] a, long[] b) {
        long[] out = new long[Math.min(a.length, b.length)];
        int n = 0;
        int j = 0;
        for (int i = 0; i < a.length && j < b.length; i++) {
            long x = a[i];
            if (b[j] < x) {
                j = gallop(b, j, x);
                if (j >= b.length) {
                    break;
                }
            }
            if (b[j] == x) {
                out[n++] = x;
                j++;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** First index {@code >= from} whose value is {@code >= x}. */
    static int gallop(long[] b, int from, long x) {
        int step = 1;
        int lo = from;
        int hi = from + step;
        while (hi < b.length && b[hi] < x) {
            lo = hi;
            step <<= 1;
            hi = from + step;
        }
        hi = Math.min(hi, b.length);
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (b[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Union of sorted lists. */
    public static long[] union(long[]... lists) {
        int total = 0;
        for (long[] l : lists) {
            total += l.length;
        }
        long[] all = new long[total];
        int p = 0;
        for (long[] l : lists) {
            System.arraycopy(l, 0, all, p, l.length);
            p += l.length;
        }
        Arrays.sort(all);
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (n == 0 || all[n - 1] != all[i]) {
                all[n++] = all[i];
            }
        }
        return n == all.length ? all : Arrays.copyOf(all, n);
    }

    /** Elements of {@code a} not in {@code b}. */
    public static long[] without(long[] a, long[] b) {
        long[] out = new long[a.length];
        int n = 0;
        int j = 0;
        for (long x : a) {
            while (j < b.length && b[j] < x) {
                j++;
            }
            if (j < b.length && b[j] == x) {
                continue;
            }
            out[n++] = x;
        }
        return Arrays.copyOf(out, n);
    }
}
