package ai.gatewayz.obs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the README's run command ({@code ./suite}) exactly as a user would, on shifted ports, and
 * checks that every service becomes ready, serves /metrics, answers bad input with a JSON error,
 * and that stopping the command stops every service. Writes the start-up time and resident
 * memory it observed to {@code target/suite-run-report.txt} (a measurement, not an assertion).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteRunTest {
    private static final Path ROOT = Peers.sourceRoot();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path data;
    private Process suite;
    private long readyNanos;
    private int offset;
    private Path output;
    private final List<ProcessHandle> children = new ArrayList<>();

    @BeforeAll
    void startSuite() throws Exception {
        for (SuiteLayout s : SuiteLayout.SERVICES) {
            assertThat(ROOT.resolve(s.jar())).as("service jar (built by `./mvnw verify` before this module)").isRegularFile();
        }
        offset = freeOffset();
        output = data.resolve("suite.out");
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("suite").toString(), "--no-build")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("SUITE_PORT_OFFSET", String.valueOf(offset));
        pb.environment().put("SUITE_DATA_DIR", data.toString());
        pb.environment().put("SUITE_READY_TIMEOUT", "300");
        pb.environment().remove("AUTH_INGEST_TOKENS");
        pb.environment().remove("AUTH_QUERY_TOKENS");
        suite = pb.start();
        Path ready = data.resolve(".run/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(330);
        while (!Files.exists(ready)) {
            if (!suite.isAlive()) {
                fail("./suite exited with " + suite.exitValue() + ":\n" + Files.readString(output));
            }
            if (System.nanoTime() > deadline) {
                fail("./suite not ready in time:\n" + Files.readString(output));
            }
            Thread.sleep(250);
        }
        readyNanos = System.nanoTime();
        suite.descendants().filter(h -> h.info().command().orElse("").endsWith("java")).forEach(children::add);
        writeReport(Files.readString(ready).trim());
    }

    @AfterAll
    void stopSuite() throws Exception {
        if (suite != null && suite.isAlive()) {
            suite.destroy();
            suite.waitFor(60, TimeUnit.SECONDS);
            suite.destroyForcibly();
        }
        for (ProcessHandle h : children) {
            h.destroyForcibly();
        }
    }

    private static int freeOffset() {
        // Offsets keep every port below Linux's ephemeral range (32768+), where outgoing connections could take them.
        for (int off = 11000; off <= 23000; off += 1000) {
            boolean free = true;
            for (int base : new int[] {9090, 3100, 3200, 4040, 9093, 5050, 8000, 4317, 4318}) {
                try (ServerSocket s = new ServerSocket()) {
                    s.setReuseAddress(true);
                    s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), base + off), 1);
                } catch (IOException e) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return off;
            }
        }
        throw new IllegalStateException("no free port range for the suite");
    }

    private String url(SuiteLayout s, String path) {
        return "http://127.0.0.1:" + (s.port() + offset) + path;
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyServiceIsReadyAndServesItsOwnMetrics() throws Exception {
        for (SuiteLayout s : SuiteLayout.SERVICES) {
            assertThat(get(url(s, "/-/ready")).statusCode()).as(s.name() + " ready").isEqualTo(200);
            assertThat(get(url(s, "/-/healthy")).statusCode()).as(s.name() + " healthy").isEqualTo(200);
            HttpResponse<String> metrics = get(url(s, "/metrics"));
            assertThat(metrics.statusCode()).as(s.name() + " /metrics").isEqualTo(200);
            assertThat(metrics.body()).as(s.name()).contains("# TYPE jvm_memory_used_bytes gauge")
                    .contains("application_ready_time_seconds{main_application_class=\"ai.gatewayz.obs.");
        }
    }

    @Test
    void metricsStoreScrapesTheGatewayAndEvaluatesTheBundledRules() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        SuiteLayout metrics = SuiteLayout.byName("metrics-store");
        String query = url(metrics, "/api/v1/query?query="
                + java.net.URLEncoder.encode("sum(model_inference_requests_total{job=\"gatewayz-backend\"})", java.nio.charset.StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        double requests = 0;
        while (System.nanoTime() < deadline) {
            tools.jackson.databind.JsonNode result = json.readTree(get(query).body()).at("/data/result");
            if (result.size() == 1) {
                requests = Double.parseDouble(result.get(0).at("/value/1").asString());
                if (requests > 0) {
                    break;
                }
            }
            Thread.sleep(1000);
        }
        assertThat(requests).as("gateway-sim traffic scraped by metrics-store").isPositive();

        tools.jackson.databind.JsonNode groups = json.readTree(get(url(metrics, "/api/v1/rules")).body()).at("/data/groups");
        List<String> names = new ArrayList<>();
        groups.forEach(g -> {
            names.add(g.get("name").asString());
            g.get("rules").forEach(r -> assertThat(r.get("health").asString()).as(r.get("name").asString()).isNotEqualTo("err"));
        });
        assertThat(names).contains("gatewayz_service", "gatewayz_providers");
    }

    /**
     * One bad request per service and the status its original answers. Services whose API is not
     * built yet answer 501 with a JSON error. Ingest paths whose original answers errors as plain
     * text (remote write, Loki push) may do the same ({@code jsonOnly} false); everything else
     * answers JSON.
     */
    record BadRequest(String service, String method, String path, String contentType, String body, int status, boolean jsonOnly) {
        BadRequest(String service, String method, String path, String contentType, String body, int status) {
            this(service, method, path, contentType, body, status, true);
        }
    }

    @Test
    void badInputGetsAJsonErrorNeverAStackTrace() throws Exception {
        List<BadRequest> requests = List.of(
                new BadRequest("metrics-store", "GET", "/api/v1/query?query=sum(", null, null, 400),
                new BadRequest("metrics-store", "POST", "/api/v1/write", "application/x-protobuf", "not snappy", 400, false),
                new BadRequest("metrics-store", "GET", "/prometheus/api/v1/query_range?query=up&start=x&end=y&step=0", null, null, 400),
                new BadRequest("log-store", "POST", "/loki/api/v1/push", "application/json", "{\"streams\":", 400, false),
                new BadRequest("log-store", "GET", "/loki/api/v1/query_range?query=%7B", null, null, 400, false),
                new BadRequest("trace-store", "GET", "/api/search?limit=abc", null, null, 400),
                new BadRequest("profile-store", "POST", "/ingest?name=", "application/octet-stream", "\u0000\u0001", 400),
                new BadRequest("alert-router", "POST", "/api/v2/alerts", "application/json", "[{\"labels\":", 400),
                new BadRequest("alert-router", "GET", "/api/v2/silence/not-a-uuid", null, null, 400),
                new BadRequest("json-api-proxy", "GET", "/history?from=yesterday", null, null, 400),
                new BadRequest("gateway-sim", "POST", "/v1/chat/completions", "application/json", "{\"model\":", 400));
        JsonMapper json = JsonMapper.builder().build();
        Map<String, Integer> seen = new TreeMap<>();
        for (BadRequest r : requests) {
            SuiteLayout s = SuiteLayout.byName(r.service());
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(s, r.path()))).timeout(Duration.ofSeconds(10))
                    .method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(r.body()));
            if (r.contentType() != null) {
                b.header("Content-Type", r.contentType());
            }
            HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String what = r.service() + " " + r.method() + " " + r.path() + " -> " + resp.statusCode() + " " + resp.body();
            seen.put(r.service() + " " + r.method() + " " + r.path(), resp.statusCode());
            assertThat(resp.statusCode()).as(what).isEqualTo(r.status());
            String type = resp.headers().firstValue("Content-Type").orElse("");
            if (r.jsonOnly() || type.contains("json")) {
                assertThat(type).as(what).contains("json");
                // The envelope, an OpenAI-style object, or (Alertmanager API v2, per its OpenAPI spec) a JSON string.
                tools.jackson.databind.JsonNode node = json.readTree(resp.body());
                assertThat(node.isContainer() || node.isString()).as(what).isTrue();
                assertThat(node.toString()).as(what).hasSizeGreaterThan(4);
            } else {
                assertThat(type).as(what).startsWith("text/plain");
                assertThat(resp.body()).as(what).isNotBlank();
            }
            assertThat(resp.body()).as(what).doesNotContain("Exception:", "\tat ", "at ai.gatewayz", "at org.springframework");
        }
        Files.writeString(ROOT.resolve("e2e/target/suite-bad-input.txt"), seen.toString().replace(", ", "\n") + "\n");
    }

    /**
     * The provider-health exposition (gateway-sim's /prometheus/data/metrics) is scraped: health_score
     * and the one-hot circuit_breaker_state are in metrics-store within a minute of the start, and an
     * outage staged through the scenario API shows in both within a minute.
     */
    @Test
    @Order(1)
    void providerHealthIsScrapedAndAStagedOutageShowsInIt() throws Exception {
        SuiteTelemetry t = telemetry();
        long startDeadline = readyNanos + TimeUnit.SECONDS.toNanos(60);
        tools.jackson.databind.JsonNode health = t.awaitSeries("health_score{job=\"gatewayz-data-metrics\"}", r -> r.size() > 0, startDeadline);
        assertThat(health.size()).as("health_score series within 60 s of the start").isPositive();
        tools.jackson.databind.JsonNode breakers = t.awaitSeries("circuit_breaker_state{job=\"gatewayz-data-metrics\"}", r -> r.size() > 0,
                startDeadline);
        assertThat(breakers.size()).as("circuit_breaker_state series within 60 s of the start").isPositive();
        for (tools.jackson.databind.JsonNode b : breakers) {
            tools.jackson.databind.JsonNode m = b.get("metric");
            assertThat(m.get("provider").asString()).isNotEmpty();
            assertThat(m.get("model").asString()).isNotEmpty();
            assertThat(m.get("state").asString()).isIn("open", "closed", "half_open");
            assertThat(m.get("source").asString()).isEqualTo("prometheus_data");
        }

        double before = t.scalar("max(health_score{job=\"gatewayz-data-metrics\",provider=\"cohere\"})", 100.0);
        t.stageOutage("cohere", 300);
        long staged = System.nanoTime();
        t.drive("command-r-plus", 12);
        long deadline = staged + TimeUnit.SECONDS.toNanos(60);
        tools.jackson.databind.JsonNode dropped = t.awaitSeries("health_score{job=\"gatewayz-data-metrics\",provider=\"cohere\"} < " + before,
                r -> r.size() > 0, deadline);
        assertThat(dropped.size()).as("cohere's health_score below " + before + " within 60 s of the outage").isPositive();
        tools.jackson.databind.JsonNode open = t.awaitSeries(
                "circuit_breaker_state{job=\"gatewayz-data-metrics\",provider=\"cohere\",state=\"open\"} == 1", r -> r.size() > 0, deadline);
        assertThat(open.size()).as("an open cohere breaker within 60 s of the outage").isPositive();
    }

    /**
     * histogram_quantile over the buckets metrics-store scraped lies within one bucket of the true
     * quantile of what gateway-sim observed, for every histogram family with data: the sim reports,
     * for each recent exposition, the quantiles of the values that exposition counted
     * (/sim/observations), and the test compares the one whose count metrics-store holds.
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void histogramQuantilesInMetricsStoreLieWithinABucketOfWhatTheSimObserved() throws Exception {
        SuiteTelemetry t = telemetry();
        List<String> compared = new ArrayList<>();
        List<String> problems = t.compareQuantiles(compared, 30, TimeUnit.SECONDS.toNanos(120));
        Files.writeString(ROOT.resolve("e2e/target/suite-quantiles.txt"), String.join("\n", compared) + "\n");
        assertThat(problems).isEmpty();
        assertThat(compared.stream().map(c -> c.substring(0, c.indexOf(' '))).distinct().toList())
                .as("families compared").hasSizeGreaterThanOrEqualTo(8)
                .contains("frontend_processing_seconds", "request_stage_duration_seconds", "time_to_first_chunk_seconds",
                        "fastapi_requests_duration_seconds");
    }

    /**
     * Issue 11's "/api/v1/targets is empty while 7 targets are scraped": every target of the
     * prometheus.yml ./suite generates is listed by metrics-store's targets API, and each is up
     * within a minute (the provider-health job scrapes every 30 s); the scrape pools are the jobs.
     */
    @Test
    void metricsStoreListsEveryScrapedTargetUp() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        SuiteLayout metrics = SuiteLayout.byName("metrics-store");
        assertThat(json.readTree(get(url(metrics, "/api/v1/scrape_pools")).body()).at("/data/scrapePools").toString())
                .isEqualTo("[\"gatewayz-backend\",\"gatewayz-data-metrics\",\"observability-suite\"]");
        long deadline = readyNanos + TimeUnit.SECONDS.toNanos(60);
        TreeMap<String, String> health = new TreeMap<>();
        while (true) {
            health.clear();
            for (tools.jackson.databind.JsonNode t : json.readTree(get(url(metrics, "/api/v1/targets?state=active")).body())
                    .at("/data/activeTargets")) {
                health.put(t.get("scrapePool").asString() + " " + t.get("scrapeUrl").asString(),
                        t.get("health").asString() + " " + t.get("lastError").asString());
            }
            if (health.size() == 8 && health.values().stream().allMatch(h -> h.equals("up "))
                    || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(health).as("active targets").hasSize(8);
        assertThat(health.keySet().stream().filter(k -> k.startsWith("observability-suite ")).count()).isEqualTo(6);
        assertThat(health.values()).as("every target up within 60 s: " + health).allMatch(h -> h.equals("up "));
    }

    /** A second ./suite on the same data directory refuses to start, names the running one, and leaves it alone. */
    @Test
    void aSecondSuiteOnTheSameDataDirectoryRefusesToStart() throws Exception {
        Path out = data.resolve("second-suite.out");
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("suite").toString(), "--no-build")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("SUITE_PORT_OFFSET", String.valueOf(offset + 500));
        pb.environment().put("SUITE_DATA_DIR", data.toString());
        Process second = pb.start();
        try {
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second ./suite exits").isTrue();
        } finally {
            second.descendants().forEach(ProcessHandle::destroyForcibly);
            second.destroyForcibly();
        }
        String text = Files.readString(out);
        assertThat(second.exitValue()).as(text).isNotZero();
        assertThat(text).contains("another ./suite (pid " + suite.pid() + ") is running on the data directory " + data
                + "; stop it, or set SUITE_DATA_DIR (and SUITE_PORT_OFFSET) for a second suite");
        assertThat(text).doesNotContain("started ");
        assertThat(Files.readString(data.resolve(".suite.lock")).trim()).isEqualTo(String.valueOf(suite.pid()));
        assertThat(get(url(SuiteLayout.byName("metrics-store"), "/-/ready")).statusCode()).isEqualTo(200);
    }

    /** The local run binds 127.0.0.1 by default: no service listens on another address. */
    @Test
    void everyServiceListensOnTheLoopbackAddressOnly() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux's /proc/net/tcp");
        Map<Integer, java.util.Set<String>> listening = SuiteTelemetry.listeningAddresses();
        for (SuiteLayout s : SuiteLayout.SERVICES) {
            java.util.Set<String> addresses = listening.getOrDefault(s.port() + offset, java.util.Set.of());
            assertThat(addresses).as(s.name() + " listening addresses").isNotEmpty()
                    .allMatch(a -> a.equals("127.0.0.1"), "is 127.0.0.1");
        }
    }

    /**
     * gateway-sim's spans land in trace-store: within 90 s of the start a TraceQL search for the
     * sim's service finds traces, one of them reads back by id with the sim's resource, and the
     * OTLP ports the sim exports to listen on the loopback address only, like the API port.
     */
    @Test
    void gatewaySimSpansLandInTraceStore() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        SuiteLayout traces = SuiteLayout.byName("trace-store");
        long end = System.currentTimeMillis() / 1000 + 60;
        String search = url(traces, "/api/search?limit=5&start=" + (end - 3600) + "&end=" + end + "&q="
                + java.net.URLEncoder.encode("{ resource.service.name = \"gatewayz-api\" }", java.nio.charset.StandardCharsets.UTF_8));
        long deadline = readyNanos + TimeUnit.SECONDS.toNanos(90);
        tools.jackson.databind.JsonNode found = json.createArrayNode();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(search);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            found = json.readTree(r.body()).at("/traces");
            if (found.size() > 0) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(found.size()).as("traces of gateway-sim in trace-store within 90 s of the start").isPositive();
        assertThat(found.get(0).get("rootServiceName").asString()).isEqualTo("gatewayz-api");
        String id = found.get(0).get("traceID").asString();
        HttpResponse<String> byId = get(url(traces, "/api/traces/" + id));
        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(byId.body()).contains("\"service.name\"").contains("gatewayz-api");

        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux's /proc/net/tcp");
        Map<Integer, java.util.Set<String>> listening = SuiteTelemetry.listeningAddresses();
        for (int otlp : new int[] {4317, 4318}) {
            assertThat(listening.getOrDefault(otlp + offset, java.util.Set.of())).as("trace-store OTLP port " + otlp + " listening addresses")
                    .isNotEmpty().allMatch(a -> a.equals("127.0.0.1"), "is 127.0.0.1");
        }
    }

    private SuiteTelemetry telemetry() {
        return new SuiteTelemetry(http, url(SuiteLayout.byName("metrics-store"), ""), url(SuiteLayout.byName("gateway-sim"), ""));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void stoppingTheRunCommandStopsEveryService() throws Exception {
        assertThat(children).hasSize(SuiteLayout.SERVICES.size());
        suite.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the script stops its services, then exits
        assertThat(suite.waitFor(60, TimeUnit.SECONDS)).as("./suite exits after SIGTERM").isTrue();
        for (ProcessHandle c : children) {
            c.onExit().get(30, TimeUnit.SECONDS);
            assertThat(c.isAlive()).isFalse();
        }
        assertThat(Files.readString(output)).contains("stopping " + SuiteLayout.SERVICES.size() + " services").contains("stopped");
    }

    private void writeReport(String readyLine) throws IOException {
        StringBuilder sb = new StringBuilder("# ./suite run on this machine\n").append(readyLine).append('\n');
        long total = 0;
        for (ProcessHandle h : children) {
            long kb = rssKb(h.pid());
            total += kb;
            sb.append(String.format("%-40s rss_mib=%d%n", h.info().arguments().map(a -> a[a.length - 1]).orElse("?")
                    .replaceAll(".*/", ""), kb / 1024));
        }
        sb.append("total_rss_mib=").append(total / 1024).append('\n');
        Files.createDirectories(ROOT.resolve("e2e/target"));
        Files.writeString(ROOT.resolve("e2e/target/suite-run-report.txt"), sb.toString());
        System.out.print(sb);
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
