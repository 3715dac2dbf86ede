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
 * started with the same configuration (group_wait 0s, a webhook receiver served by this program),
 * and reports accepted alerts/s and the delay from POST to webhook delivery, with the ratios.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.gatewayz.obs.bench.alerts.AlertRouterVsAlertmanager \
 *      alert-router/server/target/alert-router.jar [batches=200] [latencyBatches=50]
 * </pre>
 */
public final class AlertRouterVsAlertmanager {
    private static final Pattern ALERTNAME = Pattern.compile("\"alertname\":\"([a-z][0-9]+_[0-9]+_[0-9]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AlertRouterVsAlertmanager() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: AlertRouterVsAlertmanager <alert-router.jar> [batches] [latencyBatches]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int latencyBatches = args.length > 2 ? Integer.parseInt(args[2]) : 50;

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
        Process am = new ProcessBuilder("/usr/bin/prometheus-alertmanager", "--config.file=" + work.resolve("alertmanager.yml"),
                "--storage.path=" + work.resolve("am-data"), "--web.listen-address=127.0.0.1:" + amPort, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(work.resolve("am.log").toFile()).start();
        Process ar = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
                jar.toString(), "--server.port=" + arPort, "--suite.data-dir=" + work.resolve("ar-data"),
                "--config.file=" + work.resolve("alertmanager.yml"), "--logging.level.root=WARN")
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
            Result amL = latency(amUrl, latencyBatches, received, "l1");
            Result arL = latency(arUrl, latencyBatches, received, "l2");
            System.out.printf("%nthroughput (%d batches x 100 alerts, 4 concurrent posters)%n", batches);
            System.out.printf("  Alertmanager 0.25 : %,10.0f alerts/s%n", amT.alertsPerSec);
            System.out.printf("  alert-router      : %,10.0f alerts/s   ratio %.2fx%n", arT.alertsPerSec, arT.alertsPerSec / amT.alertsPerSec);
            System.out.printf("POST -> webhook delay with group_wait 0s (%d sequential batches of 100)%n", latencyBatches);
            System.out.printf("  Alertmanager 0.25 : p50 %7.2f ms  p99 %7.2f ms  delivered %d/%d%n", amL.p50, amL.p99, amL.delivered, amL.expected);
            System.out.printf("  alert-router      : p50 %7.2f ms  p99 %7.2f ms  delivered %d/%d   p99 ratio %.2fx%n",
                    arL.p50, arL.p99, arL.delivered, arL.expected, arL.p99 / amL.p99);
        } finally {
            am.destroy();
            ar.destroy();
            sink.stop(0);
        }
    }

    private record Result(double alertsPerSec, double p50, double p99, int delivered, int expected) {
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
        return new Result(batches * 100 / secs, 0, 0, count(received, tag), expected);
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

    private static Result latency(String url, int batches, Map<String, Long> received, String tag) throws Exception {
        long[] sentAt = new long[batches];
        long postNanos = 0;
        for (int b = 0; b < batches; b++) {
            sentAt[b] = System.nanoTime();
            post(url, batch(tag, b));
            postNanos += System.nanoTime() - sentAt[b];
            Thread.sleep(50);
        }
        System.out.printf("  [%s] mean POST round trip %.2f ms%n", url, postNanos / 1e6 / batches);
        Thread.sleep(3000);
        List<Double> delays = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < 100; i++) {
                Long r = received.get(tag + "_" + b + "_" + i);
                if (r != null) {
                    delays.add((r - sentAt[b]) / 1e6);
                }
            }
        }
        double[] d = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (d.length == 0) {
            return new Result(0, Double.NaN, Double.NaN, 0, batches * 100);
        }
        return new Result(0, d[(int) (d.length * 0.5)], d[Math.min(d.length - 1, (int) Math.ceil(d.length * 0.99) - 1)], d.length, batches * 100);
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String describe(double[] d) {
        return Arrays.toString(d);
    }
}
