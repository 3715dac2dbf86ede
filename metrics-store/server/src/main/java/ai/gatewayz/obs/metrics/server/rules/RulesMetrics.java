package ai.gatewayz.obs.metrics.server.rules;

import ai.gatewayz.obs.alertmanager.Notifier;
import ai.gatewayz.obs.rules.RuleGroup;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Self-metrics of the rule engine and notifier on {@code /metrics}, named after Prometheus's own
 * ({@code prometheus_notifications_dropped_total}, {@code prometheus_notifications_queue_length},
 * ...), so existing dashboards and alerts on them keep working.
 */
@Component
class RulesMetrics {
    RulesMetrics(RulesService rules, ObjectProvider<MeterRegistry> registry) {
        MeterRegistry r = registry.getIfAvailable();
        if (r == null) {
            return;
        }
        Notifier n = rules.notifier();
        FunctionCounter.builder("prometheus_notifications_dropped", n, Notifier::dropped)
                .description("Alerts dropped because the notification queue was full").register(r);
        FunctionCounter.builder("prometheus_notifications_sent", n, Notifier::sent)
                .description("Alerts delivered, counted per Alertmanager").register(r);
        FunctionCounter.builder("prometheus_notifications_errors", n, Notifier::errors)
                .description("Alerts whose delivery failed, counted per Alertmanager").register(r);
        Gauge.builder("prometheus_notifications_queue_length", n, Notifier::queueLength)
                .description("Alerts waiting in the notification queue").register(r);
        Gauge.builder("prometheus_notifications_queue_capacity", n, x -> rules.queueCapacity()).register(r);
        Gauge.builder("prometheus_notifications_alertmanagers_discovered", n, x -> x.targets().size()).register(r);
        Gauge.builder("prometheus_config_last_reload_successful", rules, s -> s.lastReloadOk() ? 1 : 0).register(r);
        FunctionCounter.builder("prometheus_rule_evaluation_failures", rules,
                s -> s.groups().stream().mapToLong(RuleGroup::failures).sum()).register(r);
        FunctionCounter.builder("prometheus_rule_group_iterations_missed", rules,
                s -> s.groups().stream().mapToLong(RuleGroup::missedIterations).sum()).register(r);
        Gauge.builder("prometheus_rule_group_rules", rules,
                s -> s.groups().stream().mapToInt(g -> g.rules().size()).sum()).register(r);
    }
}
