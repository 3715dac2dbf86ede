package ai.gatewayz.obs.monitoring.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.rules.MetricsRules;
import ai.gatewayz.obs.metrics.rules.RuleEngineProvider;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.metrics.tsdb.Tsdb;
import ai.gatewayz.obs.metrics.tsdb.TsdbOptions;
import ai.gatewayz.obs.monitoring.sim.SimFeed;
import ai.gatewayz.obs.rules.AlertSink;
import ai.gatewayz.obs.rules.RuleFileParser;
import ai.gatewayz.obs.rules.RuleGroup;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleParseOptions;
import ai.gatewayz.obs.rules.RulesOptions;
import ai.gatewayz.obs.testkit.PeerProcess;
import ai.gatewayz.obs.testkit.Peers;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Side-by-side cost of the bundled rule groups (a measurement, run on demand, asserts nothing about
 * speed): 2 hours of gateway-sim traffic (virtual time, 30 s scrapes) go into metrics-store's
 * TSDB and, through {@code promtool tsdb create-blocks-from openmetrics}, into a
 * Prometheus 2.42 TSDB; both evaluate every group of deploy/rules (intervals forced to 30 s, so one
 * run covers them all) and report the evaluation time per group: ours measured around
 * {@code RuleGroup.eval} after one untimed pass, Prometheus's from its {@code prometheus_rule_group_last_duration_seconds}.
 *
 * <pre>
 * ./mvnw -B -q -o -pl monitoring -am verify -Drule.cost=true -Dtest=RuleCostHarnessTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false   [-Drule.cost.rps=3 -Drule.cost.hours=2]
 * </pre>
 */
@EnabledIfSystemProperty(named = "rule.cost", matches = "true")
class RuleCostHarnessTest {
    static final Duration SCRAPE = Duration.ofSeconds(30);
    static final RuleEngineProvider ENGINE = ServiceLoader.load(RuleEngineProvider.class).findFirst().orElseThrow();

    @Test
    void evaluationTimePerGroupOursAndPrometheus(@TempDir Path tmp) throws Exception {
        double rps = Double.parseDouble(System.getProperty("rule.cost.rps", "3"));
        long hours = Long.parseLong(System.getProperty("rule.cost.hours", "2"));
        // data until 12 minutes from now, so Prometheus (evaluating at the wall clock once the data is
        // simulated and loaded) sees it fresh; our evaluations run 8 minutes before its end, alike
        long end = (System.currentTimeMillis() / SCRAPE.toMillis() + 24) * SCRAPE.toMillis();
        Instant start = Instant.ofEpochMilli(end - Duration.ofHours(hours).toMillis());
        Path rulesDir = Files.createDirectories(tmp.resolve("rules"));
        List<RuleGroupSpec> specs = new ArrayList<>();
        try (Stream<Path> files = Files.list(Peers.sourceRoot().resolve("deploy/rules"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                String text = every30s(Files.readString(f));
                Files.writeString(rulesDir.resolve(f.getFileName()), text);
                specs.addAll(RuleFileParser.parse(f.getFileName().toString(), text, RuleParseOptions.defaults(ENGINE.validator())));
            }
        }
        try (SimFeed feed = new SimFeed(3, rps, SCRAPE, g -> false, start)) {
            long t0 = System.nanoTime();
            feed.run(Duration.ofHours(hours));
            System.out.printf("rule cost: %d h of traffic at %.1f rps simulated in %d s%n", hours, rps, (System.nanoTime() - t0) / 1_000_000_000);
            Path om = tmp.resolve("data.om");
            long samples = export(feed, om, start.toEpochMilli(), end);
            Path tsdb = Files.createDirectories(tmp.resolve("tsdb"));
            run(Peers.binary("promtool").toString(), "tsdb", "create-blocks-from", "openmetrics", om.toString(), tsdb.toString());
            Files.delete(om);

            // ours on the on-disk TSDB (its head, with postings), as metrics-store runs; the feed's
            // in-memory storage has no index and would measure a linear scan instead
            Map<String, Double> ours = new TreeMap<>();
            try (Tsdb db = Tsdb.open(Files.createDirectories(tmp.resolve("ours")), TsdbOptions.defaults(), Clock.systemUTC())) {
                copy(feed, db, start.toEpochMilli(), end);
                var q = ENGINE.engine().bind(db);
                List<RuleGroup> groups = new ArrayList<>();
                for (RuleGroupSpec s : specs) {
                    groups.add(MetricsRules.group(s, db, q, AlertSink.DISCARD, RulesOptions.defaults(), false));
                }
                long ts0 = end - Duration.ofMinutes(8).toMillis();
                // one untimed pass, as Prometheus's first iteration: recorded series exist, code is warm
                groups.forEach(g -> g.eval(ts0));
                Map<RuleGroup, List<Double>> ms = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= 5; i++) {
                    for (RuleGroup g : groups) {
                        long n0 = System.nanoTime();
                        g.eval(ts0 + i * SCRAPE.toMillis());
                        ms.computeIfAbsent(g, k -> new ArrayList<>()).add((System.nanoTime() - n0) / 1e6);
                    }
                }
                ms.forEach((g, v) -> ours.put(g.file() + ";" + g.name(), median(v)));
            }

            String cfg = "global:\n  evaluation_interval: 30s\nrule_files:\n  - " + rulesDir.resolve("*.yml") + "\n";
            Map<String, List<Double>> theirs = new TreeMap<>();
            try (PeerProcess prom = PeerProcess.start(Peers.binary("prometheus"), cfg, "prometheus.yml", "/-/ready", (dir, port) -> List.of(
                    Peers.binary("prometheus").toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + tsdb, "--web.listen-address=127.0.0.1:" + port))) {
                HttpClient http = HttpClient.newHttpClient();
                Pattern line = Pattern.compile("^prometheus_rule_group_last_duration_seconds\\{rule_group=\"([^\"]+)\"} (\\S+)$");
                // five samples of each group's last duration, one evaluation interval apart
                for (int i = 0; i < 6; i++) {
                    Thread.sleep(SCRAPE.toMillis());
                    String body = http.send(HttpRequest.newBuilder(URI.create(prom.url() + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    if (i == 0) {
                        continue; // the first evaluation also loads the blocks into the page cache
                    }
                    for (String l : body.lines().toList()) {
                        Matcher m = line.matcher(l);
                        if (m.matches() && Double.parseDouble(m.group(2)) > 0) {
                            String key = Path.of(m.group(1).substring(0, m.group(1).indexOf(';'))).getFileName() + m.group(1).substring(m.group(1).indexOf(';'));
                            theirs.computeIfAbsent(key, k -> new ArrayList<>()).add(Double.parseDouble(m.group(2)) * 1000);
                        }
                    }
                }
            }
            System.out.printf("rule cost: %d series, %d samples; median evaluation ms per group (ours / Prometheus 2.42 / ratio)%n",
                    (long) countSeries(feed), samples);
            double sumOurs = 0;
            double sumTheirs = 0;
            for (Map.Entry<String, Double> e : ours.entrySet()) {
                double p = theirs.containsKey(e.getKey()) ? median(theirs.get(e.getKey())) : Double.NaN;
                sumOurs += e.getValue();
                sumTheirs += Double.isNaN(p) ? 0 : p;
                System.out.printf("rule cost: %-55s %9.1f %9.1f %6.2f%n", e.getKey(), e.getValue(), p, e.getValue() / p);
            }
            System.out.printf("rule cost: %-55s %9.1f %9.1f %6.2f%n", "all groups", sumOurs, sumTheirs, sumOurs / sumTheirs);
            assertThat(theirs.keySet()).as("Prometheus evaluated every group").containsExactlyInAnyOrderElementsOf(ours.keySet());
        }
    }

    /** Every group evaluated every 30 s (groups without an interval get one). */
    static String every30s(String text) {
        String t = text.replaceAll("(?m)^(\\s+)interval: \\S+$", "$1interval: 30s");
        return t.replaceAll("(?m)^(  - name: \\S+)\\n(?!\\s+interval:)", "$1\n    interval: 30s\n");
    }

    static double countSeries(SimFeed f) {
        return f.instant("count({__name__=~\".+\"})").vector().get(0).v();
    }

    /** Copies the feed's samples into {@code db}, series by series. */
    static void copy(SimFeed feed, Tsdb db, long from, long to) throws Exception {
        try (Querier q = feed.storage().querier(from, to)) {
            SeriesSet set = q.select(true, List.of(LabelMatcher.re("__name__", ".+")));
            SampleIterator it = null;
            Appender app = db.appender();
            int pending = 0;
            while (set.next()) {
                Labels l = set.at().labels();
                it = set.at().iterator(it);
                long ref = 0;
                while (it.next()) {
                    ref = app.append(ref, l, it.t(), it.v());
                    if (++pending == 100_000) {
                        app.commit();
                        app = db.appender();
                        pending = 0;
                        ref = 0;
                    }
                }
            }
            app.commit();
        }
    }

    /** The storage's raw samples as OpenMetrics text with timestamps, series by series. */
    static long export(SimFeed feed, Path file, long from, long to) throws IOException {
        long n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file); Querier q = feed.storage().querier(from, to)) {
            SeriesSet set = q.select(true, List.of(LabelMatcher.re("__name__", ".+")));
            SampleIterator it = null;
            while (set.next()) {
                Labels l = set.at().labels();
                StringBuilder head = new StringBuilder(l.metricName()).append('{');
                l.forEach((k, v) -> {
                    if (!k.equals("__name__")) {
                        head.append(k).append("=\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append("\",");
                    }
                });
                head.setLength(head.length() - 1);
                String h = head.append(l.size() > 1 ? "} " : " ").toString();
                it = set.at().iterator(it);
                while (it.next()) {
                    if (Double.isNaN(it.v())) {
                        continue;
                    }
                    w.write(h + it.v() + " " + it.t() / 1000 + "." + String.format("%03d", it.t() % 1000) + "\n");
                    n++;
                }
            }
            w.write("# EOF\n");
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return n;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
    }
}
