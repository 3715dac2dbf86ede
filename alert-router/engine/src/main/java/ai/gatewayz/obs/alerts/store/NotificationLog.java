package ai.gatewayz.obs.alerts.store;

import ai.gatewayz.obs.alerts.AlertErrors;
import ai.gatewayz.obs.alerts.persist.Codec;
import ai.gatewayz.obs.alerts.persist.RecordLog;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What was last notified per (group key, integration): the firing and resolved fingerprints and
 * when. The dispatcher consults it before every send, so a re-flush or a restart never notifies the
 * same state twice before {@code repeat_interval}. Persisted in a {@link RecordLog} (magic
 * {@code AMNL}); entries expire after the retention. Thread-safe.
 */
public final class NotificationLog implements AutoCloseable {
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final RecordLog log;
    private final long retentionMs;

    /** One log entry; fingerprint arrays are sorted. */
    public record Entry(long[] firing, long[] resolved, long timestamp, long expiresAt) {
        public boolean firingSubset(long[] set) {
            return subset(firing, set);
        }

        public boolean resolvedSubset(long[] set) {
            return subset(resolved, set);
        }

        /** True when every element of {@code sub} is in {@code of}... read as: entry's set contains all of {@code set}. */
        private static boolean subset(long[] of, long[] set) {
            for (long v : set) {
                if (Arrays.binarySearch(of, v) < 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private NotificationLog(RecordLog log, long retentionMs) {
        this.log = log;
        this.retentionMs = retentionMs;
    }

    public static NotificationLog inMemory(long retentionMs) {
        return new NotificationLog(null, retentionMs);
    }

    public static NotificationLog open(Path dir, long retentionMs) {
        ConcurrentHashMap<String, Entry> tmp = new ConcurrentHashMap<>();
        try {
            RecordLog log = RecordLog.open(dir.resolve("nflog.log"), "AMNL", p -> {
                try {
                    DataInputStream in = Codec.reader(p);
                    String key = Codec.readStr(in);
                    tmp.put(key, new Entry(readArr(in), readArr(in), in.readLong(), in.readLong()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            NotificationLog n = new NotificationLog(log, retentionMs);
            n.entries.putAll(tmp);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String key(String groupKey, String integrationId) {
        return integrationId + "|" + groupKey;
    }

    public Entry get(String key) {
        return entries.get(key);
    }

    /**
     * Records a successful notification. The entry is visible at once and written by the log's
     * group commit without waiting for the fsync: a send cannot be made atomic with its log entry
     * anyway (a crash between the receiver's acknowledgement and any write repeats it), so the
     * window is one commit (one fsync) instead of one fsync per notification. {@link #close} and
     * {@link #flush} make every entry durable (a graceful restart never repeats a notification).
     */
    public void log(String key, long[] firing, long[] resolved, long now) {
        Entry e = new Entry(firing, resolved, now, now + retentionMs);
        entries.put(key, e);
        if (log != null) {
            try {
                log.enqueue(List.of(encode(key, e)));
            } catch (IOException ex) {
                throw AlertErrors.storage("notification log", ex);
            }
        }
    }

    /** Waits until every logged entry is on disk. */
    public void flush() {
        if (log != null) {
            try {
                log.flush();
            } catch (IOException ex) {
                throw AlertErrors.storage("notification log", ex);
            }
        }
    }

    private static byte[] encode(String key, Entry e) {
        return Codec.write(out -> {
            Codec.writeStr(out, key);
            writeArr(out, e.firing);
            writeArr(out, e.resolved);
            out.writeLong(e.timestamp);
            out.writeLong(e.expiresAt);
        });
    }

    /** Drops expired entries and compacts the file. */
    public synchronized int gc(long now) {
        List<String> dead = new ArrayList<>();
        entries.forEach((k, e) -> {
            if (e.expiresAt <= now) {
                dead.add(k);
            }
        });
        dead.forEach(entries::remove);
        if (log != null && (!dead.isEmpty() || log.records() > 2L * entries.size() + 1000)) {
            List<byte[]> live = new ArrayList<>();
            entries.forEach((k, e) -> live.add(encode(k, e)));
            try {
                log.rewrite(live);
            } catch (IOException ex) {
                throw AlertErrors.storage("notification log compaction", ex);
            }
        }
        return dead.size();
    }

    public int size() {
        return entries.size();
    }

    private static void writeArr(java.io.DataOutputStream out, long[] a) throws IOException {
        out.writeInt(a.length);
        for (long v : a) {
            out.writeLong(v);
        }
    }

    private static long[] readArr(DataInputStream in) throws IOException {
        int n = in.readInt();
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readLong();
        }
        return a;
    }

    @Override
    public void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }
}
