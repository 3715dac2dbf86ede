package ai.gatewayz.obs.sim.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.sim.catalog.Catalog;
import ai.gatewayz.obs.sim.core.GatewaySimulator;
import ai.gatewayz.obs.sim.core.Users;
import ai.gatewayz.obs.sim.scenario.ScenarioEngine;
import ai.gatewayz.obs.sim.scenario.ScenarioKind;
import ai.gatewayz.obs.sim.scenario.ScenarioSpec;
import ai.gatewayz.obs.sim.support.Contract;
import ai.gatewayz.obs.sim.support.Exposition;
import ai.gatewayz.obs.sim.traffic.TrafficGenerator;
import ai.gatewayz.obs.sim.traffic.TrafficOptions;
import ai.gatewayz.obs.sim.traffic.VirtualRun;
import ai.gatewayz.obs.testkit.Peers;
import ai.gatewayz.obs.testkit.TestClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * With {@code sim.metrics.fill-unwritten=true} the families the backend declares but never writes
 * get samples, with the contract's labels and buckets, so the dashboards that query them show data.
 */
class FillUnwrittenContractTest {
    /** Unwritten families fill mode leaves alone (removed from the backend later, or no source in the simulation). */
    private static final Set<String> STILL_EMPTY = Set.of("butter_cache_requests_total", "concurrency_rejected_total",
        "connection_pool_errors_total");

    @Test
    void everyDashboardFamilyHasSamplesWithTheContractLabelsAndBuckets() throws Exception {
        List<Contract.Metric> contract = Contract.metrics(Peers.shared("contracts/gatewayz-telemetry.md"));
        TestClock clock = TestClock.at(Instant.parse("2026-03-20T10:00:00Z"));
        Catalog catalog = Catalog.standard();
        Users users = new Users(40);
        ScenarioEngine scenarios = new ScenarioEngine(catalog);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GatewayMetrics metrics = new GatewayMetrics(registry, "gatewayz", true);
        ExtraExposition extra = new ExtraExposition(true, clock.millis());
        GatewaySimulator sim = new GatewaySimulator(catalog, users, scenarios, 3, (p, m, f, t, a) -> {
            if (m == null) {
                metrics.breakerTransition(p, f, t);
            }
        });
        // mistral-large loses all three of its providers: some requests fail outright (5xx, refunds)
        for (String p : List.of("mistral", "openrouter", "together")) {
            scenarios.add(new ScenarioSpec(ScenarioKind.PROVIDER_OUTAGE, p, null, null, null, 0, Duration.ZERO, Duration.ofMinutes(3)),
                clock.instant());
        }
        TrafficGenerator gen = new TrafficGenerator(3, new TrafficOptions(20, 0.6, 40, 0.02, 0.3), users, catalog);
        VirtualRun.run(sim, gen, clock, ms -> clock.advance(Duration.ofMillis(ms)), Duration.ofMinutes(3), 0, o -> {
            metrics.outcome(o);
            try {
                metrics.started("POST", GatewayMetrics.CHAT_ENDPOINT).close();
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
            metrics.http("POST", GatewayMetrics.CHAT_ENDPOINT, o.status(), o.totalMs() / 1000.0, 500, 900);
            metrics.velocity(sim.takeVelocityChange());
            extra.observe(o);
        });
        Exposition e = Exposition.parse(registry.scrape() + extra.render(false, clock.millis()), false);
        List<String> problems = new ArrayList<>();
        for (Contract.Metric m : contract) {
            if (!m.onDashboards() || STILL_EMPTY.contains(m.name())) {
                continue;
            }
            Exposition.Family f = e.family(m.name());
            if (f == null || f.samples.isEmpty()) {
                problems.add("no samples for " + m.name());
                continue;
            }
            if (!f.type.equals(m.type())) {
                problems.add(m.name() + " type " + f.type);
            }
            if (!f.labelNames().equals(m.labels())) {
                problems.add(m.name() + " labels " + f.labelNames() + " != " + m.labels());
            }
            if (m.type().equals("histogram") && !new ArrayList<>(f.buckets()).equals(m.buckets())) {
                problems.add(m.name() + " buckets " + f.buckets());
            }
        }
        assertThat(problems).isEmpty();
        registry.close();
    }
}
