package ai.gatewayz.obs.logs.server.push;

import ai.gatewayz.obs.logs.ingest.PushReceiver;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one push receiver every ingest path (Loki push, OTLP) shares, so a tenant's rate and stream limits count all of them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PushProperties.class)
public class PushReceiverConfiguration {
    @Bean
    PushReceiver pushReceiver(TenantLogStorages storages, PushProperties props, ObjectProvider<Clock> clock) {
        return new PushReceiver(storages, props::forTenant, clock.getIfAvailable(Clock::systemUTC), props.maxDecodedSize().toBytes());
    }
}
