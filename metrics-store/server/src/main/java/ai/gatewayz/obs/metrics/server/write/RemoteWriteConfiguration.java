package ai.gatewayz.obs.metrics.server.write;

import ai.gatewayz.obs.metrics.ingest.IngestOptions;
import ai.gatewayz.obs.metrics.ingest.OtlpMetricsReceiver;
import ai.gatewayz.obs.metrics.ingest.RemoteWriteReceiver;
import ai.gatewayz.obs.metrics.limits.IngestionRateLimiter;
import ai.gatewayz.obs.metrics.limits.LimitsRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Wires the push receivers: {@code metrics.write.max-decoded-size} (32MB),
 * {@code metrics.write.legacy-name-validation}; for OTLP {@code metrics.otlp.promote-resource-attributes}
 * (comma-separated keys), {@code metrics.otlp.promote-scope-metadata} (false),
 * {@code metrics.otlp.convert-delta} (true) and {@code metrics.otlp.delta-series} (100000). Remote
 * write and OTLP draw from one ingestion-rate bucket per tenant.
 */
@Configuration(proxyBeanMethods = false)
public class RemoteWriteConfiguration {
    @Bean
    IngestionRateLimiter ingestionRateLimiter(ObjectProvider<Clock> clock) {
        return new IngestionRateLimiter(clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    IngestOptions ingestOptions(@Value("${metrics.write.max-decoded-size:32MB}") DataSize maxDecoded,
            @Value("${metrics.write.legacy-name-validation:false}") boolean legacy) {
        IngestOptions d = IngestOptions.defaults();
        return new IngestOptions(maxDecoded.toBytes(), d.maxFuture(), legacy);
    }

    @Bean
    RemoteWriteReceiver remoteWriteReceiver(IngestOptions options, LimitsRegistry limits, IngestionRateLimiter limiter,
            ObjectProvider<Clock> clock) {
        return new RemoteWriteReceiver(options, limits, limiter, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    OtlpMetricsReceiver otlpMetricsReceiver(IngestOptions options, LimitsRegistry limits, IngestionRateLimiter limiter,
            ObjectProvider<Clock> clock,
            @Value("${metrics.otlp.promote-resource-attributes:}") List<String> promote,
            @Value("${metrics.otlp.promote-scope-metadata:false}") boolean scope,
            @Value("${metrics.otlp.convert-delta:true}") boolean convertDelta,
            @Value("${metrics.otlp.delta-series:100000}") int deltaSeries) {
        List<String> keys = promote.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new OtlpMetricsReceiver(options, limits, limiter, clock.getIfAvailable(Clock::systemUTC),
                new OtlpMetricsReceiver.Options(keys, scope, convertDelta, deltaSeries));
    }
}
