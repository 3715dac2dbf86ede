package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.traces.generator.GeneratorOptions.TenantOverrides;
import ai.gatewayz.obs.traces.model.Span;
import java.util.List;

/**
 * The processors enabled for one tenant over that tenant's {@link SeriesRegistry}. One lock
 * serialises ingest, edge expiry and collection, so a collection sees whole spans only.
 * Thread-safe.
 */
final class TenantGenerator {
    final String tenant;
    private final SeriesRegistry registry;
    private final SpanMetricsProcessor spanMetrics;
    private final ServiceGraphProcessor serviceGraphs;
    private final GenAiProcessor genAi;
    private final SpanAttributes attrs = new SpanAttributes();
    private final long slackMs;
    private long received;
    private long discarded;
    private long collected;

    TenantGenerator(String tenant, GeneratorOptions o, TenantOverrides overrides) {
        this.tenant = tenant;
        var reg = o.registry();
        this.registry = new SeriesRegistry(reg.externalLabels(), overrides.maxActiveSeries(), reg.staleDuration().toMillis(),
                reg.maxLabelValueLength());
        int nameLen = reg.maxLabelNameLength();
        this.spanMetrics = overrides.processors().contains(GeneratorOptions.SPAN_METRICS)
                ? new SpanMetricsProcessor(o.spanMetrics(), registry, nameLen, attrs) : null;
        this.serviceGraphs = overrides.processors().contains(GeneratorOptions.SERVICE_GRAPHS)
                ? new ServiceGraphProcessor(o.serviceGraphs(), registry, nameLen, attrs) : null;
        this.genAi = overrides.processors().contains(GeneratorOptions.GEN_AI)
                ? new GenAiProcessor(o.genAi(), registry, nameLen, attrs) : null;
        this.slackMs = o.ingestionSlack().toMillis();
    }

    /** True when at least one processor of this generator makes series. */
    static boolean enables(TenantOverrides o) {
        return o.processors().contains(GeneratorOptions.SPAN_METRICS) || o.processors().contains(GeneratorOptions.SERVICE_GRAPHS)
                || o.processors().contains(GeneratorOptions.GEN_AI);
    }

    synchronized void consume(List<Span> spans, long nowMs) {
        long lo = (nowMs - slackMs) * 1_000_000L;
        long hi = (nowMs + slackMs) * 1_000_000L;
        for (Span s : spans) {
            received++;
            // Tempo's metrics_ingestion_time_range_slack: late or future spans would write samples
            // out of order or far from their own time.
            if (s.endNanos() < lo || s.endNanos() > hi) {
                discarded++;
                continue;
            }
            attrs.resolve(s);
            if (spanMetrics != null) {
                spanMetrics.consume(s, nowMs);
            }
            if (serviceGraphs != null) {
                serviceGraphs.consume(s, nowMs);
            }
            if (genAi != null) {
                genAi.consume(s, nowMs);
            }
        }
    }

    synchronized void expire(long nowMs) {
        if (serviceGraphs != null) {
            serviceGraphs.expire(nowMs);
        }
    }

    synchronized void collect(long nowMs, SampleSink sink) {
        expire(nowMs);
        registry.removeStale(nowMs);
        collected += registry.collect(tenant, nowMs, sink);
    }

    synchronized long[] stats() {
        return new long[] {received, discarded, spanMetrics == null ? 0 : spanMetrics.filtered(), registry.seriesLimited(),
            registry.activeSeries(), collected, serviceGraphs == null ? 0 : serviceGraphs.expired(),
            serviceGraphs == null ? 0 : serviceGraphs.pending()};
    }
}
