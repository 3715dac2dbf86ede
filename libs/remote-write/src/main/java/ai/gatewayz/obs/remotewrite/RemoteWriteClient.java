package ai.gatewayz.obs.remotewrite;

import ai.gatewayz.obs.common.Labels;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

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
 * <p>Thread-safe: any thread may append. {@link #close} sends what is queued (waiting at most the
 * timeout given to {@link #close(Duration)}) and stops the shard threads.
 */
public final class RemoteWriteClient implements AutoCloseable {
    private final RemoteWriteOptions options;
    private final HttpTransport transport;
    private final Shard[] shards;
    private final Thread[] threads;
    private final Counters counters = new Counters();
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
        this.options = options;
        this.transport = new HttpTransport(options);
        this.shards = new Shard[options.shards()];
        this.threads = new Thread[options.shards()];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new Shard(options, counters, transport, clock);
            threads[i] = Thread.ofPlatform().daemon().name("remote-write-" + options.url().getHost() + "-" + i)
                    .start(shards[i]);
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
     * shares the sample's fate: queued, retried and dropped with it.
     */
    public boolean appendWithExemplar(Labels labels, long timestampMs, double value, Exemplar exemplar) {
        return offer(labels, timestampMs, Double.doubleToRawLongBits(value), exemplar);
    }

    private boolean offer(Labels labels, long timestampMs, long valueBits, Exemplar exemplar) {
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
        Shard s = shards[(int) Math.floorMod(l.hash64(), (long) shards.length)];
        if (!s.offer(l, timestampMs, valueBits, exemplar)) {
            counters.droppedQueueFull.increment();
            return false;
        }
        return true;
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
        if (left > 0) {
            counters.failed(0, "closed with samples pending [pending=" + left + "]");
            counters.failed.add(left);
        }
        transport.close();
    }

    /** {@link #close(Duration)} with the batch send deadline as the time to drain. */
    @Override
    public void close() {
        close(Duration.ofMillis(options.batchSendDeadlineMs()));
    }
}
