package ai.gatewayz.obs.storage.index;

import java.util.Arrays;

/**
 * A growable sorted list of references, appended in increasing order (references are allocated
 * monotonically). Not thread-safe; {@link #snapshot()} returns an immutable copy.
 */
public final class PostingsList {
    private long[] refs = new long[4];
    private int n;

    /** Adds {@code ref}; it must be larger than every reference added before (otherwise it is inserted). */
    public void add(long ref) {
        if (n == refs.length) {
            refs = Arrays.copyOf(refs, n * 2);
        }
        if (n == 0 || refs[n - 1] < ref) {
            refs[n++] = ref;
            return;
        }
        int at = Arrays.binarySearch(refs, 0, n, ref);
        if (at >= 0) {
            return;
        }
        at = -at - 1;
        System.arraycopy(refs, at, refs, at + 1, n - at);
        refs[at] = ref;
        n++;
    }

    public void remove(long ref) {
        int at = Arrays.binarySearch(refs, 0, n, ref);
        if (at >= 0) {
            System.arraycopy(refs, at + 1, refs, at, n - at - 1);
            n--;
        }
    }

    public int size() {
        return n;
    }

    public long[] snapshot() {
        return Arrays.copyOf(refs, n);
    }
}
