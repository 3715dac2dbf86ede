package ai.gatewayz.obs.metrics.server.storage;

import ai.gatewayz.obs.metrics.storage.TenantStorages;
import ai.gatewayz.obs.metrics.storage.memory.MemoryTenantStorages;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which storage the server runs on. Closed by Spring at shutdown (flushes, for on-disk storage). */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {
    @Bean(destroyMethod = "close")
    TenantStorages tenantStorages() {
        return new MemoryTenantStorages();
    }
}
