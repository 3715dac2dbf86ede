package ai.gatewayz.obs.bench.rules;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.rules.MetricsRules;
import ai.gatewayz.obs.metrics.rules.RuleEngineProvider;
import ai.gatewayz.obs.metrics.rules.StorageQueryFunc;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.metrics.tsdb.Tsdb;
import ai.gatewayz.obs.metrics.tsdb.TsdbOptions;
import ai.gatewayz.obs.rules.AlertSink;
import ai.gatewayz.obs.rules.RuleFileParser;
import ai.gatewayz.obs.rules.RuleGroup;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleParseOptions;
import ai.gatewayz.obs.rules.RulesOptions;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Side-by-side: evaluation time per interval of 1,000 rules over 50,000 series, ours vs Debian's
 * Prometheus 2.42 on the same rules and the same data.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.gatewayz.obs.bench.rules.RulesEvalHarness \
 *      [--series 50000] [--rules 1000] [--iterations 20] [--prometheus /usr/bin/prometheus]
 * </pre>
 *
 * Data: 50 metric families x (series/50) series ({@code bench_metric_m{shard, instance}}), one sample
 * every 15 s for 10 minutes. Rules: 10 groups of rules/10, alternating recording
 * ({@code bench_metric_m{shard="k"}}) and alerting ({@code bench_metric_m{shard="k"} > 0.9} with a
 * templated annotation) rules, each selecting 1/20 of a family. With a real PromQL engine on the class
 * path ({@link RuleEngineProvider}) the "realistic" profile ({@code sum by (instance) (rate(...[5m]))})
 * is used instead. Prometheus scrapes the same series from an in-process exporter and reports
 * {@code prometheus_rule_group_last_duration_seconds}, summed over groups.
 */
public final class RulesEvalHarness {
    private static final int FAMILIES = 50;
    private static final int SHARDS = 20;

    public static void main(String[] args) throws Exception {
        int series = intArg(args, "--series", 50_000);
        int rules = intArg(args, "--rules", 1000);
        int iterations = intArg(args, "--iterations", 20);
        String prom = strArg(args, "--prometheus", "/usr/bin/prometheus");
        RuleEngineProvider provider = ServiceLoader.load(RuleEngineProvider.class).findFirst().orElse(null);
        boolean realistic = provider != null;
        StorageQueryFunc engine = realistic ? provider.engine() : null;
        String ruleFile = ruleFile(rules, realistic);
        System.out.printf("rules=%d series=%d profile=%s engine=%s%n", rules, series, realistic ? "realistic" : "selector",
                realistic ? provider.getClass().getName() : "SelectorOnlyQueryFunc (stand-in: no PromQL engine on class path)");

        double ours = ours(series, ruleFile, engine, iterations);
        System.out.printf("ours: median evaluation time per interval = %.1f ms%n", ours);
        if (Files.isExecutable(Path.of(prom))) {
            double theirs = prometheus(Path.of(prom), series, ruleFile);
            System.out.printf("prometheus 2.42: median evaluation time per interval = %.1f ms%n", theirs);
            System.out.printf("ratio ours/prometheus = %.2f%n", ours / theirs);
        } else {
            System.out.println("prometheus binary not found: " + prom);
        }
    }

    static String ruleFile(int rules, boolean realistic) {
        StringBuilder sb = new StringBuilder("groups:\n");
        int perGroup = Math.max(1, rules / 10);
        for (int r = 0; r < rules; r++) {
            if (r % perGroup == 0) {
                sb.append("  - name: bench_").append(r / perGroup).append("\n    interval: 10s\n    rules:\n");
            }
            int fam = r % FAMILIES;
            int shard = (r / FAMILIES) % SHARDS;
            String sel = "bench_metric_" + fam + "{shard=\"" + shard + "\"}";
            if (r % 2 == 0) {
                sb.append("      - record: bench:rec_").append(r).append('\n');
                sb.append("        expr: '").append(realistic ? "sum by (instance) (rate(" + sel + "[5m]))" : sel).append("'\n");
            } else {
                sb.append("      - alert: BenchAlert").append(r).append('\n');
                sb.append("        expr: '").append(realistic ? "max by (instance) (" + sel + ") > 0.9" : sel + " > 0.9").append("'\n");
                sb.append("        annotations:\n          summary: '{{ $labels.instance }} is {{ $value | humanize }}'\n");
            }
        }
        return sb.toString();
    }

    static double value(int fam, int i, int step) {
        return ((fam * 7919L + i * 104729L + step * 31L) % 1000) / 1000.0;
    }

    static Labels labels(int fam, int i) {
        return Labels.of("__name__", "bench_metric_" + fam, "shard", Integer.toString(i % SHARDS),
                "instance", "host-" + i);
    }

    static double ours(int series, String ruleFile, StorageQueryFunc engine, int iterations) {
        int perFam = series / FAMILIES;
        long now = System.currentTimeMillis() / 10_000 * 10_000;
        long start = now - 600_000;
        int steps = (int) ((now + (iterations + 3) * 10_000L - start) / 15_000) + 1;
        Path tsdbDir = null;
        Storage storage;
        if (engine != null) {
            // real queries need an indexed storage: the on-disk TSDB (its head), as the server runs
            try {
                tsdbDir = Files.createTempDirectory("rules-bench-tsdb");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            storage = Tsdb.open(tsdbDir, TsdbOptions.defaults(), java.time.Clock.systemUTC());
        } else {
            storage = new MemoryStorage();
        }
        try (storage) {
            long loadStart = System.nanoTime();
            SelectorOnlyQueryFunc standIn = new SelectorOnlyQueryFunc();
            for (int f = 0; f < FAMILIES; f++) {
                for (int i = 0; i < perFam; i++) {
                    long[] ts = new long[steps];
                    double[] vs = new double[steps];
                    for (int k = 0; k < steps; k++) {
                        ts[k] = start + k * 15_000L;
                        vs[k] = value(f, i, k);
                    }
                    standIn.add("bench_metric_" + f, Integer.toString(i % SHARDS),
                            new SelectorOnlyQueryFunc.SeriesData(labels(f, i), ts, vs));
                }
            }
            if (engine != null) {
                for (int k = 0; k < steps; k++) {
                    Appender a = storage.appender();
                    for (int f = 0; f < FAMILIES; f++) {
                        for (int i = 0; i < perFam; i++) {
                            a.append(0, labels(f, i), start + k * 15_000L, value(f, i, k));
                        }
                    }
                    a.commit();
                }
            }
            System.out.printf("ours: loaded %d series in %.1f s%n", series, (System.nanoTime() - loadStart) / 1e9);
            List<RuleGroupSpec> specs = RuleFileParser.parse("bench.yml", ruleFile,
                    RuleParseOptions.defaults(provider() != null ? provider().validator() : e -> java.util.Optional.empty()));
            ai.gatewayz.obs.rules.QueryFunc q = engine != null ? engine.bind(storage) : standIn;
            List<RuleGroup> groups = new ArrayList<>();
            for (RuleGroupSpec s : specs) {
                groups.add(MetricsRules.group(s, storage, q, AlertSink.DISCARD, RulesOptions.defaults(), false));
            }
            double[] perInterval = new double[iterations];
            for (int it = 0; it < iterations + 3; it++) {
                long ts = now + it * 10_000L;
                long t0 = System.nanoTime();
                for (RuleGroup g : groups) {
                    g.eval(ts);
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                System.out.printf("ours: interval %d took %.1f ms%n", it, ms);
                if (it >= 3) { // warm-up
                    perInterval[it - 3] = ms;
                }
            }
            return median(perInterval);
        } finally {
            if (tsdbDir != null) {
                try (var files = Files.walk(tsdbDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException e) {
                    // best effort
                }
            }
        }
    }

    private static RuleEngineProvider provider() {
        return ServiceLoader.load(RuleEngineProvider.class).findFirst().orElse(null);
    }

    static double prometheus(Path bin, int series, String ruleFile) throws Exception {
        int perFam = series / FAMILIES;
        long[] step = {0};
        HttpServer exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        exporter.createContext("/metrics", ex -> {
            StringBuilder sb = new StringBuilder(series * 70);
            int s = (int) step[0]++;
            for (int f = 0; f < FAMILIES; f++) {
                sb.append("# TYPE bench_metric_").append(f).append(" gauge\n");
                for (int i = 0; i < perFam; i++) {
                    sb.append("bench_metric_").append(f).append("{instance=\"host-").append(i).append("\",shard=\"")
                            .append(i % SHARDS).append("\"} ").append(value(f, i, s)).append('\n');
                }
            }
            byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        exporter.start();
        Path dir = Files.createTempDirectory("rules-bench-prom");
        Process p = null;
        try {
            Files.writeString(dir.resolve("rules.yml"), ruleFile);
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global: {scrape_interval: 15s, evaluation_interval: 10s}
                    rule_files: [rules.yml]
                    scrape_configs:
                      - job_name: bench
                        honor_labels: true
                        static_configs: [{targets: ['127.0.0.1:%d']}]
                    """.formatted(exporter.getAddress().getPort()));
            int port;
            try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
                port = ss.getLocalPort();
            }
            p = new ProcessBuilder(bin.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
            HttpClient http = HttpClient.newHttpClient();
            List<Double> samples = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 150_000;
            double last = -1;
            Thread.sleep(40_000); // let scrapes land and groups evaluate over full data
            Pattern line = Pattern.compile("(?m)^prometheus_rule_group_last_duration_seconds\\{[^}]*} ([0-9.eE+-]+)$");
            while (System.currentTimeMillis() < deadline && samples.size() < 8) {
                try {
                    String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    Matcher m = line.matcher(body);
                    double sum = 0;
                    int groups = 0;
                    while (m.find()) {
                        sum += Double.parseDouble(m.group(1));
                        groups++;
                    }
                    if (groups > 0 && sum != last) {
                        samples.add(sum * 1000);
                        last = sum;
                    }
                } catch (IOException e) {
                    // not up yet
                }
                Thread.sleep(10_000);
            }
            System.out.println("prometheus samples (ms): " + samples);
            return median(samples.stream().mapToDouble(Double::doubleValue).toArray());
        } finally {
            if (p != null) {
                p.destroy();
                p.waitFor();
            }
            exporter.stop(0);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static int intArg(String[] args, String name, int dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return dflt;
    }

    private static String strArg(String[] args, String name, String dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }
}
