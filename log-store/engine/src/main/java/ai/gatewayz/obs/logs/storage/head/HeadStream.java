package ai.gatewayz.obs.logs.storage.head;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.read.EntryBuffer;
import ai.gatewayz.obs.logs.storage.read.StreamPart;
import java.util.Arrays;
import java.util.List;

/**
 * The not yet flushed entries of one stream, in arrival order. Appends and reads synchronise on
 * this object; readers copy what they need, so a reader never sees a half-added entry.
 */
public final class HeadStream implements StreamPart {
    private final Labels labels;
    private final long ref;
    private long[] ts = new long[8];
    private String[] lines = new String[8];
    private Labels[] meta = new Labels[8];
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

    synchronized void append(long t, String line, Labels md) {
        if (n == ts.length) {
            int cap = n + (n >> 1) + 8;
            ts = Arrays.copyOf(ts, cap);
            lines = Arrays.copyOf(lines, cap);
            meta = Arrays.copyOf(meta, cap);
        }
        ts[n] = t;
        lines[n] = line;
        meta[n] = md;
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
