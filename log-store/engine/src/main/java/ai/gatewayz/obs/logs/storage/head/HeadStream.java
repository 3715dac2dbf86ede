package ai.gatewayz.obs.logs.storage.head;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.read.EntryBuffer;
import ai.gatewayz.obs.logs.storage.read.StreamPart;
import java.util.Arrays;
import java.util.List;

/**
 * The not yet flushed entries of one stream, in arrival order, each tagged with its commit number.
 * Appends and reads synchronise on this object; readers copy what they need, so a reader never
 * sees a half-added entry, and go through {@link #upTo(long)} so they never see part of a commit.
 */
public final class HeadStream implements StreamPart {
    private final Labels labels;
    private final long ref;
    private long[] ts = new long[8];
    private String[] lines = new String[8];
    private Labels[] meta = new Labels[8];
    private long[] commits = new long[8];
    private int n;
    private long minT = Long.MAX_VALUE;
    private long maxT = Long.MIN_VALUE;
    private long bytes;

    HeadStream(Labels labels, long ref) {
        this.labels = labels;
        this.ref = ref;
    }

    public long ref() {
        return ref;
    }

    /** Appends one entry of commit {@code commit}; commits of one stream arrive in increasing order. */
    synchronized void append(long t, String line, Labels md, long commit) {
        if (n == ts.length) {
            int cap = n + (n >> 1) + 8;
            ts = Arrays.copyOf(ts, cap);
            lines = Arrays.copyOf(lines, cap);
            meta = Arrays.copyOf(meta, cap);
            commits = Arrays.copyOf(commits, cap);
        }
        ts[n] = t;
        lines[n] = line;
        meta[n] = md;
        commits[n] = commit;
        n++;
        minT = Math.min(minT, t);
        maxT = Math.max(maxT, t);
        bytes += line.length() + metadataBytes(md);
    }

    static long metadataBytes(Labels md) {
        long b = 0;
        for (int i = 0; i < md.size(); i++) {
            b += md.name(i).length() + md.value(i).length();
        }
        return b;
    }

    /**
     * This stream as a reader with snapshot {@code upTo} sees it: the entries of commits up to
     * that number (a prefix, since commits arrive in order), or null when it has none yet.
     */
    synchronized StreamPart upTo(long upTo) {
        int k = n;
        while (k > 0 && commits[k - 1] > upTo) {
            k--;
        }
        if (k == 0) {
            return null;
        }
        if (k == n) {
            // Still a prefix, not this stream itself: entries appended before the reader collects must stay unseen.
            return new Prefix(k, minT, maxT, bytes);
        }
        long mn = Long.MAX_VALUE;
        long mx = Long.MIN_VALUE;
        long b = 0;
        for (int i = 0; i < k; i++) {
            mn = Math.min(mn, ts[i]);
            mx = Math.max(mx, ts[i]);
            b += lines[i].length() + metadataBytes(meta[i]);
        }
        return new Prefix(k, mn, mx, b);
    }

    /** The first {@code k} entries: what a snapshot sees while later commits are appended. */
    private final class Prefix implements StreamPart {
        private final int k;
        private final long minT;
        private final long maxT;
        private final long bytes;

        Prefix(int k, long minT, long maxT, long bytes) {
            this.k = k;
            this.minT = minT;
            this.maxT = maxT;
            this.bytes = bytes;
        }

        @Override
        public Labels labels() {
            return labels;
        }

        @Override
        public long minTime() {
            return minT;
        }

        @Override
        public long maxTime() {
            return maxT;
        }

        @Override
        public void collect(long start, long end, List<String> literals, EntryBuffer out) {
            if (maxT < start || minT >= end) {
                return;
            }
            synchronized (HeadStream.this) {
                for (int i = 0; i < k; i++) {
                    out.addFiltered(ts[i], lines[i], meta[i], start, end, literals);
                }
            }
        }

        @Override
        public long entries() {
            return k;
        }

        @Override
        public long bytes() {
            return bytes;
        }

        @Override
        public int chunks() {
            return 1;
        }
    }

    @Override
    public Labels labels() {
        return labels;
    }

    @Override
    public synchronized long minTime() {
        return minT;
    }

    @Override
    public synchronized long maxTime() {
        return maxT;
    }

    @Override
    public synchronized void collect(long start, long end, List<String> literals, EntryBuffer out) {
        if (maxT < start || minT >= end) {
            return;
        }
        for (int i = 0; i < n; i++) {
            out.addFiltered(ts[i], lines[i], meta[i], start, end, literals);
        }
    }

    @Override
    public synchronized long entries() {
        return n;
    }

    @Override
    public synchronized long bytes() {
        return bytes;
    }

    @Override
    public int chunks() {
        return 1;
    }
}
