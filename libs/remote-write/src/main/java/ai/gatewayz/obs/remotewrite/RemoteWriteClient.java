package ai.gatewayz.obs.remotewrite;

import ai.gatewayz.obs.common.Labels;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Prometheus remote-write sender (wire-protocols.md §1.6) for the suite's rulers and generators:
 * samples are queued on {@code shards} bounded queues (by series hash, so every series stays in order),
 * sent as snappy-compressed RW 1.0 or 2.0 requests in batches, retried with capped exponential backoff
 * on 5xx, network errors and 429 (honouring {@code Retry-After}), never on other 4xx. When the
 * receiver is down memory stays bounded: {@link #append} drops (and counts) what does not fit.
 * External labels are added where the series lacks them; series without {@code __name__} are refused.
 * Staleness markers are ordinary samples with their raw bits kept ({@link #appendRawBits}). A sample
 * may carry one {@link Exemplar} ({@link #appendWithExemplar}), sent in the same {@code TimeSeries}.
 *
 * <p>With a queue directory ({@link #RemoteWriteClient(RemoteWriteOptions, Clock, Path)}) every queued
 * sample is first written to a log there ({@link QueueLog}, storage-core's WAL framing) and marked done
 * once its batch is sent or dropped for good: a client opened again on the same directory (after a
 * restart or a kill) sends what was still owed before anything new, and does not send again what was
 * acknowledged.
 *
 * <p>Thread-safe: any thread may append. {@link #close} sends what is queued (waiting at most the
 * timeout given to {@link #close(Duration)}) and stops the shard threads; with a queue directory, what
 * is left stays owed in the log.
 */
public final class RemoteWriteClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteClient.class);
    private final RemoteWriteOptions options;
    private final HttpTransport transport;
    private final Shard[] shards;
    private final Thread[] threads;
    private final Counters counters = new Counters();
    private final QueueLog queueLog;
    /** With a queue log: offers and their log record happen together, so log positions follow queue order. */
    private final Object appendLock = new Object();
    private volatile boolean closed;

    /** Counters shared by the shards. */
    static final class Counters {
        final LongAdder in = new LongAdder();
        final LongAdder sent = new LongAdder();
        final LongAdder droppedQueueFull = new LongAdder();
        final LongAdder droppedInvalid = new LongAdder();
        final LongAdder droppedTooOld = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder retried = new LongAdder();
        final LongAdder requests = new LongAdder();
        final LongAdder bytesSent = new LongAdder();
        final AtomicLong highestSent = new AtomicLong(Long.MIN_VALUE);
        final AtomicReference<String> lastError = new AtomicReference<>("");

        void sent(int n, long maxT) {
            sent.add(n);
            highestSent.accumulateAndGet(maxT, Math::max);
        }

        void failed(int n, String error) {
            failed.add(n);
            lastError.set(error);
        }

        void retried(int n, String error) {
            retried.add(n);
            lastError.set(error);
        }
    }

    public RemoteWriteClient(RemoteWriteOptions options, Clock clock) {
        this(options, clock, null);
    }

    /**
     * A client whose queue is logged in {@code queueDirectory} (null: in memory only). Samples still
     * owed from a client that used the directory before are queued first.
     */
    public RemoteWriteClient(RemoteWriteOptions options, Clock clock, Path queueDirectory) {
        this(options, clock, queueDirectory, QUEUE_SEGMENT_BYTES);
    }

    RemoteWriteClient(RemoteWriteOptions options, Clock clock, Path queueDirectory, long queueSegmentBytes) {
        this.options = options;
        this.transport = new HttpTransport(options);
        this.shards = new Shard[options.shards()];
        this.threads = new Thread[options.shards()];
        this.queueLog = queueDirectory == null ? null : openQueueLog(queueDirectory, queueSegmentBytes);
        Shard.DoneListener onDone = queueLog == null ? Shard.DoneListener.NONE : this::batchDone;
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new Shard(options, counters, transport, clock, i, onDone);
        }
        if (queueLog != null) {
            counters.droppedQueueFull.add(queueLog.droppedAtOpen());
            List<List<QueueLog.Owed>> owed = queueLog.owed();
            for (int i = 0; i < shards.length; i++) {
                for (QueueLog.Owed o : owed.get(i)) {
                    counters.in.increment();
                    shards[i].offer(o.labels(), o.t(), o.valueBits(), null);
                }
            }
        }
        for (int i = 0; i < shards.length; i++) {
            threads[i] = Thread.ofPlatform().daemon().name("remote-write-" + options.url().getHost() + "-" + i)
                    .start(shards[i]);
        }
    }

    /**
     * Opens the queue log; one that cannot be read (damaged beyond the torn-tail repair) is moved aside
     * as {@code <dir>.damaged-<ms>} and a new one started, so a bad file never stops the sender.
     */
    private QueueLog openQueueLog(Path dir, long segmentBytes) {
        try {
            return QueueLog.open(dir, options.shards(), segmentBytes, options.capacity());
        } catch (RuntimeException e) {
            Path aside = dir.resolveSibling(dir.getFileName() + ".damaged-" + System.currentTimeMillis());
            try {
                java.nio.file.Files.move(dir, aside);
            } catch (java.io.IOException io) {
                throw RemoteWriteErrors.queueLogUnusable(dir.toString(), e.getMessage());
            }
            LOG.warn("remote-write queue log unreadable, moved aside, owed samples lost [dir={}, movedTo={}, error={}]",
                    dir, aside, e.getMessage());
            counters.lastError.set("queue log unreadable, moved aside [dir=" + dir + ", error=" + e.getMessage() + "]");
            return QueueLog.open(dir, options.shards(), segmentBytes, options.capacity());
        }
    }

    /** Segment size of the queue log: small, so sent samples leave the disk soon. */
    static final long QUEUE_SEGMENT_BYTES = 4L << 20;

    private void batchDone(int shard, int n) {
        try {
            queueLog.done(shard, n);
        } catch (RuntimeException e) {
            // the samples were sent; at worst they are sent again after a restart
            counters.lastError.set("queue log: done record not written [error=" + e + "]");
        }
    }

    public RemoteWriteOptions options() {
        return options;
    }

    /** Queues one sample; false when it was dropped (queue full, invalid series, closed). */
    public boolean append(Labels labels, long timestampMs, double value) {
        return appendRawBits(labels, timestampMs, Double.doubleToRawLongBits(value));
    }

    /** As {@link #append} with the value given as its IEEE-754 bits, sent unchanged. */
    public boolean appendRawBits(Labels labels, long timestampMs, long valueBits) {
        return offer(labels, timestampMs, valueBits, null);
    }

    /**
     * As {@link #append}, with an exemplar sent in the same series (null for none). The exemplar
     * shares the sample's fate: queued, retried and dropped with it; a queue log keeps the sample but
     * not its exemplar, so a sample re-sent after a restart goes without it.
     */
    public boolean appendWithExemplar(Labels labels, long timestampMs, double value, Exemplar exemplar) {
        return offer(labels, timestampMs, Double.doubleToRawLongBits(value), exemplar);
    }

    private boolean offer(Labels labels, long timestampMs, long valueBits, Exemplar exemplar) {
        if (queueLog != null) {
            return appendLogged(new Labels[] {labels}, new long[] {timestampMs}, new long[] {valueBits},
                    exemplar == null ? null : new Exemplar[] {exemplar}, 1) == 1;
        }
        counters.in.increment();
        if (closed) {
            counters.droppedQueueFull.increment();
            return false;
        }
        Labels l = prepare(labels);
        if (l == null) {
            counters.droppedInvalid.increment();
            return false;
        }
        Shard s = shards[QueueLog.shardOf(l, shards.length)];
        if (!s.offer(l, timestampMs, valueBits, exemplar)) {
            counters.droppedQueueFull.increment();
            return false;
        }
        return true;
    }

    /**
     * Queues the first {@code n} samples (values as raw bits); returns how many were queued, the others
     * dropped and counted. With a queue log the accepted ones are logged in one record before return.
     */
    public int appendAll(Labels[] labels, long[] timestampsMs, long[] valueBits, int n) {
        if (queueLog == null) {
            int ok = 0;
            for (int i = 0; i < n; i++) {
                if (appendRawBits(labels[i], timestampsMs[i], valueBits[i])) {
                    ok++;
                }
            }
            return ok;
        }
        return appendLogged(labels, timestampsMs, valueBits, null, n);
    }

    private int appendLogged(Labels[] labels, long[] timestampsMs, long[] valueBits, Exemplar[] exemplars, int n) {
        Labels[] acceptedL = new Labels[n];
        long[] acceptedT = new long[n];
        long[] acceptedV = new long[n];
        int[] acceptedShard = new int[n];
        int ok = 0;
        synchronized (appendLock) {
            for (int i = 0; i < n; i++) {
                counters.in.increment();
                if (closed) {
                    counters.droppedQueueFull.increment();
                    continue;
                }
                Labels l = prepare(labels[i]);
                if (l == null) {
                    counters.droppedInvalid.increment();
                    continue;
                }
                int si = QueueLog.shardOf(l, shards.length);
                if (!shards[si].offer(l, timestampsMs[i], valueBits[i], exemplars == null ? null : exemplars[i])) {
                    counters.droppedQueueFull.increment();
                    continue;
                }
                acceptedL[ok] = l;
                acceptedT[ok] = timestampsMs[i];
                acceptedV[ok] = valueBits[i];
                acceptedShard[ok] = si;
                ok++;
            }
            queueLog.logSamples(acceptedL, acceptedT, acceptedV, acceptedShard, ok);
        }
        return ok;
    }

    /** The series as sent: external labels added where absent, empty values dropped; null when unnamed. */
    private Labels prepare(Labels labels) {
        boolean needsBuild = !options.externalLabels().isEmpty();
        for (int i = 0; i < labels.size() && !needsBuild; i++) {
            needsBuild = labels.value(i).isEmpty();
        }
        Labels l = labels;
        if (needsBuild) {
            Labels.Builder b = Labels.builder();
            labels.forEach((n, v) -> {
                if (!v.isEmpty()) {
                    b.set(n, v);
                }
            });
            options.externalLabels().forEach((n, v) -> {
                if (b.get(n) == null || b.get(n).isEmpty()) {
                    b.set(n, v);
                }
            });
            l = b.build();
        }
        String name = l.get(Labels.METRIC_NAME);
        return name == null || name.isEmpty() ? null : l;
    }

    /** Samples queued or in flight. */
    public long pending() {
        long p = 0;
        for (Shard s : shards) {
            p += s.pending();
        }
        return p;
    }

    /** Waits until nothing is pending; false when {@code timeout} passed first. */
    public boolean flush(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (pending() > 0) {
            if (System.nanoTime() > end) {
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    public RemoteWriteStats stats() {
        long hs = counters.highestSent.get();
        return new RemoteWriteStats(counters.in.sum(), counters.sent.sum(), counters.droppedQueueFull.sum(),
                counters.droppedInvalid.sum(), counters.droppedTooOld.sum(), counters.failed.sum(), counters.retried.sum(),
                counters.requests.sum(), counters.bytesSent.sum(), pending(), hs == Long.MIN_VALUE ? 0 : hs,
                counters.lastError.get());
    }

    /** Sends what is queued for at most {@code timeout}, then stops; what is left is counted as failed. */
    public void close(Duration timeout) {
        closed = true;
        for (Shard s : shards) {
            s.close();
        }
        long end = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            long left = end - System.nanoTime();
            try {
                if (left > 0) {
                    t.join(Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long left = pending();
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (left > 0 && queueLog == null) {
            counters.failed(0, "closed with samples pending [pending=" + left + "]");
            counters.failed.add(left);
        } else if (left > 0) {
            counters.lastError.set("closed with samples pending, kept in the queue log [pending=" + left + "]");
        }
        if (queueLog != null) {
            synchronized (appendLock) {
                queueLog.close();
            }
        }
        transport.close();
    }

    /** {@link #close(Duration)} with the batch send deadline as the time to drain. */
    @Override
    public void close() {
        close(Duration.ofMillis(options.batchSendDeadlineMs()));
    }
}
