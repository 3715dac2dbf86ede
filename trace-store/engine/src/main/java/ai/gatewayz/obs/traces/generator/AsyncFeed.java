package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.storage.SpanAppender;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands stored spans to the generator on its own thread, as Tempo's distributor queues spans for its
 * generators: an export's ingest thread only enqueues (the generator's work leaves the export's
 * latency and the ingest threads), and when the bounded queue is full the batch is dropped and its
 * spans counted ({@link #droppedSpans}) rather than slowing ingest down. Thread-safe;
 * {@link #close} feeds what is queued and stops the thread.
 */
public final class AsyncFeed implements SpanAppender, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AsyncFeed.class);
    private record Batch(String tenant, List<Span> spans) {
    }

    private static final Batch STOP = new Batch("", List.of());
    private final SpanAppender target;
    private final Predicate<String> accepts;
    private final BlockingQueue<Batch> queue;
    private final LongAdder dropped = new LongAdder();
    private final Thread thread;

    /** Starts the feeding thread; {@code capacity} is in exports (batches of spans). */
    public AsyncFeed(MetricsGenerator generator, int capacity) {
        this(generator::consume, generator::accepts, capacity);
    }

    /** Feeds {@code target} with the batches of tenants {@code accepts} lets through. */
    AsyncFeed(SpanAppender target, Predicate<String> accepts, int capacity) {
        this.target = target;
        this.accepts = accepts;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().daemon().name("metrics-generator-feed").start(this::run);
    }

    @Override
    public void append(String tenant, List<Span> spans) {
        if (spans.isEmpty() || !accepts.test(tenant)) {
            return;
        }
        // the caller may reuse its list once this returns
        if (!queue.offer(new Batch(tenant, List.copyOf(spans)))) {
            dropped.add(spans.size());
        }
    }

    /** Spans not fed to the generator because the queue was full. */
    public long droppedSpans() {
        return dropped.sum();
    }

    /** CPU time the feeding thread used so far, in nanoseconds (-1 where the JVM cannot tell). */
    public long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.threadId());
    }

    /** Exports waiting in the queue. */
    public int pending() {
        return queue.size();
    }

    private void run() {
        while (true) {
            Batch b;
            try {
                b = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (b == STOP) {
                return;
            }
            try {
                target.append(b.tenant(), b.spans());
            } catch (RuntimeException e) {
                log.error("metrics generator failed on stored spans [tenant={}, spans={}]", b.tenant(), b.spans().size(), e);
            }
        }
    }

    /** Feeds what is queued (waiting at most 5 s), then stops the thread. */
    @Override
    public void close() {
        try {
            if (!queue.offer(STOP, 5, TimeUnit.SECONDS)) {
                thread.interrupt();
            }
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
