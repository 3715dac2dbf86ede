package ai.gatewayz.obs.bench.alerts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Side-by-side harness: posts 100-alert batches to alert-router and to Debian's Alertmanager 0.25
 * started with the same configuration (group_wait 0s, a webhook receiver served by this program).
 * Phases, each run against one system at a time: throughput (N batches, 4 concurrent posters:
 * accepted alerts/s) and one or more latency phases ({@code count@intervalMs}: sequential batches
 * at a fixed rate: POST start to webhook receipt p50/p99). For each latency phase it also reads
 * alert-router's own {@code alert_router_routing_delay_seconds} and
 * {@code alert_router_delivery_delay_seconds} histograms (difference of two scrapes around the
 * phase). Extra JVM flags for alert-router (e.g. JFR) come from {@code AR_JAVA_OPTS}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.gatewayz.obs.bench.alerts.AlertRouterVsAlertmanager \
 *      alert-router/server/target/alert-router.jar [batches=100] [latencyPhases=30@1000,50@50]
 * </pre>
 */
public final class AlertRouterVsAlertmanager {
    private static final Pattern ALERTNAME = Pattern.compile("\"alertname\":\"([a-z][a-z0-9]*_[0-9]+_[0-9]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AlertRouterVsAlertmanager() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: AlertRouterVsAlertmanager <alert-router.jar> [batches] [latencyBatches]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        List<int[]> phases = new ArrayList<>();
        for (String ph : (args.length > 2 ? args[2] : "30@1000,50@50").split(",")) {
            String[] p = ph.split("@");
            phases.add(new int[] {Integer.parseInt(p[0]), p.length > 1 ? Integer.parseInt(p[1]) : 1000});
        }

        Map<String, Long> received = new ConcurrentHashMap<>();
        HttpServer sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        sink.createContext("/", ex -> {
            long now = System.nanoTime();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = ALERTNAME.matcher(body);
            while (m.find()) {
                received.putIfAbsent(m.group(1), now);
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        sink.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        sink.start();
        String config = """
                route:
                  receiver: hook
                  group_by: [alertname]
                  group_wait: 0s
                  group_interval: 1m
                  repeat_interval: 4h
                receivers:
                  - name: hook
                    webhook_configs: [{url: 'http://127.0.0.1:%d/hook', send_resolved: false}]
                """.formatted(sink.getAddress().getPort());

        Path work = Files.createTempDirectory("am-bench");
        Files.writeString(work.resolve("alertmanager.yml"), config);
        int amPort = freePort();
        int arPort = freePort();
        Process am = new ProcessBuilder(onPath("prometheus-alertmanager"), "--config.file=" + work.resolve("alertmanager.yml"),
                "--storage.path=" + work.resolve("am-data"), "--web.listen-address=127.0.0.1:" + amPort, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(work.resolve("am.log").toFile()).start();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        String extra = System.getenv().getOrDefault("AR_JAVA_OPTS", "");
        if (!extra.isBlank()) {
            cmd.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-jar", jar.toString(), "--server.port=" + arPort, "--suite.data-dir=" + work.resolve("ar-data"),
                "--config.file=" + work.resolve("alertmanager.yml"), "--logging.level.root=WARN"));
        Process ar = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(work.resolve("ar.log").toFile()).start();
        try {
            String amUrl = "http://127.0.0.1:" + amPort;
            String arUrl = "http://127.0.0.1:" + arPort;
            awaitReady(amUrl);
            awaitReady(arUrl);
            // warm-up both (JIT for the router, connection setup for both)
            run("warmup-am", amUrl, 20, 4, received, "w1");
            run("warmup-ar", arUrl, 20, 4, received, "w2");
            Result amT = run("alertmanager", amUrl, batches, 4, received, "t1");
            Result arT = run("alert-router", arUrl, batches, 4, received, "t2");
            Map<String, double[]> tBefore = new java.util.HashMap<>();
            List<String> report = new ArrayList<>();
            report.add(String.format("%nthroughput (%d batches x 100 alerts, 4 concurrent posters)", batches));
            report.add(String.format("  Alertmanager 0.25 : %,10.0f alerts/s   all webhooks after %.2f s", amT.alertsPerSec, amT.drainSecs));
            report.add(String.format("  alert-router      : %,10.0f alerts/s   all webhooks after %.2f s   ratio %.2fx",
                    arT.alertsPerSec, arT.drainSecs, arT.alertsPerSec / amT.alertsPerSec));
            report.add("  alert-router own delays during throughput: " + ownDelays(tBefore, scrape(arUrl)));
            int n = 0;
            for (int[] ph : phases) {
                n++;
                Result amL = latency(amUrl, ph[0], ph[1], received, "l" + n + "a");
                Map<String, double[]> before = scrape(arUrl);
                Result arL = latency(arUrl, ph[0], ph[1], received, "l" + n + "r");
                Map<String, double[]> after = scrape(arUrl);
                report.add(String.format("POST start -> webhook receipt, group_wait 0s (%d batches of 100, one every %d ms = %.0f alerts/s)",
                        ph[0], ph[1], 100_000.0 / ph[1]));
                report.add(String.format("  Alertmanager 0.25 : p50 %7.2f ms  p99 %7.2f ms  delivered %d/%d  mean POST %.1f ms",
                        amL.p50, amL.p99, amL.delivered, amL.expected, amL.meanPost));
                report.add(String.format("  alert-router      : p50 %7.2f ms  p99 %7.2f ms  delivered %d/%d  mean POST %.1f ms"
                        + "  ratio p50 %.2fx p99 %.2fx", arL.p50, arL.p99, arL.delivered, arL.expected, arL.meanPost,
                        arL.p50 / amL.p50, arL.p99 / amL.p99));
                report.add("  alert-router own delays: " + ownDelays(before, after));
            }
            report.forEach(System.out::println);
        } finally {
            am.destroy();
            ar.destroy();
            sink.stop(0);
        }
    }

    private record Result(double alertsPerSec, double drainSecs, double p50, double p99, int delivered, int expected, double meanPost) {
    }

    private static final Pattern BUCKET = Pattern.compile(
            "^(alert_router_(?:routing|delivery)_delay_seconds)_bucket\\{le=\"([^\"]+)\"\\} ([0-9.eE+-]+)$");

    /** Cumulative bucket counts per histogram; the last element of each array is the +Inf count. */
    private static Map<String, double[]> scrape(String url) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, List<double[]>> raw = new java.util.TreeMap<>();
        for (String line : body.split("\n")) {
            Matcher m = BUCKET.matcher(line.trim());
            if (m.matches()) {
                double le = m.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(2));
                raw.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(new double[] {le, Double.parseDouble(m.group(3))});
            }
        }
        Map<String, double[]> out = new java.util.HashMap<>();
        raw.forEach((k, v) -> {
            v.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] flat = new double[v.size() * 2];
            for (int i = 0; i < v.size(); i++) {
                flat[2 * i] = v.get(i)[0];
                flat[2 * i + 1] = v.get(i)[1];
            }
            out.put(k, flat);
        });
        return out;
    }

    /** p50/p99 (ms, interpolated inside buckets as histogram_quantile does) of the increase between two scrapes. */
    private static String ownDelays(Map<String, double[]> before, Map<String, double[]> after) {
        StringBuilder sb = new StringBuilder();
        for (String name : new String[] {"alert_router_routing_delay_seconds", "alert_router_delivery_delay_seconds"}) {
            double[] a = after.get(name);
            if (a == null) {
                continue;
            }
            double[] b = before.get(name);
            double[] d = a.clone();
            for (int i = 1; i < d.length; i += 2) {
                d[i] -= b == null ? 0 : b[i];
            }
            double total = d[d.length - 1];
            sb.append(name.contains("routing") ? "routing delay" : "delivery delay")
                    .append(String.format(" p50 %.1f ms p99 %.1f ms (n=%.0f, %.1f%% <= 10 ms)", quantile(d, 0.5) * 1000,
                            quantile(d, 0.99) * 1000, total, 100 * countAtMost(d, 0.010) / Math.max(1, total)));
            sb.append(";  ");
        }
        return sb.toString();
    }

    private static double countAtMost(double[] d, double le) {
        for (int i = 0; i < d.length; i += 2) {
            if (Math.abs(d[i] - le) < 1e-9) {
                return d[i + 1];
            }
        }
        return Double.NaN;
    }

    private static double quantile(double[] d, double q) {
        double total = d[d.length - 1];
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double prevLe = 0;
        double prevCount = 0;
        for (int i = 0; i < d.length; i += 2) {
            if (d[i + 1] >= rank) {
                if (Double.isInfinite(d[i])) {
                    return prevLe;
                }
                double inBucket = d[i + 1] - prevCount;
                return prevLe + (d[i] - prevLe) * (inBucket == 0 ? 1 : (rank - prevCount) / inBucket);
            }
            prevLe = d[i];
            prevCount = d[i + 1];
        }
        return prevLe;
    }

    private static Result run(String name, String url, int batches, int posters, Map<String, Long> received, String tag) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(posters);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            int bb = b;
            fs.add(pool.submit(() -> post(url, batch(tag, bb))));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        // drain: wait until every alert of this phase reached the webhook (or 120 s)
        long deadline = System.nanoTime() + 120_000_000_000L;
        int expected = batches * 100;
        while (System.nanoTime() < deadline && count(received, tag) < expected) {
            Thread.sleep(50);
        }
        double drained = (System.nanoTime() - t0) / 1e9;
        System.out.printf("  [%s] accepted %d alerts in %.2f s; all delivered after %.2f s (%d/%d)%n", name, expected, secs, drained,
                count(received, tag), expected);
        return new Result(batches * 100 / secs, drained, 0, 0, count(received, tag), expected, 0);
    }

    private static int count(Map<String, Long> received, String tag) {
        int n = 0;
        for (String k : received.keySet()) {
            if (k.startsWith(tag + "_")) {
                n++;
            }
        }
        return n;
    }

    private static Result latency(String url, int batches, int intervalMs, Map<String, Long> received, String tag) throws Exception {
        long[] sentAt = new long[batches];
        long postNanos = 0;
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            long slot = start + (long) b * intervalMs * 1_000_000L;
            long wait = slot - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            }
            sentAt[b] = System.nanoTime();
            post(url, batch(tag, b));
            postNanos += System.nanoTime() - sentAt[b];
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && count(received, tag) < batches * 100) {
            Thread.sleep(20);
        }
        Thread.sleep(500); // let the last deliveries reach the router's histograms
        List<Double> delays = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < 100; i++) {
                Long r = received.get(tag + "_" + b + "_" + i);
                if (r != null) {
                    delays.add((r - sentAt[b]) / 1e6);
                }
            }
        }
        double meanPost = postNanos / 1e6 / batches;
        double[] d = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (d.length == 0) {
            return new Result(0, 0, Double.NaN, Double.NaN, 0, batches * 100, meanPost);
        }
        return new Result(0, 0, d[(int) (d.length * 0.5)], d[Math.min(d.length - 1, (int) Math.ceil(d.length * 0.99) - 1)], d.length,
                batches * 100, meanPost);
    }

    private static String batch(String tag, int b) {
        String now = Instant.now().toString();
        String ends = Instant.now().plusSeconds(3600).toString();
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"labels\":{\"alertname\":\"").append(tag).append('_').append(b).append('_').append(i)
                    .append("\",\"severity\":\"warning\",\"instance\":\"host-").append(i % 10).append("\",\"job\":\"bench-").append(tag)
                    .append("\"},\"annotations\":{\"summary\":\"benchmark alert\"},\"startsAt\":\"").append(now).append("\",\"endsAt\":\"")
                    .append(ends).append("\",\"generatorURL\":\"http://prometheus:9090/graph\"}");
        }
        return sb.append(']').toString();
    }

    private static void post(String url, String body) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("POST " + url + " -> " + r.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitReady(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("not ready: " + url);
    }

    private static String onPath(String name) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new IllegalStateException(name + " not found on PATH (Debian package prometheus-alertmanager)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

}
