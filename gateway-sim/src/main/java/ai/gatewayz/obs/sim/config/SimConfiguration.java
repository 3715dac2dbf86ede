package ai.gatewayz.obs.sim.config;

import ai.gatewayz.obs.sim.catalog.Catalog;
import ai.gatewayz.obs.sim.core.GatewaySimulator;
import ai.gatewayz.obs.sim.core.Users;
import ai.gatewayz.obs.sim.gateway.GatewayService;
import ai.gatewayz.obs.sim.gateway.TrafficDriver;
import ai.gatewayz.obs.sim.routing.BreakerListener;
import ai.gatewayz.obs.sim.scenario.GroundTruth;
import ai.gatewayz.obs.sim.scenario.ScenarioEngine;
import ai.gatewayz.obs.sim.telemetry.ClassicHistogram;
import ai.gatewayz.obs.sim.telemetry.ExtraExposition;
import ai.gatewayz.obs.sim.telemetry.GatewayMetrics;
import ai.gatewayz.obs.sim.telemetry.LogEmitter;
import ai.gatewayz.obs.sim.telemetry.LokiLogging;
import ai.gatewayz.obs.sim.telemetry.Profiling;
import ai.gatewayz.obs.sim.telemetry.TraceEmitter;
import ai.gatewayz.obs.sim.telemetry.Tracing;
import ai.gatewayz.obs.sim.traffic.TrafficGenerator;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.opentelemetry.api.trace.Span;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** Wires the plain simulation and telemetry classes into the Spring application. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SimProperties.class)
public class SimConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SimConfiguration.class);

    @Bean
    Clock simClock() {
        return Clock.systemUTC();
    }

    @Bean
    Catalog catalog() {
        return Catalog.standard();
    }

    @Bean
    Users users(SimProperties p) {
        return new Users(p.traffic().users());
    }

    @Bean
    ScenarioEngine scenarioEngine(Catalog catalog) {
        return new ScenarioEngine(catalog);
    }

    /** The suite adds a {@code service} tag to every meter; the backend's metrics have no such label. */
    @Bean
    @Order(10)
    MeterFilter dropServiceTag() {
        return MeterFilter.ignoreTags("service");
    }

    /** Links Prometheus exemplars to the current OpenTelemetry span ({@code trace_id}, {@code span_id}). */
    @Bean
    io.prometheus.metrics.tracer.common.SpanContext otelExemplarSpanContext() {
        return new io.prometheus.metrics.tracer.common.SpanContext() {
            @Override
            public String getCurrentTraceId() {
                var c = Span.current().getSpanContext();
                return c.isValid() ? c.getTraceId() : null;
            }

            @Override
            public String getCurrentSpanId() {
                var c = Span.current().getSpanContext();
                return c.isValid() ? c.getSpanId() : null;
            }

            @Override
            public boolean isCurrentSpanSampled() {
                return Span.current().getSpanContext().isSampled();
            }

            @Override
            public void markCurrentSpanAsExemplar() {
            }
        };
    }

    /** Histogram exemplars name the current sampled OpenTelemetry span, as the Micrometer meters' do. */
    @Bean
    GatewayMetrics gatewayMetrics(PrometheusMeterRegistry registry, SimProperties p, Clock clock) {
        ClassicHistogram.ExemplarSource exemplars = () -> {
            var c = Span.current().getSpanContext();
            return c.isValid() && c.isSampled() ? Labels.of("span_id", c.getSpanId(), "trace_id", c.getTraceId()) : null;
        };
        return new GatewayMetrics(registry, registry.getPrometheusRegistry(), exemplars, clock, p.identity().appName(),
            p.metrics().fillUnwritten());
    }

    @Bean
    ExtraExposition extraExposition(SimProperties p, Clock clock) {
        return new ExtraExposition(p.metrics().fillUnwritten(), clock.millis());
    }

    @Bean
    LogEmitter logEmitter() {
        return new LogEmitter();
    }

    /** Exporters that own threads and connections; closed (flushed) on shutdown. */
    public record Exporters(Tracing tracing, LokiLogging loki) implements AutoCloseable {
        @Override
        public void close() {
            if (tracing != null) {
                tracing.close();
            }
            if (loki != null) {
                loki.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    Exporters exporters(SimProperties p) {
        if (!p.logs().consoleRequestLines()) {
            LokiLogging.quietRequestLinesOnConsole();
        }
        SimProperties.Traces t = p.traces();
        Tracing tracing = null;
        if (t.enabled()) {
            String endpoint = "grpc".equalsIgnoreCase(t.protocol()) ? t.grpcEndpoint() : t.httpEndpoint();
            tracing = new Tracing(new Tracing.Options(t.protocol(), endpoint, p.identity().serviceName(), p.identity().environment(),
                t.queueSize(), t.batchSize(), t.scheduleDelay(), true, p.telemetryToken()));
        }
        SimProperties.Logs l = p.logs();
        LokiLogging loki = null;
        if (l.enabled()) {
            loki = new LokiLogging(new LokiLogging.Options(l.url(), l.appLabel(), p.identity().environment(), l.serviceLabel(),
                l.protobuf(), l.sendQueueMaxBytes(), l.batchTimeout().toMillis(), l.tenant(), p.telemetryToken()));
        }
        return new Exporters(tracing, loki);
    }

    @Bean(destroyMethod = "close")
    Profiling profiling(SimProperties p) {
        SimProperties.Profiles pr = p.profiles();
        return new Profiling(new Profiling.Options(pr.enabled(), pr.serverAddress(), pr.applicationName(), pr.environment(),
            pr.uploadInterval(), pr.alloc(), p.telemetryToken()));
    }

    @Bean
    GatewaySimulator gatewaySimulator(Catalog catalog, Users users, ScenarioEngine scenarios, SimProperties p, GatewayMetrics metrics,
                                      LogEmitter logs) {
        BreakerListener listener = (provider, model, from, to, at) -> {
            if (model == null) {
                metrics.breakerTransition(provider, from, to);
            }
            logs.breakerTransition(provider, model, from, to);
        };
        return new GatewaySimulator(catalog, users, scenarios, p.seed(), listener);
    }

    @Bean
    GatewayService gatewayService(GatewaySimulator sim, Clock clock, GatewayMetrics metrics, ExtraExposition extra,
                                  Exporters exporters, LogEmitter logs, Profiling profiling, Catalog catalog) {
        TraceEmitter traces = exporters.tracing() == null ? null : new TraceEmitter(exporters.tracing().tracer(), catalog);
        return new GatewayService(sim, clock, metrics, extra, traces, logs, profiling);
    }

    @Bean
    TrafficGenerator trafficGenerator(SimProperties p, Users users, Catalog catalog) {
        return new TrafficGenerator(p.seed(), p.traffic().toOptions(), users, catalog);
    }

    @Bean(destroyMethod = "close")
    TrafficDriver trafficDriver(GatewayService service, TrafficGenerator generator, SimProperties p) {
        return new TrafficDriver(service, generator, p.latencyScale());
    }

    /** Schedules configured scenarios and starts the generator once the web server is up; stops it first on shutdown. */
    @Bean
    SmartLifecycle trafficLifecycle(TrafficDriver driver, SimProperties p, ScenarioEngine scenarios, Clock clock, LogEmitter logs) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                for (SimProperties.Scenario s : p.scenarios()) {
                    GroundTruth g = scenarios.add(s.toSpec(), clock.instant());
                    LOG.info("scenario {} scheduled from configuration: {} from {} to {}", g.id(), g.description(), g.start(), g.end());
                }
                if (p.traffic().enabled()) {
                    driver.start();
                }
                running = true;
            }

            @Override
            public void stop() {
                driver.close();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE - 100;
            }
        };
    }
}
