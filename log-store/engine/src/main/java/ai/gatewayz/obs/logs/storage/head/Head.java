package ai.gatewayz.obs.logs.storage.head;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.index.LabelIndex;
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
 * each stream guards its own entries. The memory storage uses one head forever; the disk storage
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

    /** Adds one entry; creates the stream on first sight. */
    public void append(Labels stream, long t, String line, Labels md, long nowMillis) {
        HeadStream s = stream(stream);
        s.append(t, line, md);
        bytes.addAndGet(line.length() + HeadStream.metadataBytes(md));
        entries.incrementAndGet();
        if (firstAppendMillis == Long.MAX_VALUE) {
            firstAppendMillis = nowMillis;
        }
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

    /** Streams matching every matcher. */
    public List<StreamPart> select(List<LabelMatcher> matchers) {
        lock.readLock().lock();
        try {
            long[] refs = index.select(matchers);
            List<StreamPart> out = new ArrayList<>(refs.length);
            for (long r : refs) {
                out.add(byRef.get((int) r));
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
