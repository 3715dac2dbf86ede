package ai.gatewayz.obs.profiles.server.limits;

import ai.gatewayz.obs.profiles.limits.IngestLimiter;
import ai.gatewayz.obs.profiles.limits.TenantLimitsSource;
import ai.gatewayz.obs.profiles.storage.ProfileStorage;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The per-tenant ingest limiter, its budget of active series seeded from storage. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProfileLimitsProperties.class)
public class ProfileLimitsConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ProfileLimitsConfiguration.class);

    @Bean
    IngestLimiter ingestLimiter(ProfileLimitsProperties props, ProfileStorage storage, Clock profileClock) {
        log.info("profile ingest limits [defaults={}, overridden_tenants={}]", props.defaults(), props.overrides().keySet());
        return new IngestLimiter(TenantLimitsSource.of(props.defaults(), props.overrides()), profileClock, props.activeSeriesWindow(),
                (tenant, since, now) -> storage.querier(tenant).series(List.of(), since, now));
    }
}
