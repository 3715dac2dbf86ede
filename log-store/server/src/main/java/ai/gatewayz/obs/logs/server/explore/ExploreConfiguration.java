package ai.gatewayz.obs.logs.server.explore;

import ai.gatewayz.obs.logs.logql.LogqlOptions;
import ai.gatewayz.obs.logs.observe.ObservedLogStorages;
import ai.gatewayz.obs.logs.patterns.PatternMiner;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import ai.gatewayz.obs.logs.tail.TailHub;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the consumers of the live stream: the storages bean is wrapped in {@link ObservedLogStorages}
 * (so the storage configuration stays unaware of them), and the pattern miner and the tail hub listen
 * to every committed push.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExploreProperties.class)
public class ExploreConfiguration {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ExploreConfiguration.class);

    @Bean
    static BeanPostProcessor observeLogStorages() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof TenantLogStorages s && !(bean instanceof ObservedLogStorages)
                        ? new ObservedLogStorages(s) : bean;
            }
        };
    }

    private static ObservedLogStorages observed(TenantLogStorages storages) {
        if (storages instanceof ObservedLogStorages o) {
            return o;
        }
        throw new IllegalStateException("log storages are not observed [type=" + storages.getClass().getName() + "]");
    }

    /**
     * Mines on its own thread (a queue of 1024 pushes; a push finding it full is not mined, counted in
     * {@code log_store_pattern_dropped_lines_total}), so ingest never waits for it; the thread's CPU time
     * is {@code log_store_pattern_mining_cpu_seconds_total}. Before listening, the last retention window
     * is mined back from storage
     * (synchronously: it is done before the server takes traffic, so nothing is counted twice).
     */
    @Bean(destroyMethod = "close")
    PatternMiner patternMiner(TenantLogStorages storages, ExploreProperties props, ObjectProvider<Clock> clock,
            ObjectProvider<MeterRegistry> meters) {
        Clock c = clock.getIfAvailable(Clock::systemUTC);
        PatternMiner m = new PatternMiner(props.patternOptions(), c);
        meters.ifAvailable(r -> {
            FunctionCounter.builder("log_store_pattern_dropped_lines", m, PatternMiner::droppedLines)
                    .description("Lines not mined for patterns because the mining queue was full").register(r);
            FunctionCounter.builder("log_store_pattern_mining_cpu_seconds", m, x -> x.miningCpuNanos() / 1e9)
                    .description("CPU time of the pattern-mining thread").register(r);
        });
        if (props.patterns()) {
            long t0 = System.nanoTime();
            long n = m.rebuild(storages, c.millis() * 1_000_000L + 1);
            log.info("patterns rebuilt from storage [entries={}, took={}ms]", n, (System.nanoTime() - t0) / 1_000_000);
            m.startAsync(1024);
            observed(storages).addListener(m);
        }
        return m;
    }

    @Bean(destroyMethod = "close")
    TailHub tailHub(TenantLogStorages storages, ExploreProperties props, ObjectProvider<Clock> clock) {
        TailHub hub = new TailHub(props.tailOptions(), LogqlOptions.DEFAULTS, clock.getIfAvailable(Clock::systemUTC));
        observed(storages).addListener(hub);
        return hub;
    }
}
