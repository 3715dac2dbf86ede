package ai.gatewayz.obs.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a running suite's telemetry says: PromQL against metrics-store, gateway-sim's scenario and
 * ground-truth APIs, and the sockets the services listen on. Used by {@link SuiteRunTest} against
 * its one ./suite start.
 */
final class SuiteTelemetry {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final double[] QUANTILES = {0.5, 0.99};

    private final HttpClient http;
    private final String metricsStore;
    private final String sim;

    SuiteTelemetry(HttpClient http, String metricsStore, String sim) {
        this.http = http;
        this.metricsStore = metricsStore;
        this.sim = sim;
    }

    /** {@code data.result} of an instant query, or {@code null} when the query failed. */
    JsonNode query(String promql, double timeSeconds) throws IOException, InterruptedException {
        String url = metricsStore + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time=" + timeSeconds;
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return null;
        }
        return JSON.readTree(r.body()).at("/data/result");
    }

    /** Polls an instant query until its result satisfies {@code done} or the deadline passes; the last result. */
    JsonNode awaitSeries(String promql, Predicate<JsonNode> done, long deadlineNanos) throws IOException, InterruptedException {
        JsonNode last = JSON.createArrayNode();
        while (true) {
            JsonNode r = query(promql, now());
            if (r != null) {
                last = r;
                if (done.test(r)) {
                    return r;
                }
            }
            if (System.nanoTime() > deadlineNanos) {
                return last;
            }
            Thread.sleep(1000);
        }
    }

    /** The value of a one-series query now, or {@code dflt} when it has no series. */
    double scalar(String promql, double dflt) throws IOException, InterruptedException {
        JsonNode r = query(promql, now());
        return r == null || r.isEmpty() ? dflt : Double.parseDouble(r.get(0).at("/value/1").asString());
    }

    void stageOutage(String provider, int seconds) throws IOException, InterruptedException {
        HttpResponse<String> r = post(sim + "/sim/scenarios",
                "{\"kind\":\"provider_outage\",\"provider\":\"" + provider + "\",\"duration_seconds\":" + seconds + "}", null);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("staging the outage failed: " + r.statusCode() + " " + r.body());
        }
    }

    /** Sends chat requests for one model, so its providers' breakers see the outage now rather than when traffic reaches them. */
    void drive(String model, int requests) throws IOException, InterruptedException {
        for (int i = 0; i < requests; i++) {
            post(sim + "/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"e2e " + i + "\"}]}",
                    "gw-sim-key-1");
        }
    }

    /**
     * For every histogram family that has observed at least {@code minCount} values: finds an
     * exposition whose {@code _count} metrics-store holds and checks that metrics-store's
     * histogram_quantile lies within one bucket of the sim's quantile of what that exposition
     * counted. Adds one line per comparison to {@code compared}; returns the problems.
     */
    List<String> compareQuantiles(List<String> compared, long minCount, long timeoutNanos) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        List<String> problems = new ArrayList<>();
        JsonNode families = observations();
        while (families.size() < 8 && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            families = observations();
        }
        for (Map.Entry<String, JsonNode> f : families.properties()) {
            String name = f.getKey();
            if (f.getValue().at("/now/count").asLong() < minCount) {
                continue;
            }
            double[] bounds = bounds(f.getValue().get("bounds"));
            String matched = null;
            while (matched == null && System.nanoTime() < deadline) {
                double t = now();
                JsonNode count = query("sum(" + name + "_count{job=\"gatewayz-backend\"})", t);
                double[] quantiles = new double[QUANTILES.length];
                for (int i = 0; i < QUANTILES.length; i++) {
                    JsonNode q = query("histogram_quantile(" + QUANTILES[i] + ", sum by (le) (" + name + "_bucket{job=\"gatewayz-backend\"}))", t);
                    quantiles[i] = q == null || q.isEmpty() ? Double.NaN : Double.parseDouble(q.get(0).at("/value/1").asString());
                }
                if (count != null && !count.isEmpty()) {
                    long stored = (long) Double.parseDouble(count.get(0).at("/value/1").asString());
                    for (JsonNode e : observations().at("/" + name + "/exposed")) {
                        if (e.get("count").asLong() == stored) {
                            matched = compare(name, bounds, stored, quantiles, e, compared, problems);
                            break;
                        }
                    }
                }
                if (matched == null) {
                    Thread.sleep(2000);
                }
            }
            if (matched == null) {
                problems.add(name + ": no exposition of the sim has the count metrics-store holds");
            }
        }
        return problems;
    }

    private static String compare(String name, double[] bounds, long count, double[] stored, JsonNode exposed, List<String> compared,
                                  List<String> problems) {
        for (int i = 0; i < QUANTILES.length; i++) {
            double truth = exposed.at("/quantiles/" + QUANTILES[i]).asDouble();
            int want = bucketOf(truth, bounds);
            int got = Double.isNaN(stored[i]) ? Integer.MIN_VALUE : bucketOf(stored[i], bounds);
            String line = name + " q" + QUANTILES[i] + " count=" + count + " sim=" + truth + " (bucket " + want + ") metrics-store="
                    + stored[i] + " (bucket " + got + ")";
            compared.add(line);
            if (Math.abs((long) got - want) > 1) {
                problems.add(line);
            }
        }
        return name;
    }

    /** The index of the bucket a value falls in: the first bound at or above it, {@code bounds.length} for +Inf. */
    static int bucketOf(double v, double[] bounds) {
        for (int i = 0; i < bounds.length; i++) {
            if (v <= bounds[i]) {
                return i;
            }
        }
        return bounds.length;
    }

    private JsonNode observations() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim + "/sim/observations")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("families");
    }

    private static double[] bounds(JsonNode n) {
        double[] b = new double[n.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = n.get(i).asDouble();
        }
        return b;
    }

    private HttpResponse<String> post(String url, String body, String key) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** Local port to the addresses listening on it, from Linux's /proc/net/tcp and tcp6 (IPv4-mapped IPv6 shown as IPv4). */
    static Map<Integer, Set<String>> listeningAddresses() throws IOException {
        Map<Integer, Set<String>> out = new HashMap<>();
        for (String file : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path p = Path.of(file);
            if (!Files.isReadable(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (!f[3].equals("0A")) {
                    continue;
                }
                String[] addrPort = f[1].split(":");
                out.computeIfAbsent(Integer.parseInt(addrPort[1], 16), k -> new TreeSet<>()).add(address(addrPort[0]));
            }
        }
        return out;
    }

    /** /proc/net's hex address: 32-bit words in host (little-endian) byte order. */
    private static String address(String hex) {
        if (hex.length() == 32 && hex.startsWith("0000000000000000FFFF0000")) {
            hex = hex.substring(24);
        }
        if (hex.length() == 8) {
            long v = Long.parseLong(hex, 16);
            return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
        }
        return hex.equals("00000000000000000000000000000000") ? "::" : "ipv6:" + hex;
    }
}
