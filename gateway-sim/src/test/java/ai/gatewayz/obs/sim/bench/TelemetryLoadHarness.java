package ai.gatewayz.obs.sim.bench;

import ai.gatewayz.obs.sim.catalog.Catalog;
import ai.gatewayz.obs.sim.core.ChatRequest;
import ai.gatewayz.obs.sim.core.GatewaySimulator;
import ai.gatewayz.obs.sim.core.Outcome;
import ai.gatewayz.obs.sim.core.Users;
import ai.gatewayz.obs.sim.gateway.GatewayService;
import ai.gatewayz.obs.sim.routing.BreakerListener;
import ai.gatewayz.obs.sim.scenario.ScenarioEngine;
import ai.gatewayz.obs.sim.support.Receivers;
import ai.gatewayz.obs.sim.telemetry.ExtraExposition;
import ai.gatewayz.obs.sim.telemetry.GatewayMetrics;
import ai.gatewayz.obs.sim.telemetry.LogEmitter;
import ai.gatewayz.obs.sim.telemetry.LokiLogging;
import ai.gatewayz.obs.sim.telemetry.Profiling;
import ai.gatewayz.obs.sim.telemetry.TraceEmitter;
import ai.gatewayz.obs.sim.telemetry.Tracing;
import ai.gatewayz.obs.sim.traffic.TrafficGenerator;
import ai.gatewayz.obs.sim.traffic.TrafficOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load harness (a main program, not a test): how many requests per second gateway-sim's request
 * path sustains in-process with all four exporters on (metrics recorded and scraped every 15 s,
 * OTLP/HTTP traces, loki4j JSON logs, pyroscope agent), each pushing to a loopback sink, and what
 * share of the process CPU the telemetry costs (all exporters and metrics off vs on, same paced
 * rate). A rate counts as sustained when the achieved rate is within 5 % of the target and the
 * sinks received at least 95 % of the spans and log lines per request seen at the lowest rate.
 * Run: see docs/benchmarks.md. Arguments: [seconds per step] [paced rate for the CPU comparison].
 */
public final class TelemetryLoadHarness {
    private TelemetryLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        double cpuRate = args.length > 1 ? Double.parseDouble(args[1]) : 200;
        org.slf4j.LoggerFactory.getLogger(TelemetryLoadHarness.class).info("harness start");
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ROOT")).setLevel(ch.qos.logback.classic.Level.INFO);
        LokiLogging.quietRequestLinesOnConsole();
        try (Receivers sink = new Receivers()) {
            // 1. CPU share: telemetry off, then on, at the same paced rate
            Setup off = new Setup(sink, false);
            run(off, cpuRate, 5);
            double cpuOff = run(off, cpuRate, seconds).cpuPerSecond;
            off.close();
            Setup on = new Setup(sink, true);
            run(on, cpuRate, 5);
            Result onRes = run(on, cpuRate, seconds);
            double cpuOn = onRes.cpuPerSecond;
            System.out.printf("CPU at %.0f req/s: telemetry off %.3f cores, all exporters on %.3f cores, telemetry share %.1f %%%n", cpuRate,
                cpuOff, cpuOn, 100 * (cpuOn - cpuOff) / cpuOn);
            // 2. maximum sustained rate with everything on
            double[] targets = {100, 250, 500, 1000, 2000, 4000, 8000};
            double refSpans = 0;
            double refLines = 0;
            double best = 0;
            for (double t : targets) {
                Result r = run(on, t, seconds);
                if (refSpans == 0) {
                    refSpans = r.spansPerRequest;
                    refLines = r.linesPerRequest;
                }
                boolean sustained = r.achieved >= 0.95 * t && r.spansPerRequest >= 0.95 * refSpans && r.linesPerRequest >= 0.95 * refLines;
                System.out.printf("target %6.0f req/s: achieved %7.1f, spans/req %.1f, log lines/req %.2f, cpu %.2f cores -> %s%n", t, r.achieved,
                    r.spansPerRequest, r.linesPerRequest, r.cpuPerSecond, sustained ? "sustained" : "NOT sustained");
                if (!sustained) {
                    break;
                }
                best = t;
            }
            System.out.printf("maximum sustained rate with all four exporters on: %.0f req/s (%d cores)%n", best,
                Runtime.getRuntime().availableProcessors());
            on.close();
        }
        System.exit(0);
    }

    private record Result(double achieved, double cpuPerSecond, double spansPerRequest, double linesPerRequest) {
    }

    private static Result run(Setup s, double rate, int seconds) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long spans0 = spans(s.sink);
        long lines0 = lines(s.sink);
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        long end = t0 + seconds * 1_000_000_000L;
        AtomicLong done = new AtomicLong();
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        Thread[] ts = new Thread[threads];
        double perThreadInterval = threads * 1e9 / rate;
        for (int i = 0; i < threads; i++) {
            final int id = i;
            ts[i] = Thread.ofPlatform().start(() -> {
                long next = System.nanoTime() + (long) (id * perThreadInterval / threads);
                while (true) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        return;
                    }
                    if (now < next) {
                        java.util.concurrent.locks.LockSupport.parkNanos(next - now);
                        continue;
                    }
                    next += (long) perThreadInterval;
                    s.one();
                    done.incrementAndGet();
                }
            });
        }
        for (Thread t : ts) {
            t.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long cpu = os.getProcessCpuTime() - cpu0;
        if (s.on) {
            s.tracing.flush();
            Thread.sleep(1500);
        }
        long n = done.get();
        return new Result(n / elapsed, cpu / 1e9 / elapsed, n == 0 ? 0 : (double) (spans(s.sink) - spans0) / n,
            n == 0 ? 0 : (double) (lines(s.sink) - lines0) / n);
    }

    private static long spans(Receivers sink) throws Exception {
        long c = 0;
        for (Receivers.Request r : java.util.List.copyOf(sink.traces)) {
            for (var rs : ExportTraceServiceRequest.parseFrom(r.body()).getResourceSpansList()) {
                for (var ss : rs.getScopeSpansList()) {
                    c += ss.getSpansCount();
                }
            }
        }
        return c;
    }

    private static long lines(Receivers sink) {
        long c = 0;
        for (Receivers.Request r : java.util.List.copyOf(sink.logs)) {
            String b = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
            int i = 0;
            while ((i = b.indexOf("[\"1", i)) >= 0) {
                c++;
                i += 3;
            }
        }
        return c;
    }

    /** The service with telemetry wired as in the application, or with all of it off. */
    private static final class Setup implements AutoCloseable {
        final Receivers sink;
        final boolean on;
        final GatewayService service;
        final TrafficGenerator gen;
        final Tracing tracing;
        final LokiLogging loki;
        final Profiling profiling;
        final PrometheusMeterRegistry registry;
        final ExtraExposition extra;
        final AtomicLong seq = new AtomicLong();
        final AtomicLong lastScrape = new AtomicLong(System.nanoTime());

        Setup(Receivers sink, boolean on) {
            this.sink = sink;
            this.on = on;
            Catalog catalog = Catalog.standard();
            Users users = new Users(40);
            ScenarioEngine scenarios = new ScenarioEngine(catalog);
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            GatewayMetrics metrics = new GatewayMetrics(on ? registry : new io.micrometer.core.instrument.composite.CompositeMeterRegistry(),
                "gatewayz", false);
            extra = new ExtraExposition(false, 0);
            LogEmitter logs = new LogEmitter();
            tracing = on ? new Tracing(new Tracing.Options("http/protobuf", sink.base(), "gatewayz-api", "bench", 2048, 512,
                Duration.ofMillis(200))) : null;
            loki = on ? new LokiLogging(new LokiLogging.Options(sink.base() + "/loki/api/v1/push", "gatewayz-api", "bench", "gatewayz-api",
                false, 8 << 20, 500, null)) : null;
            if (!on) {
                ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("src")).setLevel(ch.qos.logback.classic.Level.OFF);
            } else {
                ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("src")).setLevel(null);
            }
            profiling = new Profiling(new Profiling.Options(on, sink.base(), "gatewayz-backend", "bench", Duration.ofSeconds(10), "512k"));
            GatewaySimulator sim = new GatewaySimulator(catalog, users, scenarios, 42, BreakerListener.NONE);
            TraceEmitter traces = tracing == null ? null : new TraceEmitter(tracing.tracer(), catalog);
            service = new GatewayService(sim, Clock.systemUTC(), metrics, extra, traces, logs, profiling);
            gen = new TrafficGenerator(42, new TrafficOptions(1000, 0.6, 40, 0.01, 0.3), users, catalog);
        }

        void one() {
            ChatRequest req = gen.next(seq.getAndIncrement(), ai.gatewayz.obs.sim.scenario.Faults.NONE);
            Outcome o = service.simulate(req);
            service.work(o, 2_000);
            service.emit(o, true, 300L + req.promptChars(), 400 + o.outputTokens() * 5);
            long last = lastScrape.get();
            if (on && System.nanoTime() - last > 15_000_000_000L && lastScrape.compareAndSet(last, System.nanoTime())) {
                registry.scrape("application/openmetrics-text");
                extra.render(true, System.currentTimeMillis());
            }
        }

        @Override
        public void close() {
            if (tracing != null) {
                tracing.close();
            }
            if (loki != null) {
                loki.close();
            }
            profiling.close();
        }
    }
}
