package ai.gatewayz.obs.sim.scenario;

import ai.gatewayz.obs.sim.catalog.Catalog;
import ai.gatewayz.obs.sim.core.GatewaySimulator;
import ai.gatewayz.obs.sim.core.Outcome;
import ai.gatewayz.obs.sim.core.Users;
import ai.gatewayz.obs.sim.support.Exposition;
import ai.gatewayz.obs.sim.telemetry.GatewayMetrics;
import ai.gatewayz.obs.sim.telemetry.TraceEmitter;
import ai.gatewayz.obs.sim.traffic.TrafficGenerator;
import ai.gatewayz.obs.sim.traffic.TrafficOptions;
import ai.gatewayz.obs.sim.traffic.VirtualRun;
import ai.gatewayz.obs.testkit.TestClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The simulator in virtual time with real telemetry sinks: a Prometheus registry (scraped and
 * parsed like a scraper would) and, optionally, an OpenTelemetry SDK collecting finished spans.
 * Scenario tests compare a baseline window with a scenario window of the emitted data.
 */
final class SignalHarness implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-20T10:00:00Z");
    final TestClock clock = TestClock.at(T0);
    final Catalog catalog = Catalog.standard();
    final ScenarioEngine scenarios = new ScenarioEngine(catalog);
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final GatewayMetrics metrics = new GatewayMetrics(registry, "gatewayz", false);
    final GatewaySimulator sim;
    final TrafficGenerator gen;
    final List<SpanData> spans = new ArrayList<>();
    private final SdkTracerProvider tracerProvider;
    private final TraceEmitter traces;
    private long seq;

    SignalHarness(long seed, double rps, boolean withSpans) {
        Users users = new Users(40);
        sim = new GatewaySimulator(catalog, users, scenarios, seed, (p, m, from, to, at) -> {
            if (m == null) {
                metrics.breakerTransition(p, from, to);
            }
        });
        gen = new TrafficGenerator(seed, new TrafficOptions(rps, 0.6, 40, 0.01, 0.3), users, catalog);
        if (withSpans) {
            tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> s) {
                    synchronized (spans) {
                        spans.addAll(s);
                    }
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            })).build();
            traces = new TraceEmitter(tracerProvider.get("test"), catalog);
        } else {
            tracerProvider = null;
            traces = null;
        }
    }

    GroundTruth inject(ScenarioSpec spec) {
        return scenarios.add(spec, clock.instant());
    }

    List<Outcome> run(Duration d) {
        List<Outcome> out = new ArrayList<>();
        seq = VirtualRun.run(sim, gen, clock, ms -> clock.advance(Duration.ofMillis(ms)), d, seq, o -> {
            metrics.outcome(o);
            if (traces != null) {
                traces.emit(o, "POST", GatewayMetrics.CHAT_ENDPOINT);
            }
            out.add(o);
        });
        return out;
    }

    Exposition scrape() {
        return Exposition.parse(registry.scrape(), false);
    }

    /** Counter or histogram-count value summed over samples matching the labels. */
    static double value(Exposition e, String family, String sample, Map<String, String> match) {
        Exposition.Family f = e.family(family);
        return f == null ? 0 : f.sum(sample, match);
    }

    @Override
    public void close() {
        if (tracerProvider != null) {
            tracerProvider.close();
        }
        registry.close();
    }
}
