package ai.gatewayz.obs.alerts.server.wiring;

import ai.gatewayz.obs.alerts.AlertRouter;
import ai.gatewayz.obs.alerts.silence.Silence;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
        for (double q : new double[] {0.5, 0.99}) {
            Gauge.builder("alert_router_routing_lag_seconds", router, r -> r.dispatcher().routingLagQuantileMs(q) / 1000.0)
                    .tag("quantile", String.valueOf(q))
                    .description("Delay from a group being due (group_wait/group_interval elapsed) to its flush starting.")
                    .register(registry);
        }
        return new Registered();
    }
}
