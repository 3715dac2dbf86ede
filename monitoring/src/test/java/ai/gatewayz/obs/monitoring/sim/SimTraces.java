package ai.gatewayz.obs.monitoring.sim;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.remotewrite.Exemplar;
import ai.gatewayz.obs.sim.core.Outcome;
import ai.gatewayz.obs.sim.telemetry.TraceEmitter;
import ai.gatewayz.obs.testkit.Peers;
import ai.gatewayz.obs.traces.generator.GeneratingAppender;
import ai.gatewayz.obs.traces.generator.GeneratorConfigLoader;
import ai.gatewayz.obs.traces.generator.GeneratorOptions;
import ai.gatewayz.obs.traces.generator.GeneratorStats;
import ai.gatewayz.obs.traces.generator.MetricsGenerator;
import ai.gatewayz.obs.traces.generator.SampleSink;
import ai.gatewayz.obs.traces.otlp.ExportResult;
import ai.gatewayz.obs.traces.otlp.OtlpReceiver;
import ai.gatewayz.obs.traces.otlp.TenantLimits;
import ai.gatewayz.obs.traces.storage.MemoryTraceStorage;
import ai.gatewayz.obs.traces.storage.TraceQuerier;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * gateway-sim's traces in process, beside a {@link SimFeed}: every request the feed simulates goes
 * through gateway-sim's real {@link TraceEmitter} and the OpenTelemetry SDK (resource as the backend
 * sets it), is encoded as the OTLP request the exporter would send, and enters trace-store's real
 * {@link OtlpReceiver}, whose ingest hook stores it and feeds the metrics generator configured by
 * trace-store's bundled {@code generator/defaults.yaml} (what the suite runs with METRICS_STORE_URL)
 * on the feed's virtual clock. {@link #tick} (after each slice of {@link SimFeed#run}) collects the
 * generator into the feed's metrics-store storage, exemplars included — what the remote-write client
 * would deliver. Single-threaded; not thread-safe.
 */
public final class SimTraces implements AutoCloseable {
    public static final String TENANT = "anonymous";
    public static final String SERVICE = "gatewayz-api";
    static final Path DEFAULTS = Peers.sourceRoot().resolve("trace-store/server/src/main/resources/generator/defaults.yaml");

    private final SimFeed feed;
    private final MemoryTraceStorage traces = new MemoryTraceStorage();
    private final MetricsGenerator generator;
    private final OtlpReceiver receiver;
    private final SdkTracerProvider provider;
    private final TraceEmitter emitter;
    private final List<SpanData> pending = new ArrayList<>();
    private final List<SpanData> waiting = new java.util.LinkedList<>();
    private final Collector collector = new Collector();
    private long spansAccepted;
    private long spansRejected;

    public SimTraces(SimFeed feed) {
        this.feed = feed;
        GeneratorOptions o;
        try {
            o = new GeneratorConfigLoader(Map.of("METRICS_STORE_URL", "http://metrics-store:9090")::get)
                    .parse(Files.readString(DEFAULTS), DEFAULTS.getParent()).options();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        generator = new MetricsGenerator(o, collector, feed.clock());
        receiver = new OtlpReceiver(new GeneratingAppender(traces, generator), t -> TenantLimits.DEFAULTS, feed.clock());
        provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.builder()
                        .put(AttributeKey.stringKey("service.name"), SERVICE).put("service.version", "2.0.3")
                        .put("service.namespace", "gatewayz").put("deployment.environment", "test").build())))
                .addSpanProcessor(SimpleSpanProcessor.create(new Buffer())).build();
        emitter = new TraceEmitter(provider.get("gateway-sim"), feed.catalog());
        feed.onOutcome(this::emit);
    }

    private void emit(Outcome o) {
        emitter.emit(o, "POST", "/v1/chat/completions");
        // the SDK exports a span once it has ended: hold each until the virtual clock is there
        waiting.addAll(pending);
        pending.clear();
        exportDue();
    }

    /** Exports, in one request as the batch processor would, every held span that has ended by now. */
    private void exportDue() {
        long now = feed.nowMs() * 1_000_000L;
        List<SpanData> due = new ArrayList<>();
        for (var it = waiting.iterator(); it.hasNext(); ) {
            SpanData d = it.next();
            if (d.getEndEpochNanos() <= now) {
                due.add(d);
                it.remove();
            }
        }
        if (due.isEmpty()) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            TraceRequestMarshaler.create(due).writeBinaryTo(out);
            ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(out.toByteArray());
            ExportResult r = receiver.export(TENANT, req, out.size());
            spansRejected += r.rejected();
            spansAccepted += due.size() - r.rejected();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Expires edges and, when the collection interval is due, writes the generator's series into the feed's storage. */
    public void tick() {
        exportDue();
        if (generator.tick()) {
            collector.commit();
        }
    }

    /** The stored traces, for TraceQL search and metrics. */
    public TraceQuerier querier() {
        return traces;
    }

    public GeneratorStats generatorStats() {
        return generator.stats();
    }

    public long spansAccepted() {
        return spansAccepted;
    }

    public long spansRejected() {
        return spansRejected;
    }

    @Override
    public void close() {
        provider.shutdown();
        traces.close();
    }

    /** Receives each ended span (SimpleSpanProcessor) until the request's export. */
    private final class Buffer implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            pending.addAll(spans);
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
    }

    /** The generator's samples of one collection, committed into the feed's storage in one appender. */
    private final class Collector implements SampleSink {
        private final List<Object[]> samples = new ArrayList<>();

        @Override
        public boolean append(String tenant, Labels labels, long timestampMs, double value) {
            return append(tenant, labels, timestampMs, value, null);
        }

        @Override
        public boolean append(String tenant, Labels labels, long timestampMs, double value, Exemplar exemplar) {
            samples.add(new Object[] {labels, timestampMs, value, exemplar});
            return true;
        }

        void commit() {
            Appender app = feed.storage().appender();
            for (Object[] s : samples) {
                Labels l = (Labels) s[0];
                long ref = app.append(0, l, (Long) s[1], (Double) s[2]);
                if (s[3] instanceof Exemplar e) {
                    app.appendExemplar(ref, l, new ai.gatewayz.obs.metrics.model.Exemplar(e.labels(), e.value(), e.timestampMs()));
                }
            }
            app.commit();
            samples.clear();
        }
    }
}
