package ai.gatewayz.obs.remotewrite;

import ai.gatewayz.obs.common.Labels;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One queue of the client and the thread that drains it: a fixed ring of at most {@code capacity}
 * samples (labels, timestamp, raw value bits; nothing is allocated per sample), sent in batches of at
 * most {@code maxSamplesPerSend} once a batch is full or {@code batchSendDeadline} passed since its
 * first sample. A batch being retried is outside the ring, so memory is bounded by capacity plus one
 * batch. Samples of one series always go to the same shard, so each series is sent in order.
 */
final class Shard implements Runnable {
    private final RemoteWriteOptions options;
    private final RemoteWriteClient.Counters counters;
    private final HttpTransport transport;
    private final Clock clock;
    private final WriteRequestEncoder encoder;
    private final int index;
    private final DoneListener onDone;

    /**
     * Told when a batch is finished for good (sent, refused or too old), not when sending was
     * interrupted. Called on each shard's own thread, so shards call concurrently: implementations
     * must be thread-safe and must not throw.
     */
    @FunctionalInterface
    interface DoneListener {
        void done(int shard, int samples);

        DoneListener NONE = (shard, samples) -> { };
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Labels[] ringLabels;
    private final long[] ringT;
    private final long[] ringV;
    private final Exemplar[] ringX;
    private int head;
    private int size;
    private long firstQueuedNanos;
    private int inFlight;
    private boolean closing;

    private final Labels[] batchLabels;
    private final long[] batchT;
    private final long[] batchV;
    private final Exemplar[] batchX;

    Shard(RemoteWriteOptions options, RemoteWriteClient.Counters counters, HttpTransport transport, Clock clock,
            int index, DoneListener onDone) {
        this.options = options;
        this.index = index;
        this.onDone = onDone;
        this.counters = counters;
        this.transport = transport;
        this.clock = clock;
        this.encoder = new WriteRequestEncoder(options.protocol());
        ringLabels = new Labels[options.capacity()];
        ringT = new long[options.capacity()];
        ringV = new long[options.capacity()];
        ringX = new Exemplar[options.capacity()];
        batchLabels = new Labels[options.maxSamplesPerSend()];
        batchT = new long[options.maxSamplesPerSend()];
        batchV = new long[options.maxSamplesPerSend()];
        batchX = new Exemplar[options.maxSamplesPerSend()];
    }

    /** Queues one sample; false when the ring is full (the caller counts the drop). */
    boolean offer(Labels labels, long t, long valueBits, Exemplar exemplar) {
        lock.lock();
        try {
            if (size == ringLabels.length || closing) {
                return false;
            }
            int at = (head + size) % ringLabels.length;
            ringLabels[at] = labels;
            ringT[at] = t;
            ringV[at] = valueBits;
            ringX[at] = exemplar;
            if (size++ == 0) {
                // wakes the sender to start this batch's deadline
                firstQueuedNanos = System.nanoTime();
                ready.signal();
            } else if (size == batchLabels.length) {
                ready.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Samples queued or being sent. */
    int pending() {
        lock.lock();
        try {
            return size + inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking samples; the thread sends what is queued and exits (or stops when interrupted). */
    void close() {
        lock.lock();
        try {
            closing = true;
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void run() {
        long deadlineNanos = TimeUnit.MILLISECONDS.toNanos(options.batchSendDeadlineMs());
        try {
            while (true) {
                int n;
                lock.lock();
                try {
                    while (true) {
                        if (size >= batchLabels.length || (size > 0 && closing)) {
                            break;
                        }
                        if (size == 0 && closing) {
                            return;
                        }
                        if (size == 0) {
                            ready.await();
                            continue;
                        }
                        long left = deadlineNanos - (System.nanoTime() - firstQueuedNanos);
                        if (left <= 0) {
                            break;
                        }
                        ready.awaitNanos(left);
                    }
                    n = Math.min(size, batchLabels.length);
                    for (int i = 0; i < n; i++) {
                        int at = (head + i) % ringLabels.length;
                        batchLabels[i] = ringLabels[at];
                        batchT[i] = ringT[at];
                        batchV[i] = ringV[at];
                        batchX[i] = ringX[at];
                        ringLabels[at] = null;
                        ringX[at] = null;
                    }
                    head = (head + n) % ringLabels.length;
                    size -= n;
                    inFlight = n;
                    firstQueuedNanos = System.nanoTime();
                } finally {
                    lock.unlock();
                }
                try {
                    send(n);
                    onDone.done(index, n);
                } finally {
                    lock.lock();
                    try {
                        inFlight = 0;
                    } finally {
                        lock.unlock();
                    }
                    java.util.Arrays.fill(batchLabels, 0, n, null);
                    java.util.Arrays.fill(batchX, 0, n, null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends the batch, retrying 5xx, network errors and (if configured) 429 with capped exponential backoff. */
    private void send(int n) throws InterruptedException {
        long backoff = options.minBackoffMs();
        int len = encoder.encode(batchLabels, batchT, batchV, batchX, n);
        while (true) {
            HttpTransport.Response r;
            String error;
            long wait = backoff;
            try {
                r = transport.post(encoder.body(), len, clock.millis());
                counters.requests.increment();
                counters.bytesSent.add(len);
                int st = r.status();
                if (st / 100 == 2) {
                    if (options.protocol() == RemoteWriteOptions.Protocol.V2 && !r.writtenHeaders()) {
                        counters.failed(n, "2.0 receiver did not confirm written samples [status=" + st + "]");
                    } else {
                        counters.sent(n, maxT(n));
                    }
                    return;
                }
                boolean retry = st / 100 == 5 || (st == 429 && options.retryOn429());
                error = "remote write failed [status=" + st + ", body=" + abbreviate(r.body()) + "]";
                if (!retry) {
                    counters.failed(n, error);
                    return;
                }
                if (st == 429 && r.retryAfterMs() >= 0) {
                    wait = r.retryAfterMs();
                }
            } catch (IOException e) {
                error = "remote write failed [error=" + e + "]";
            }
            counters.retried(n, error);
            Thread.sleep(wait);
            backoff = Math.min(backoff * 2, options.maxBackoffMs());
            if (options.maxSampleAgeMs() > 0) {
                int kept = dropOlderThan(n, clock.millis() - options.maxSampleAgeMs());
                if (kept != n) {
                    counters.droppedTooOld.add(n - kept);
                    n = kept;
                    // what is dropped is no longer pending (the gauge and flush() read inFlight)
                    lock.lock();
                    try {
                        inFlight = n;
                    } finally {
                        lock.unlock();
                    }
                    if (n == 0) {
                        return;
                    }
                    len = encoder.encode(batchLabels, batchT, batchV, batchX, n);
                }
            }
        }
    }

    private int dropOlderThan(int n, long minT) {
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (batchT[i] >= minT) {
                batchLabels[w] = batchLabels[i];
                batchT[w] = batchT[i];
                batchV[w] = batchV[i];
                batchX[w] = batchX[i];
                w++;
            }
        }
        return w;
    }

    private long maxT(int n) {
        long m = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, batchT[i]);
        }
        return m;
    }

    private static String abbreviate(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
