package ai.gatewayz.obs.sim.gateway;

import ai.gatewayz.obs.sim.core.ChatRequest;
import ai.gatewayz.obs.sim.core.Outcome;
import ai.gatewayz.obs.sim.traffic.TrafficGenerator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates traffic on the wall clock: requests arrive at the configured rate, are simulated at
 * arrival, and their telemetry is emitted when the simulated request would finish (its latency
 * times {@code latencyScale}), so span end times, log timestamps and metric updates line up with
 * the simulated timeline. Pending emissions are bounded by rate x max latency. Start/stop are
 * idempotent; thread-safe.
 */
public final class TrafficDriver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrafficDriver.class);
    private static final long MAX_RENDER_TOKENS = 2_000;

    private final GatewayService service;
    private final TrafficGenerator generator;
    private final double latencyScale;
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private ScheduledExecutorService scheduler;

    public TrafficDriver(GatewayService service, TrafficGenerator generator, double latencyScale) {
        this.service = service;
        this.generator = generator;
        this.latencyScale = latencyScale;
    }

    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name("traffic-", 0).factory());
        long periodNanos = (long) (1_000_000_000L / generator.options().requestsPerSecond());
        scheduler.scheduleAtFixedRate(this::tick, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        LOG.info("traffic generator started: {} requests/s, streaming share {}", generator.options().requestsPerSecond(),
            generator.options().streamingShare());
    }

    public long sent() {
        return sent.get();
    }

    private void tick() {
        try {
            long n = seq.getAndIncrement();
            ChatRequest req = generator.next(n, service.simulator().scenarios().faultsAt(service.clock().instant()));
            Outcome o = service.simulate(req);
            sent.incrementAndGet();
            long delay = (long) (o.totalMs() * latencyScale);
            Runnable emit = () -> {
                try {
                    // spans first: the work's profile samples carry the request's span id
                    GatewayService.Emitted e = service.emit(o, true, 300L + req.promptChars(), o.success() ? 400 + o.outputTokens() * 5 : 220);
                    service.work(o, MAX_RENDER_TOKENS, e.spanId());
                } catch (RuntimeException e) {
                    LOG.warn("telemetry emission failed: {}", e.toString());
                }
            };
            if (delay <= 0) {
                emit.run();
            } else {
                scheduler.schedule(emit, delay, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            LOG.warn("traffic tick failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
