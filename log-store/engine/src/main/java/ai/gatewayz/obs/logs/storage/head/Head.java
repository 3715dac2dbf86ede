package ai.gatewayz.obs.logs.storage.head;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.index.LabelIndex;
import ai.gatewayz.obs.logs.storage.read.PartSource;
import ai.gatewayz.obs.logs.storage.read.StreamPart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * In-memory entries of one tenant not yet written to blocks: streams by label set with a label
 * index over them. Thread-safe: stream creation takes the write lock, lookups the read lock, and
 * each stream guards its own entries. Each commit gets a number; readers go through a
 * {@link #snapshot()} that sees only the commits published before it, so a push is visible whole. The memory storage uses one head forever; the disk storage
 * swaps in a fresh head at every flush.
 */
public final class Head {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Labels, HeadStream> streams = new HashMap<>();
    private final List<HeadStream> byRef = new ArrayList<>();
    private final LabelIndex index = new LabelIndex();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private volatile long firstAppendMillis = Long.MAX_VALUE;
    private final Object commitLock = new Object();
    private long lastCommit; // guarded by commitLock
    private volatile long visible;

    /**
     * Adds the entries of one push ({@code streams.get(i)} is the stream of {@code entries.get(i)})
     * and then makes them visible together: a snapshot taken before this returns sees none of
     * them, one taken after sees all. Commits are applied one at a time, so commit numbers grow
     * in the order readers may see them.
     */
    public void commit(List<Labels> streams, List<LogEntry> entries, long nowMillis) {
        if (entries.isEmpty()) {
            return;
        }
        synchronized (commitLock) {
            long seq = lastCommit + 1;
            long added = 0;
            for (int i = 0; i < entries.size(); i++) {
                LogEntry e = entries.get(i);
                HeadStream s = stream(streams.get(i));
                s.append(e.timestampNanos(), e.line(), e.metadata(), seq);
                added += e.line().length() + HeadStream.metadataBytes(e.metadata());
            }
            bytes.addAndGet(added);
            this.entries.addAndGet(entries.size());
            if (firstAppendMillis == Long.MAX_VALUE) {
                firstAppendMillis = nowMillis;
            }
            lastCommit = seq;
            visible = seq; // the volatile write that publishes the whole commit
        }
    }

    /**
     * The head as of now, for one querier: streams and entries of the commits completed before
     * this call, never a part of a commit still being applied.
     */
    public PartSource snapshot() {
        long upTo = visible;
        return matchers -> select(matchers, upTo);
    }

    private HeadStream stream(Labels labels) {
        lock.readLock().lock();
        try {
            HeadStream s = streams.get(labels);
            if (s != null) {
                return s;
            }
        } finally {
            lock.readLock().unlock();
        }
        lock.writeLock().lock();
        try {
            return streams.computeIfAbsent(labels, l -> {
                HeadStream s = new HeadStream(l, byRef.size());
                byRef.add(s);
                index.add(s.ref(), l);
                return s;
            });
        } finally {
            lock.writeLock().unlock();
        }
    }

    private List<StreamPart> select(List<LabelMatcher> matchers, long upTo) {
        lock.readLock().lock();
        try {
            long[] refs = index.select(matchers);
            List<StreamPart> out = new ArrayList<>(refs.length);
            for (long r : refs) {
                StreamPart p = byRef.get((int) r).upTo(upTo);
                if (p != null) {
                    out.add(p);
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every stream, in creation order. */
    public List<HeadStream> streams() {
        lock.readLock().lock();
        try {
            return List.copyOf(byRef);
        } finally {
            lock.readLock().unlock();
        }
    }

    public int streamCount() {
        lock.readLock().lock();
        try {
            return byRef.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Raw bytes (lines and metadata) appended. */
    public long bytes() {
        return bytes.get();
    }

    public long entries() {
        return entries.get();
    }

    /** Wall-clock time of the first append, or {@link Long#MAX_VALUE} while empty. */
    public long firstAppendMillis() {
        return firstAppendMillis;
    }
}
