package ai.gatewayz.obs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.PeerProcess;
import ai.gatewayz.obs.testkit.Peers;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 12's end-to-end acceptance with the suite's own services as built jars: log-store (a Loki
 * configuration file with a {@code ruler:} block, remote write from {@code METRICS_STORE_URL} as
 * compose sets it), metrics-store and alert-router, plus Debian's Alertmanager 0.25 as a second
 * Alertmanager. Logs pushed to log-store; the LogQL recording rule's series is read back from
 * metrics-store with the labels and the value of the lines pushed (counted here), and the LogQL
 * alert reaches alert-router and Alertmanager with its templated annotation; after log-store is
 * killed and started again, a pending alert's activeAt is restored from metrics-store. Real time, 2 s
 * evaluation interval.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogRulerE2ETest {
    private static final Path ROOT = Peers.sourceRoot();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<Process> processes = new ArrayList<>();
    private PeerProcess alertmanager;
    private Path dir;
    private int metricsPort;
    private int logPort;
    private int routerPort;

    @BeforeAll
    void start() throws Exception {
        for (String s : List.of("metrics-store", "log-store", "alert-router")) {
            assertThat(ROOT.resolve(SuiteLayout.byName(s).jar())).as("service jar (built by `./mvnw verify` before this module)")
                    .isRegularFile();
        }
        alertmanager = PeerProcess.alertmanager("route: {receiver: sink, group_wait: 1s}\nreceivers: [{name: sink}]\n");
        dir = Files.createTempDirectory("log-ruler-e2e");
        metricsPort = lowPort();
        logPort = lowPort();
        routerPort = lowPort();
        Files.writeString(dir.resolve("alertmanager.yml"), "route: {receiver: sink, group_wait: 1s}\nreceivers: [{name: sink}]\n");
        Files.createDirectories(dir.resolve("rules/anonymous"));
        Files.writeString(dir.resolve("rules/anonymous/e2e.yml"), """
                groups:
                  - name: e2e-provider-errors
                    interval: 2s
                    rules:
                      - record: loki:e2e_provider_errors:count5m
                        expr: sum by (provider) (count_over_time({app="gatewayz-api", level="ERROR"} | provider!="" [5m]))
                      - alert: LogRulerE2EErrors
                        expr: sum by (provider) (count_over_time({app="gatewayz-api", level="ERROR"} | provider!="" [5m])) > 5
                        for: 4s
                        labels: {severity: warning}
                        annotations:
                          summary: '{{ $labels.provider }} logged {{ $value }} errors in 5m'
                      - alert: LogRulerE2ERestore
                        expr: sum by (provider) (count_over_time({app="gatewayz-api", level="ERROR"} | provider!="" [5m])) > 5
                        for: 10m
                """);
        Files.writeString(dir.resolve("loki.yaml"), """
                auth_enabled: false
                ruler:
                  enable_api: true
                  alertmanager_url: http://127.0.0.1:%d,%s
                  for_grace_period: 1s
                  storage:
                    type: local
                    local: {directory: %s}
                """.formatted(routerPort, alertmanager.url(), dir.resolve("rules")));
        processes.add(launch("metrics-store", metricsPort, Map.of()));
        processes.add(launch("alert-router", routerPort, Map.of("CONFIG_FILE", dir.resolve("alertmanager.yml").toString())));
        processes.add(launchLogStore());
        for (int port : new int[] {metricsPort, routerPort, logPort}) {
            awaitReady(port);
        }
    }

    /**
     * A free port below Linux's ephemeral range (32768+): the services bind tens of seconds after the
     * port is chosen, and an ephemeral port may meanwhile be taken by an outgoing connection.
     */
    private static int lowPort() throws Exception {
        java.util.Random r = new java.util.Random();
        for (int i = 0; i < 200; i++) {
            int p = 24_000 + r.nextInt(8_000);
            try (java.net.ServerSocket s = new java.net.ServerSocket()) {
                s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), p), 1);
                return p;
            } catch (java.io.IOException e) {
                // taken, try another
            }
        }
        throw new IllegalStateException("no free port below 32000");
    }

    private Process launchLogStore() throws Exception {
        return launch("log-store", logPort, Map.of("CONFIG_FILE", dir.resolve("loki.yaml").toString(),
                "METRICS_STORE_URL", "http://127.0.0.1:" + metricsPort));
    }

    private Process launch(String name, int port, Map<String, String> env) throws Exception {
        Path data = dir.resolve("data-" + name);
        Files.createDirectories(data);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", ROOT.resolve(SuiteLayout.byName(name).jar()).toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("AUTH_") || k.startsWith("SUITE_") || k.equals("CONFIG_FILE")
                || k.endsWith("_URL"));
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("SERVER_ADDRESS", "127.0.0.1");
        pb.environment().put("DATA_DIR", data.toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    private void awaitReady(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                assertThat(p.isAlive()).as("a service exited:\n" + logs()).isTrue();
            }
            try {
                if (get("http://127.0.0.1:" + port + "/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("service on port " + port + " not ready:\n" + logs());
    }

    private String logs() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String n : List.of("metrics-store", "alert-router", "log-store")) {
            Path p = dir.resolve(n + ".log");
            if (Files.exists(p)) {
                List<String> lines = Files.readAllLines(p);
                sb.append("== ").append(n).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()))).append('\n');
            }
        }
        return sb.toString();
    }

    @AfterAll
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode await(String what, String url, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode n = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(url);
            if (r.statusCode() == 200) {
                n = json.readTree(r.body());
                if (done.test(n)) {
                    return n;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError(what + " not seen; last answer " + n + "\n" + logs());
    }

    @Test
    @Order(1)
    void recordedSeriesLandInMetricsStoreAndTheAlertInAlertRouterAndAlertmanager() throws Exception {
        long now = System.currentTimeMillis();
        Map<String, Integer> lines = Map.of("openai", 7, "groq", 2);
        StringBuilder streams = new StringBuilder();
        for (var e : lines.entrySet()) {
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < e.getValue(); i++) {
                values.append(i == 0 ? "" : ",").append("[\"").append((now - 10_000 + i) * 1_000_000L)
                        .append("\",\"{\\\"level\\\":\\\"ERROR\\\",\\\"message\\\":\\\"Provider ").append(e.getKey())
                        .append(" failed for gpt-4o: upstream returned 502\\\"}\",{\"provider\":\"").append(e.getKey()).append("\"}]");
            }
            streams.append(streams.isEmpty() ? "" : ",").append("{\"stream\":{\"app\":\"gatewayz-api\",\"level\":\"ERROR\",\"service\":\"")
                    .append(e.getKey()).append("\"},\"values\":[").append(values).append("]}");
        }
        HttpResponse<String> push = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + logPort + "/loki/api/v1/push"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"streams\":[" + streams + "]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(push.statusCode()).as(push.body()).isEqualTo(204);

        String q = "http://127.0.0.1:" + metricsPort + "/api/v1/query?query="
                + URLEncoder.encode("loki:e2e_provider_errors:count5m", StandardCharsets.UTF_8);
        JsonNode series = await("recorded series in metrics-store", q, n -> n.at("/data/result").size() == 2).at("/data/result");
        for (JsonNode s : series) {
            String provider = s.at("/metric/provider").asString();
            assertThat(s.get("metric").properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("__name__", "provider");
            assertThat(Double.parseDouble(s.at("/value/1").asString())).as(provider).isEqualTo(lines.get(provider).doubleValue());
        }

        String filter = URLEncoder.encode("alertname=\"LogRulerE2EErrors\"", StandardCharsets.UTF_8);
        for (String base : List.of("http://127.0.0.1:" + routerPort, alertmanager.url())) {
            JsonNode alerts = await("alert in " + base, base + "/api/v2/alerts?filter=" + filter, n -> n.size() == 1);
            JsonNode a = alerts.get(0);
            assertThat(a.at("/labels/provider").asString()).isEqualTo("openai");
            assertThat(a.at("/labels/severity").asString()).isEqualTo("warning");
            assertThat(a.at("/annotations/summary").asString()).isEqualTo("openai logged 7 errors in 5m");
            assertThat(a.at("/status/state").asString()).isEqualTo("active");
        }
    }

    /** The pending {@code LogRulerE2ERestore} alert as log-store's /prometheus/api/v1/alerts shows it, or null. */
    private JsonNode restoreAlert() throws Exception {
        HttpResponse<String> r = get("http://127.0.0.1:" + logPort + "/prometheus/api/v1/alerts");
        if (r.statusCode() != 200) {
            return null;
        }
        for (JsonNode a : json.readTree(r.body()).at("/data/alerts")) {
            if (a.at("/labels/alertname").asString().equals("LogRulerE2ERestore")) {
                return a;
            }
        }
        return null;
    }

    private static long millis(JsonNode rfc3339) {
        return java.time.Instant.parse(rfc3339.asString()).toEpochMilli();
    }

    /**
     * log-store killed with SIGKILL while an alert with {@code for: 10m} is pending and started again:
     * the alert gets its activeAt back from the ALERTS_FOR_STATE series metrics-store holds, shifted by
     * the downtime (Prometheus's restore rule), instead of starting over after the restart.
     */
    @Test
    @Order(2)
    void aPendingAlertKeepsItsPendingTimeAcrossAKillAndRestartOfLogStore() throws Exception {
        JsonNode before = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && (before == null || !before.at("/state").asString().equals("pending"))) {
            before = restoreAlert();
            Thread.sleep(250);
        }
        assertThat(before).as("pending alert before the restart\n" + logs()).isNotNull();
        long activeAt = millis(before.at("/activeAt"));
        // pending long enough that a restored activeAt cannot be mistaken for a new one (below)
        while (System.currentTimeMillis() - activeAt < 12_000) {
            Thread.sleep(250);
        }
        String forState = "http://127.0.0.1:" + metricsPort + "/api/v1/query?query="
                + URLEncoder.encode("ALERTS_FOR_STATE{alertname=\"LogRulerE2ERestore\"}[5m]", StandardCharsets.UTF_8);
        long checked = System.currentTimeMillis();
        await("ALERTS_FOR_STATE in metrics-store", forState, n -> n.at("/data/result").size() == 1
                && lastSampleTime(n) > checked - 2_000);

        Process old = processes.remove(processes.size() - 1);
        old.destroyForcibly().waitFor();
        long killedAt = System.currentTimeMillis();
        JsonNode beforeRestart = await("for-state samples", forState, n -> n.at("/data/result").size() == 1);
        long downAt = lastSampleTime(beforeRestart);
        assertThat(sampleValue(beforeRestart, downAt)).isEqualTo(activeAt / 1000);
        long launchedAt = System.currentTimeMillis();
        processes.add(launchLogStore());
        awaitReady(logPort);

        // the new process writes ALERTS_FOR_STATE only once restored, at the evaluation after the restore
        JsonNode afterRestart = await("for-state written after the restart", forState,
                n -> n.at("/data/result").size() == 1 && lastSampleTime(n) > killedAt);
        long firstAfter = Long.MAX_VALUE;
        for (JsonNode v : afterRestart.at("/data/result/0/values")) {
            long t = Math.round(v.get(0).asDouble() * 1000);
            if (t > killedAt) {
                firstAfter = Math.min(firstAfter, t);
            }
        }
        JsonNode after = restoreAlert();
        assertThat(after).as("alert after the restart\n" + logs()).isNotNull();
        assertThat(after.at("/state").asString()).isEqualTo("pending");
        long restored = millis(after.at("/activeAt"));
        // Prometheus's rule: activeAt (whole seconds) + (restore time - last sample before the kill, cut to
        // seconds). The restore comes after the launch and before the first evaluation that wrote again;
        // the last sample it saw is at or after the one seen here (samples the old process still owed
        // are sent by the new one) and before the kill. Not restored, the alert would be active since the
        // new process's first evaluation, two slots before that one: later than this window, since it had
        // been pending for more than 10 s at the last sample seen before the kill.
        long activeSec = activeAt / 1000 * 1000;
        long low = activeSec + launchedAt - killedAt;
        long high = activeSec + firstAfter - downAt / 1000 * 1000;
        assertThat(restored).as(logs()).isBetween(low, high);
        assertThat(sampleValue(afterRestart, firstAfter) * 1000).isBetween(low - 1000, high);
    }

    private static long lastSampleTime(JsonNode matrix) {
        long last = Long.MIN_VALUE;
        for (JsonNode v : matrix.at("/data/result/0/values")) {
            last = Math.max(last, Math.round(v.get(0).asDouble() * 1000));
        }
        return last;
    }

    private static long sampleValue(JsonNode matrix, long t) {
        for (JsonNode v : matrix.at("/data/result/0/values")) {
            if (Math.round(v.get(0).asDouble() * 1000) == t) {
                return (long) Double.parseDouble(v.get(1).asString());
            }
        }
        throw new AssertionError("no sample at " + t + " in " + matrix);
    }
}
