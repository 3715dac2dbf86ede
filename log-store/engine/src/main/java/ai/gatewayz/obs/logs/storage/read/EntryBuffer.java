package ai.gatewayz.obs.logs.storage.read;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.EntryIterator;
import ai.gatewayz.obs.logs.storage.ScanEntry;
import ai.gatewayz.obs.logs.storage.ScanSink;
import java.util.Arrays;
import java.util.List;

/**
 * Growable columns of one stream's entries (timestamps, lines, metadata) collected from every part
 * of storage that holds the stream, then sorted by (timestamp, line) with exact duplicates dropped.
 * Not thread-safe; owned by one stream set or one flush.
 */
public final class EntryBuffer {
    private long[] ts = new long[16];
    private String[] lines = new String[16];
    private Labels[] meta = new Labels[16];
    private int n;

    public void clear() {
        Arrays.fill(lines, 0, n, null);
        Arrays.fill(meta, 0, n, null);
        n = 0;
    }

    public int size() {
        return n;
    }

    public long timestamp(int i) {
        return ts[i];
    }

    public String line(int i) {
        return lines[i];
    }

    public Labels metadata(int i) {
        return meta[i];
    }

    /** Adds the entry if it lies in [start, end) and its line contains every literal. */
    public void addFiltered(long t, String line, Labels md, long start, long end, List<String> literals) {
        if (t < start || t >= end) {
            return;
        }
        for (int i = 0; i < literals.size(); i++) {
            if (!line.contains(literals.get(i))) {
                return;
            }
        }
        add(t, line, md);
    }

    public void add(long t, String line, Labels md) {
        if (n == ts.length) {
            int cap = n * 2;
            ts = Arrays.copyOf(ts, cap);
            lines = Arrays.copyOf(lines, cap);
            meta = Arrays.copyOf(meta, cap);
        }
        ts[n] = t;
        lines[n] = line;
        meta[n] = md;
        n++;
    }

    /** Sorts by (timestamp, line) and drops exact duplicates (same timestamp and line). */
    public void sortAndDedupe() {
        if (!sorted()) {
            Integer[] idx = new Integer[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> {
                int c = Long.compare(ts[a], ts[b]);
                return c != 0 ? c : lines[a].compareTo(lines[b]);
            });
            long[] t2 = new long[ts.length];
            String[] l2 = new String[ts.length];
            Labels[] m2 = new Labels[ts.length];
            for (int i = 0; i < n; i++) {
                t2[i] = ts[idx[i]];
                l2[i] = lines[idx[i]];
                m2[i] = meta[idx[i]];
            }
            ts = t2;
            lines = l2;
            meta = m2;
        }
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (w > 0 && ts[w - 1] == ts[i] && lines[w - 1].equals(lines[i])) {
                continue;
            }
            ts[w] = ts[i];
            lines[w] = lines[i];
            meta[w] = meta[i];
            w++;
        }
        Arrays.fill(lines, w, n, null);
        Arrays.fill(meta, w, n, null);
        n = w;
    }

    private boolean sorted() {
        for (int i = 1; i < n; i++) {
            if (ts[i] < ts[i - 1] || ts[i] == ts[i - 1] && lines[i].compareTo(lines[i - 1]) <= 0) {
                return false;
            }
        }
        return true;
    }

    /** Hands every entry to the sink (as {@link ai.gatewayz.obs.logs.storage.LogQuerier#scan} does). */
    public void feed(ScanEntry e, ScanSink sink) {
        for (int i = 0; i < n; i++) {
            e.setString(ts[i], lines[i], meta[i]);
            sink.entry(e);
        }
    }

    /** A fresh iterator over the sorted entries in the given direction. */
    public EntryIterator iterator(Direction direction) {
        return new Iter(direction == Direction.BACKWARD);
    }

    private final class Iter implements EntryIterator {
        private final boolean backward;
        private int i;

        Iter(boolean backward) {
            this.backward = backward;
            this.i = backward ? n : -1;
        }

        @Override
        public boolean next() {
            if (backward) {
                return --i >= 0;
            }
            return ++i < n;
        }

        @Override
        public long timestampNanos() {
            return ts[i];
        }

        @Override
        public String line() {
            return lines[i];
        }

        @Override
        public Labels metadata() {
            return meta[i];
        }
    }
}
