package ai.gatewayz.obs.metrics.server.write;

import ai.gatewayz.obs.metrics.ingest.IngestOptions;
import ai.gatewayz.obs.metrics.ingest.RemoteWriteReceiver;
import ai.gatewayz.obs.metrics.limits.IngestionRateLimiter;
import ai.gatewayz.obs.metrics.limits.LimitsRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** Wires the remote-write receiver: {@code metrics.write.max-decoded-size} (32MB), {@code metrics.write.legacy-name-validation}. */
@Configuration(proxyBeanMethods = false)
public class RemoteWriteConfiguration {
    @Bean
    RemoteWriteReceiver remoteWriteReceiver(LimitsRegistry limits, ObjectProvider<Clock> clock,
            @Value("${metrics.write.max-decoded-size:32MB}") DataSize maxDecoded,
            @Value("${metrics.write.legacy-name-validation:false}") boolean legacy) {
        Clock c = clock.getIfAvailable(Clock::systemUTC);
        IngestOptions d = IngestOptions.defaults();
        return new RemoteWriteReceiver(new IngestOptions(maxDecoded.toBytes(), d.maxFuture(), legacy), limits,
                new IngestionRateLimiter(c), c);
    }
}
