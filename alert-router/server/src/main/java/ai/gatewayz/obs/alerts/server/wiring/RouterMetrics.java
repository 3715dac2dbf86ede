package ai.gatewayz.obs.alerts.server.wiring;

import ai.gatewayz.obs.alerts.AlertRouter;
import ai.gatewayz.obs.alerts.dispatch.Dispatcher;
import ai.gatewayz.obs.alerts.silence.Silence;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The router's own metrics on {@code /metrics}, named like Alertmanager's where one exists. */
@Configuration
public class RouterMetrics {
    /** Marker bean: the meters are registered as a side effect of creating it. */
    public record Registered() {
    }

    @Bean
    Registered routerMeters(MeterRegistry registry, AlertRouter router) {
        Gauge.builder("alertmanager_alerts", router, r -> r.alerts(true, false, false, java.util.List.of(), null).size())
                .tag("state", "active").description("How many alerts by state.").register(registry);
        Gauge.builder("alertmanager_alerts", router, r -> r.alerts(false, true, true, java.util.List.of(), null).size())
                .tag("state", "suppressed").description("How many alerts by state.").register(registry);
        for (Silence.State st : Silence.State.values()) {
            Gauge.builder("alertmanager_silences", router, r -> r.silences().all().stream()
                            .filter(s -> s.state(r.clock().millis()) == st).count())
                    .tag("state", st.name().toLowerCase(java.util.Locale.ROOT)).description("How many silences by state.").register(registry);
        }
        FunctionCounter.builder("alertmanager_notifications", router, r -> r.dispatcher().stats().sent().get())
                .description("The total number of attempted notifications that were delivered.").register(registry);
        FunctionCounter.builder("alertmanager_notifications_failed", router, r -> r.dispatcher().stats().failed().get())
                .description("The total number of notifications that failed after all retries.").register(registry);
        Gauge.builder("alertmanager_dispatcher_aggregation_groups", router, r -> r.dispatcher().groupCount())
                .description("Number of active aggregation groups.").register(registry);
        Gauge.builder("alertmanager_nflog_entries", router, r -> r.notificationLog().size())
                .description("Entries in the notification log.").register(registry);
        Timer routed = delayTimer(registry, "alert_router_routing_delay",
                "Time from a notification's group being due (first alert accepted + group_wait, or last flush + group_interval) "
                        + "to the notification being handed to its integration.");
        Timer delivered = delayTimer(registry, "alert_router_delivery_delay",
                "Time from a notification's group being due to the integration confirming delivery (webhook 2xx, SMTP accepted).");
        router.dispatcher().observeDelays(new Dispatcher.DelayObserver() {
            @Override
            public void routed(long delayMs) {
                routed.record(delayMs, TimeUnit.MILLISECONDS);
            }

            @Override
            public void delivered(long delayMs) {
                delivered.record(delayMs, TimeUnit.MILLISECONDS);
            }
        });
        return new Registered();
    }

    /** Bucket bounds (ms) fine enough below 10 ms to read the routing target off the histogram. */
    private static final long[] BUCKETS_MS = {1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 25, 50, 75, 100, 250, 500, 1000, 2500, 5000, 10000};

    private static Timer delayTimer(MeterRegistry registry, String name, String help) {
        Duration[] slos = new Duration[BUCKETS_MS.length];
        for (int i = 0; i < slos.length; i++) {
            slos[i] = Duration.ofMillis(BUCKETS_MS[i]);
        }
        return Timer.builder(name).description(help).serviceLevelObjectives(slos).register(registry);
    }
}
