package ai.gatewayz.obs.traces.server.generator;

import ai.gatewayz.obs.traces.generator.AsyncFeed;
import ai.gatewayz.obs.traces.generator.GeneratorConfigLoader;
import ai.gatewayz.obs.traces.generator.GeneratorOptions;
import ai.gatewayz.obs.traces.generator.MetricsGenerator;
import ai.gatewayz.obs.traces.generator.RemoteWriteSink;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The metrics generator, configured as Tempo's: the {@code metrics_generator} and {@code overrides}
 * blocks of {@code CONFIG_FILE} when it has them, else — when {@code METRICS_STORE_URL} is set — the
 * bundled {@code generator/defaults.yaml} (span metrics with the GatewayZ dimensions, service graphs
 * and gen-ai tokens for every tenant, into metrics-store). Without either it is off and ingest is
 * untouched. Stored spans reach it through a bounded queue on its own thread ({@link AsyncFeed}). A timer ticks it (edge expiry, collection on its interval); on shutdown the last counts
 * are collected and sent for at most 5 s. Its counters are on {@code /metrics} as
 * {@code tempo_metrics_generator_*} and the remote-write queue as {@code prometheus_remote_storage_*}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GeneratorProperties.class)
public class GeneratorConfiguration {
    private static final Logger log = LoggerFactory.getLogger(GeneratorConfiguration.class);
    static final String DEFAULTS = "/generator/defaults.yaml";

    /** The generator with its sink and timer; closing collects once more, drains and stops. */
    public static final class Running implements AutoCloseable {
        private final MetricsGenerator generator;
        private final AsyncFeed feed;
        private final RemoteWriteSink sink;
        private final ScheduledExecutorService timer;

        Running(MetricsGenerator generator, AsyncFeed feed, RemoteWriteSink sink, ScheduledExecutorService timer) {
            this.generator = generator;
            this.feed = feed;
            this.sink = sink;
            this.timer = timer;
        }

        public MetricsGenerator generator() {
            return generator;
        }

        /** What the ingest path hands spans to: a queue feeding the generator's own thread. */
        public AsyncFeed feed() {
            return feed;
        }

        public RemoteWriteSink sink() {
            return sink;
        }

        @Override
        public void close() {
            timer.shutdownNow();
            feed.close();
            try {
                generator.collect();
            } finally {
                sink.close(Duration.ofSeconds(5));
            }
        }
    }

    @Bean(destroyMethod = "close")
    Running metricsGenerator(GeneratorProperties props, @Value("${config.file:${CONFIG_FILE:}}") String configFile,
            ObjectProvider<Clock> clockProvider, ObjectProvider<MeterRegistry> meters) {
        GeneratorOptions options = options(props, configFile);
        Clock clock = clockProvider.getIfAvailable(Clock::systemUTC);
        RemoteWriteSink sink = new RemoteWriteSink(options.remoteWrite(), options.addOrgIdHeader(),
                o -> o.withQueue(1, props.queueCapacity(), Math.min(2000, props.queueCapacity()), o.batchSendDeadlineMs())
                        .withMaxSampleAge(props.maxSampleAge().toMillis()), clock);
        MetricsGenerator generator = new MetricsGenerator(options, sink, clock);
        if (generator.anyEnabled() && options.remoteWrite().isEmpty()) {
            log.warn("metrics generator has processors on but no storage.remote_write target: series are computed and dropped");
        }
        AsyncFeed feed = new AsyncFeed(generator, props.feedCapacity());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-generator");
            t.setDaemon(true);
            return t;
        });
        long ms = props.tick().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                generator.tick();
            } catch (RuntimeException e) {
                log.error("metrics generator tick failed", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        meters.ifAvailable(r -> bind(generator, feed, sink, r));
        return new Running(generator, feed, sink, timer);
    }

    /** CONFIG_FILE's blocks, else the bundled defaults when METRICS_STORE_URL is set, else no processor on. */
    static GeneratorOptions options(GeneratorProperties props, String configFile) {
        if (!props.enabled()) {
            log.info("metrics generator off [traces.generator.enabled=false]");
            return GeneratorConfigLoader.defaults();
        }
        GeneratorConfigLoader loader = GeneratorConfigLoader.withSystemEnv();
        if (configFile != null && !configFile.isBlank()) {
            GeneratorConfigLoader.Result r = loader.load(Path.of(configFile));
            r.warnings().forEach(w -> log.warn("{} [file={}]", w, configFile));
            if (r.present()) {
                log.info("metrics generator from {} [remoteWrite={}, defaultProcessors={}]", configFile, r.options().remoteWrite().size(),
                        r.options().overrides().defaults().processors());
                return r.options();
            }
        }
        if (props.metricsStoreUrl().isBlank()) {
            log.info("metrics generator off: no metrics_generator block in CONFIG_FILE and no METRICS_STORE_URL");
            return GeneratorConfigLoader.defaults();
        }
        String url = props.metricsStoreUrl().replaceAll("/+$", "");
        GeneratorConfigLoader bundled = new GeneratorConfigLoader(k -> k.equals("METRICS_STORE_URL") ? url : System.getenv(k));
        GeneratorOptions o = bundled.parse(bundledDefaults(), null).options();
        log.info("metrics generator on with the bundled defaults [url={}/api/v1/write]", url);
        return o;
    }

    static String bundledDefaults() {
        try (InputStream in = GeneratorConfiguration.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULTS);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void bind(MetricsGenerator g, AsyncFeed feed, RemoteWriteSink sink, MeterRegistry r) {
        FunctionCounter.builder("tempo_distributor_queue_pushes_failures_total", feed, AsyncFeed::droppedSpans)
                .description("Stored spans not fed to the generator because its queue was full").register(r);
        counter(r, "tempo_metrics_generator_spans_received_total", "Spans handed to the generator", g, s -> s.spansReceived());
        counter(r, "tempo_metrics_generator_spans_discarded_total", "Spans outside metrics_ingestion_time_range_slack", g,
                s -> s.spansDiscarded());
        counter(r, "tempo_metrics_generator_spans_filtered_total", "Spans refused by span_metrics filter_policies", g,
                s -> s.spansFiltered());
        counter(r, "tempo_metrics_generator_registry_series_limited_total",
                "Observations folded into the overflow series by max_active_series", g, s -> s.seriesLimited());
        counter(r, "tempo_metrics_generator_registry_samples_collected_total", "Samples handed to remote write", g,
                s -> s.samplesCollected());
        counter(r, "tempo_metrics_generator_service_graph_edges_expired_total", "Service-graph halves that expired unpaired", g,
                s -> s.edgesExpired());
        Gauge.builder("tempo_metrics_generator_registry_active_series", g, x -> x.stats().activeSeries())
                .description("Active generated series over all tenants").register(r);
        Gauge.builder("tempo_metrics_generator_service_graph_edges_pending", g, x -> x.stats().edgesPending())
                .description("Service-graph halves waiting for their other half").register(r);
        FunctionCounter.builder("prometheus_remote_storage_samples_total", sink, x -> x.stats().samplesSent())
                .tag("remote_name", "metrics-generator").description("Generator samples acknowledged by the receiver").register(r);
        FunctionCounter.builder("prometheus_remote_storage_samples_dropped_total", sink,
                        x -> x.stats().droppedQueueFull() + x.stats().droppedTooOld() + x.stats().droppedInvalid())
                .tag("remote_name", "metrics-generator").description("Generator samples dropped before sending").register(r);
        FunctionCounter.builder("prometheus_remote_storage_samples_retried_total", sink, x -> x.stats().samplesRetried())
                .tag("remote_name", "metrics-generator").description("Generator sample sends repeated").register(r);
        FunctionCounter.builder("prometheus_remote_storage_samples_failed_total", sink, x -> x.stats().samplesFailed())
                .tag("remote_name", "metrics-generator").description("Generator samples refused by the receiver").register(r);
        Gauge.builder("prometheus_remote_storage_samples_pending", sink, x -> x.stats().pending())
                .tag("remote_name", "metrics-generator").description("Generator samples queued or in flight").register(r);
    }

    private static void counter(MeterRegistry r, String name, String help, MetricsGenerator g,
            ToDoubleFunction<ai.gatewayz.obs.traces.generator.GeneratorStats> f) {
        FunctionCounter.builder(name, g, x -> f.applyAsDouble(x.stats())).description(help).register(r);
    }
}
