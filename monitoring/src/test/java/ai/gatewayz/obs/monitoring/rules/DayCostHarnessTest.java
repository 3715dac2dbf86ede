package ai.gatewayz.obs.monitoring.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.promql.engine.QueryResult;
import ai.gatewayz.obs.metrics.tsdb.Tsdb;
import ai.gatewayz.obs.metrics.tsdb.TsdbOptions;
import ai.gatewayz.obs.monitoring.dashboards.Dashboards;
import ai.gatewayz.obs.monitoring.dashboards.Dashboards.Dashboard;
import ai.gatewayz.obs.monitoring.dashboards.Dashboards.Target;
import ai.gatewayz.obs.monitoring.dashboards.GrafanaMacros;
import ai.gatewayz.obs.monitoring.dashboards.GrafanaQueryRequests;
import ai.gatewayz.obs.monitoring.sim.SimFeed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's performance numbers (a measurement, run on demand, asserts nothing about speed): a
 * day of gateway-sim traffic in virtual time, scraped every {@code day.cost.scrape-seconds} (60 s;
 * production scrapes every 15 s, so its windows hold 4x the samples) into metrics-store's TSDB, at
 * gateway-sim's default rate and at 10x; every bundled rule group (deploy/rules, as shipped) is
 * evaluated at its own interval over the last {@code day.cost.eval-minutes} (30) of the day, when
 * every window up to 1d is full of raw data (evaluating all of them over the whole day takes
 * hours here; the few rules over recorded series, e.g. avg_over_time(...[1d]) of a 5 m rate, see
 * only that much history, so they are under-counted). Reports, over that stretch:
 * <ul>
 *   <li>rule-evaluation CPU per minute of traffic (thread CPU time of all groups due), and as a
 *       share of one core;</li>
 *   <li>evaluation lag: per group, the p99 and max wall time from its scheduled tick until its
 *       results are written, against its interval;</li>
 *   <li>then every dashboard's PromQL queries as Grafana sends them for a 24 h range (interval
 *       from {@link GrafanaQueryRequests#interval}), 1 untimed + {@code day.cost.runs} timed runs
 *       each: p99 per dashboard and the five slowest queries.</li>
 * </ul>
 *
 * <pre>
 * ./mvnw -B -q -o -pl monitoring -am verify -Dday.cost=true -Dtest=DayCostHarnessTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false   [-Dday.cost.rps=3,30 -Dday.cost.hours=24 -Dday.cost.runs=10]
 * </pre>
 */
@EnabledIfSystemProperty(named = "day.cost", matches = "true")
class DayCostHarnessTest {
    static final Duration SCRAPE = Duration.ofSeconds(Long.parseLong(System.getProperty("day.cost.scrape-seconds", "60")));

    @Test
    void ruleCostAtDefaultAndTenfoldTrafficAndDashboardLatencyOverADay(@TempDir Path tmp) throws Exception {
        long hours = Long.parseLong(System.getProperty("day.cost.hours", "24"));
        int runs = Integer.parseInt(System.getProperty("day.cost.runs", "10"));
        long evalMinutes = Long.parseLong(System.getProperty("day.cost.eval-minutes", "30"));
        StringBuilder report = new StringBuilder();
        for (String rpsText : System.getProperty("day.cost.rps", "3,30").split(",")) {
            double rps = Double.parseDouble(rpsText.trim());
            Path dir = Files.createDirectories(tmp.resolve("rps-" + rpsText.trim()));
            try (SimFeed f = new SimFeed(5, rps, SCRAPE, g -> true, SimFeed.T0, clock -> Tsdb.open(dir, TsdbOptions.defaults(), clock))) {
                long t0 = System.nanoTime();
                f.evaluateRules(false);
                for (long h = 0; h < hours; h++) {
                    f.run(h == hours - 1 ? Duration.ofHours(1).minusMinutes(evalMinutes) : Duration.ofHours(1));
                    progress(String.format("day cost: rps=%.0f hour %d after %.0f s%n", rps, h + 1, (System.nanoTime() - t0) / 1e9));
                }
                double simSeconds = (System.nanoTime() - t0) / 1e9;
                f.evaluateRules(true);
                f.run(Duration.ofMinutes(evalMinutes));
                assertThat(f.ruleErrors()).isEmpty();
                long series = (long) f.instant("count({__name__=~\".+\"})").vector().get(0).v();
                report.append(String.format("day cost: rps=%.0f, %d h simulated in %.0f s, %d series at the end%n", rps, hours, simSeconds, series));
                ruleCost(f, report, rps, evalMinutes);
                dashboardLatency(f, report, rps, runs);
                Files.writeString(Path.of("target/day-cost-report.txt"), report.toString());
            }
        }
        System.out.print(report);
    }

    static void ruleCost(SimFeed f, StringBuilder report, double rps, long minutes) {
        // the first pass of each group is untimed in spirit (series first touched): skip the first 5 minutes
        long from = f.nowMs() - Duration.ofMinutes(minutes - 5).toMillis();
        List<SimFeed.Evaluation> last = f.evaluations().stream().filter(e -> e.atMs() > from).toList();
        double cpuMs = last.stream().mapToLong(SimFeed.Evaluation::cpuNanos).sum() / 1e6;
        long span = minutes - 5;
        report.append(String.format("day cost: rps=%.0f rule evaluation CPU %.1f ms per minute of traffic (%.2f%% of a core), %d evaluations in the last %d min%n",
                rps, cpuMs / span, cpuMs / span / 600, last.size(), span));
        Map<String, List<SimFeed.Evaluation>> byGroup = new TreeMap<>();
        last.forEach(e -> byGroup.computeIfAbsent(e.group(), k -> new ArrayList<>()).add(e));
        byGroup.forEach((g, es) -> {
            List<Double> wall = es.stream().map(e -> e.wallNanos() / 1e6).sorted().toList();
            List<Double> cpu = es.stream().map(e -> e.cpuNanos() / 1e6).sorted().toList();
            report.append(String.format("day cost: rps=%.0f group %-40s interval %4ds  cpu p50 %7.1f ms  lag p99 %7.1f ms  max %7.1f ms%n", rps, g,
                    es.get(0).intervalMs() / 1000, quantile(cpu, 0.5), quantile(wall, 0.99), wall.get(wall.size() - 1)));
        });
    }

    static void dashboardLatency(SimFeed f, StringBuilder report, double rps, int runs) {
        Duration range = Duration.ofHours(24);
        Duration step = GrafanaQueryRequests.interval(range, GrafanaQueryRequests.DEFAULT_MAX_DATA_POINTS, SCRAPE);
        Map<String, Double> p99ByQuery = new TreeMap<>();
        for (Dashboard d : Dashboards.all()) {
            GrafanaMacros m = new GrafanaMacros(SCRAPE, step, range, Dashboards.defaultValues(d));
            List<Double> all = new ArrayList<>();
            for (Target t : d.targets()) {
                if (!t.dsType().equals("prometheus")) {
                    continue;
                }
                String q = m.apply(t.query());
                f.range(q, range, step); // untimed: first touch of its series
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    long n0 = System.nanoTime();
                    QueryResult r = f.range(q, range, step);
                    ms.add((System.nanoTime() - n0) / 1e6);
                    assertThat(r).isNotNull();
                }
                ms.sort(null);
                all.addAll(ms);
                p99ByQuery.put(t.where(), quantile(ms, 0.99));
            }
            if (!all.isEmpty()) {
                all.sort(null);
                report.append(String.format("day cost: rps=%.0f dashboard %-28s %3d queries  p50 %7.1f ms  p99 %7.1f ms%n", rps,
                        d.file().getFileName(), all.size() / runs, quantile(all, 0.5), quantile(all, 0.99)));
            }
        }
        p99ByQuery.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(5)
                .forEach(e -> report.append(String.format("day cost: rps=%.0f slowest query p99 %7.1f ms  %s%n", rps, e.getValue(), e.getKey())));
    }

    static void progress(String line) {
        try {
            Files.writeString(Path.of("target/day-cost-progress.txt"), line, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static double quantile(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
