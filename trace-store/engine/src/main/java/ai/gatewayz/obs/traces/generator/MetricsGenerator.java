package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.traces.generator.GeneratorOptions.TenantOverrides;
import ai.gatewayz.obs.traces.model.Span;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics generator: spans of each tenant go to the processors that tenant's overrides enable
 * (a tenant with none costs one map lookup per export), and {@link #tick} — called often by a timer,
 * or by a test after advancing its clock — expires service-graph edges and, once per
 * {@code collection_interval} on the injected clock, writes every tenant's series into the sink,
 * into the tenant the spans came from.
 *
 * <p>Thread-safe: any ingest thread may call {@link #consume}; {@link #tick} runs on one timer thread.
 */
public final class MetricsGenerator {
    private final GeneratorOptions options;
    private final SampleSink sink;
    private final Clock clock;
    private final long intervalMs;
    private final Map<String, TenantGenerator> tenants = new ConcurrentHashMap<>();
    private final Map<String, Boolean> disabled = new ConcurrentHashMap<>();
    private volatile long nextCollectMs;

    public MetricsGenerator(GeneratorOptions options, SampleSink sink, Clock clock) {
        this.options = options;
        this.sink = sink;
        this.clock = clock;
        this.intervalMs = options.registry().collectionInterval().toMillis();
        this.nextCollectMs = clock.millis() + intervalMs;
    }

    public GeneratorOptions options() {
        return options;
    }

    /** Whether any processor is on for {@code tenant}. */
    public boolean enabledFor(String tenant) {
        return TenantGenerator.enables(options.overrides().forTenant(tenant));
    }

    /** Whether any tenant can have a processor on (the defaults or a per-tenant override). */
    public boolean anyEnabled() {
        return TenantGenerator.enables(options.overrides().defaults())
                || options.overrides().tenants().values().stream().anyMatch(TenantGenerator::enables);
    }

    /** Cheap check before handing spans over: false once {@code tenant} is known to have no processor. */
    public boolean accepts(String tenant) {
        return !disabled.containsKey(tenant);
    }

    /** Feeds stored spans of {@code tenant}; never throws for span content. */
    public void consume(String tenant, List<Span> spans) {
        if (spans.isEmpty() || disabled.containsKey(tenant)) {
            return;
        }
        TenantGenerator g = tenants.get(tenant);
        if (g == null) {
            TenantOverrides o = options.overrides().forTenant(tenant);
            if (!TenantGenerator.enables(o)) {
                disabled.put(tenant, Boolean.TRUE);
                return;
            }
            g = tenants.computeIfAbsent(tenant, t -> new TenantGenerator(t, options, o));
        }
        g.consume(spans, clock.millis());
    }

    /** Expires edges; collects when the interval is due. Returns true when it collected. */
    public boolean tick() {
        long now = clock.millis();
        if (now < nextCollectMs) {
            for (TenantGenerator g : tenants.values()) {
                g.expire(now);
            }
            return false;
        }
        collect(now);
        nextCollectMs = now + intervalMs;
        return true;
    }

    /** Writes every tenant's series now (also used on shutdown, so the last counts are sent). */
    public void collect() {
        collect(clock.millis());
    }

    private void collect(long now) {
        for (TenantGenerator g : tenants.values()) {
            g.collect(now, sink);
        }
    }

    public GeneratorStats stats() {
        long[] sum = new long[8];
        for (TenantGenerator g : tenants.values()) {
            long[] s = g.stats();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += s[i];
            }
        }
        return new GeneratorStats(sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7], tenants.size());
    }
}
