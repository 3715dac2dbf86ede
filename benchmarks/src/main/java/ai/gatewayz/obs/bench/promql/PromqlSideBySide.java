package ai.gatewayz.obs.bench.promql;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.promql.engine.PromqlEngine;
import ai.gatewayz.obs.metrics.promql.engine.QueryResult;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.metrics.tsdb.Tsdb;
import ai.gatewayz.obs.metrics.tsdb.TsdbOptions;
import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Side-by-side latency of GatewayZ dashboard range queries (1h and 24h) against Debian's
 * Prometheus 2.42 and our engine, both over HTTP on 127.0.0.1 with identical data (remote write
 * into Prometheus, the storage seam for ours). Our side is the engine behind a minimal JDK HTTP
 * server that renders the same JSON, i.e. without Spring's request overhead.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar ai.gatewayz.obs.bench.promql.PromqlSideBySide [series] [runs] [memory|tsdb|blocks]}:
 * the third argument picks our storage, the in-memory reference (default) or the on-disk TSDB the server runs on.
 * Prints p50/p99 per query and the ratio ours/Prometheus (below 1 = faster than Prometheus).
 */
public final class PromqlSideBySide {
    private PromqlSideBySide() {
    }

    public static void main(String[] args) throws Exception {
        int seriesCount = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long interval = 60_000;
        int samples = 24 * 60 + 10;
        long now = System.currentTimeMillis() / 60_000 * 60_000;
        long start = now - samples * interval;
        List<BenchData.Series> data = BenchData.generate(seriesCount, start, interval, samples, 11);

        String mode = args.length > 2 ? args[2] : "memory";
        boolean tsdb = mode.equals("tsdb") || mode.equals("blocks");
        Storage storage = tsdb
                ? Tsdb.open(Files.createTempDirectory("ours-sbs"), TsdbOptions.defaults(), java.time.Clock.systemUTC())
                : new MemoryStorage();
        BenchData.load(storage, data);
        if (mode.equals("blocks")) {
            // What a running server holds after a day: all but the last ~3h cut into compacted blocks.
            ((Tsdb) storage).maintain();
            System.out.println("blocks: " + ((Tsdb) storage).blocks().size() + ", head series: " + ((Tsdb) storage).seriesCount());
        }
        System.out.println("our storage: " + switch (mode) {
            case "tsdb" -> "on-disk TSDB (compressed head + WAL)";
            case "blocks" -> "on-disk TSDB after maintenance (memory-mapped blocks + head)";
            default -> "in-memory reference";
        });
        PromqlEngine engine = new PromqlEngine();
        HttpServer ours = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        ours.createContext("/api/v1/query_range", ex -> {
            Map<String, String> p = params(ex.getRequestURI().getRawQuery());
            byte[] body;
            int status = 200;
            try {
                QueryResult r = engine.range(storage, p.get("query"), (long) (Double.parseDouble(p.get("start")) * 1000),
                        (long) (Double.parseDouble(p.get("end")) * 1000), (long) (Double.parseDouble(p.get("step")) * 1000));
                body = matrixJson(r).getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                status = 400;
                body = ("{\"status\":\"error\",\"error\":\"" + e.getMessage() + "\"}").getBytes(StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        ours.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        ours.start();
        String oursUrl = "http://127.0.0.1:" + ours.getAddress().getPort();

        Path dir = Files.createTempDirectory("prom-sbs");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1h\n");
        Process prom = new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-remote-write-receiver", "--log.level=error")
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        String promUrl = "http://127.0.0.1:" + port;
        // Also on Ctrl-C / SIGTERM: never leave the peer running or its data behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            prom.destroy();
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort
            }
        }));
        HttpClient http = HttpClient.newHttpClient();
        try {
            waitReady(http, promUrl);
            remoteWrite(http, promUrl, data, start, samples * interval);
            System.out.printf(Locale.ROOT, "series=%d samples/series=%d runs=%d%n", seriesCount, samples, runs);
            System.out.printf(Locale.ROOT, "%-6s %-100s %10s %10s %10s %10s %7s %7s%n", "range", "query",
                    "ours p50", "prom p50", "ours p99", "prom p99", "r p50", "r p99");
            List<Double> ratios50 = new ArrayList<>();
            List<Double> ratios99 = new ArrayList<>();
            for (long[] range : new long[][] {{3_600_000L, 15_000L}, {86_400_000L, 300_000L}}) {
                long end = now - 120_000;
                long from = end - range[0];
                for (String q : BenchData.DASHBOARD_QUERIES) {
                    String path = "/api/v1/query_range?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&start="
                            + from / 1000 + "&end=" + end / 1000 + "&step=" + range[1] / 1000;
                    for (int w = 0; w < 3; w++) {
                        time(http, oursUrl + path);
                        time(http, promUrl + path);
                    }
                    double[] a = new double[runs];
                    double[] b = new double[runs];
                    for (int i = 0; i < runs; i++) {
                        a[i] = time(http, oursUrl + path);
                        b[i] = time(http, promUrl + path);
                    }
                    Arrays.sort(a);
                    Arrays.sort(b);
                    double a50 = a[runs / 2];
                    double b50 = b[runs / 2];
                    double a99 = a[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)];
                    double b99 = b[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)];
                    ratios50.add(a50 / b50);
                    ratios99.add(a99 / b99);
                    System.out.printf(Locale.ROOT, "%-6s %-100s %8.2fms %8.2fms %8.2fms %8.2fms %7.2f %7.2f%n",
                            range[0] == 3_600_000L ? "1h" : "24h", q.length() > 100 ? q.substring(0, 97) + "..." : q,
                            a50, b50, a99, b99, a50 / b50, a99 / b99);
                }
            }
            System.out.printf(Locale.ROOT, "geometric mean ratio ours/prometheus: p50 %.2f, p99 %.2f%n",
                    geomean(ratios50), geomean(ratios99));
        } finally {
            prom.destroy();
            ours.stop(0);
            System.exit(0);
        }
    }

    private static double geomean(List<Double> xs) {
        double s = 0;
        for (double x : xs) {
            s += Math.log(x);
        }
        return Math.exp(s / xs.size());
    }

    private static double time(HttpClient http, String url) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        long t1 = System.nanoTime();
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return (t1 - t0) / 1e6;
    }

    private static void waitReady(HttpClient http, String url) throws Exception {
        for (int i = 0; i < 100; i++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("prometheus did not become ready");
    }

    private static void remoteWrite(HttpClient http, String url, List<BenchData.Series> data, long start, long span)
            throws Exception {
        long slice = 30 * 60_000L;
        for (long from = start; from < start + span; from += slice) {
            RemoteWriteV1.WriteRequest.Builder req = RemoteWriteV1.WriteRequest.newBuilder();
            for (BenchData.Series s : data) {
                RemoteWriteV1.TimeSeries.Builder ts = RemoteWriteV1.TimeSeries.newBuilder();
                Labels l = s.labels();
                for (int i = 0; i < l.size(); i++) {
                    ts.addLabels(RemoteWriteV1.Label.newBuilder().setName(l.name(i)).setValue(l.value(i)));
                }
                for (int i = 0; i < s.t().length; i++) {
                    if (s.t()[i] >= from && s.t()[i] < from + slice) {
                        ts.addSamples(RemoteWriteV1.Sample.newBuilder().setTimestamp(s.t()[i]).setValue(s.v()[i]));
                    }
                }
                req.addTimeseries(ts);
            }
            byte[] body = Snappy.compress(req.build().toByteArray());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/write"))
                    .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
                    .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("remote write failed: " + r.statusCode() + " " + r.body());
            }
        }
    }

    private static Map<String, String> params(String raw) {
        Map<String, String> m = new HashMap<>();
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            m.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
                    URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    private static String matrixJson(QueryResult r) {
        StringBuilder sb = new StringBuilder(4096).append("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
        boolean first = true;
        for (QueryResult.SeriesPoints s : r.matrix()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append("{\"metric\":{");
            for (int i = 0; i < s.labels().size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append('"').append(s.labels().name(i)).append("\":\"").append(s.labels().value(i)).append('"');
            }
            sb.append("},\"values\":[");
            for (int i = 0; i < s.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append('[').append(s.t()[i] / 1000).append(",\"").append(s.v()[i]).append("\"]");
            }
            sb.append("]}");
        }
        return sb.append("]}}").toString();
    }
}
