package ai.gatewayz.obs.traces.server.generator;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code traces.generator.*}: whether the metrics generator may run ({@code enabled}), the
 * metrics-store it writes to when {@code CONFIG_FILE} has no {@code metrics_generator} block
 * ({@code metrics-store-url}, from {@code METRICS_STORE_URL}; the bundled Tempo-format defaults are
 * used then), how often edges are expired ({@code tick}), and the remote-write queue per tenant
 * ({@code queue-capacity} samples, dropped and counted beyond it while metrics-store is down;
 * {@code max-sample-age} after which retried samples are dropped, 0 = retry until capacity drops),
 * and the exports that may wait for the generator's thread ({@code feed-capacity}; beyond it
 * they are not counted, and that is counted in {@code tempo_distributor_queue_pushes_failures_total}).
 */
@ConfigurationProperties("traces.generator")
public record GeneratorProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("") String metricsStoreUrl,
        @DefaultValue("1s") Duration tick,
        @DefaultValue("50000") int queueCapacity,
        @DefaultValue("10m") Duration maxSampleAge,
        @DefaultValue("64") int feedCapacity) {
}
