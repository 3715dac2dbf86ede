package ai.gatewayz.obs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.monitoring.dashboards.Dashboards;
import ai.gatewayz.obs.monitoring.dashboards.GrafanaDatasources;
import ai.gatewayz.obs.monitoring.dashboards.GrafanaQueryRequests;
import ai.gatewayz.obs.testkit.Peers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * For users with Docker: stock Grafana ({@code grafana/grafana-oss} at the version
 * docker-compose.yml pins) with this repository's grafana/provisioning and dashboards, against a
 * running {@code ./suite}, checked through Grafana's own HTTP API: every provisioned datasource's
 * health check, and one {@code /api/ds/query} per dashboard panel with the requests built by
 * monitoring's {@link GrafanaQueryRequests} (unit-tested there with golden bodies). The suite's
 * ports reach the container through Testcontainers' host-port tunnel.
 *
 * <p>Where no Docker engine runs, the class is skipped with the reason Testcontainers gives, even
 * with {@code REQUIRE_PEERS=1}: Docker is not a Debian peer that .ci/run can install, so CI (which
 * has no engine) cannot be made to run it; the skip is reported, not hidden.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaProvisioningTest {
    static final Path ROOT = Peers.sourceRoot();
    static final List<String> STORES = List.of("metrics-store", "log-store", "trace-store", "profile-store", "alert-router", "json-api-proxy");
    static final Map<String, String> URL_VARIABLES = Map.of("metrics-store", "METRICS_STORE_URL", "log-store", "LOG_STORE_URL",
            "trace-store", "TRACE_STORE_URL", "profile-store", "PROFILE_STORE_URL", "alert-router", "ALERT_ROUTER_URL",
            "json-api-proxy", "JSON_API_URL");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path data;
    private SuiteProcess suite;
    private GenericContainer<?> grafana;
    private final String password = UUID.randomUUID().toString();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Why no Docker engine can be used here, or {@code null} when one can. */
    static String dockerUnavailable() {
        String where = "DOCKER_HOST=" + System.getenv().getOrDefault("DOCKER_HOST", "(unset)") + ", /var/run/docker.sock "
                + (Files.exists(Path.of("/var/run/docker.sock")) ? "present" : "absent");
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return null;
            }
            DockerClientFactory.instance().client(); // throws the reason
            return "Testcontainers' DockerClientFactory found no Docker environment (" + where + ")";
        } catch (Throwable e) {
            return "Testcontainers' DockerClientFactory found no Docker environment (" + where + "): " + e.getMessage();
        }
    }

    /** The Grafana version docker-compose.yml pins for its grafana service. */
    static String composeGrafanaVersion() throws Exception {
        Matcher m = Pattern.compile("(?m)^\\s+image:\\s*grafana/grafana(?:-oss)?:(\\S+)\\s*$")
                .matcher(Files.readString(ROOT.resolve("docker-compose.yml")));
        assertThat(m.find()).as("docker-compose.yml pins a grafana image").isTrue();
        return m.group(1);
    }

    private String noDocker;

    /** Skips the calling test when there is no Docker engine, naming why (never a failure: see the class comment). */
    private void requireDocker() {
        // not Peers.binary(): REQUIRE_PEERS=1 must not turn an engine CI cannot install into a failure
        Assumptions.assumeTrue(noDocker == null, () -> "no Docker engine, so stock Grafana cannot start here: " + noDocker
                + " (skipped even with REQUIRE_PEERS=1: Docker is not a peer .ci/run can install;"
                + " the request building runs in monitoring's GrafanaQueryRequestsTest)");
    }

    @BeforeAll
    void startSuiteAndGrafana() throws Exception {
        noDocker = dockerUnavailable();
        if (noDocker != null) {
            System.out.println("GrafanaProvisioningTest: no Docker engine: " + noDocker);
            return;
        }
        List<String> all = SuiteLayout.SERVICES.stream().map(SuiteLayout::name).toList();
        suite = SuiteProcess.start(data, all, Map.of());
        int[] ports = STORES.stream().mapToInt(suite::port).toArray();
        Testcontainers.exposeHostPorts(ports);
        grafana = new GenericContainer<>(DockerImageName.parse("grafana/grafana-oss:" + composeGrafanaVersion()))
                .withEnv("GF_SECURITY_ADMIN_USER", "admin")
                .withEnv("GF_SECURITY_ADMIN_PASSWORD", password)
                .withEnv("GF_PLUGINS_PREINSTALL", "yesoreyeram-infinity-datasource")
                .withEnv("QUERY_TOKEN", "")
                .withCopyFileToContainer(MountableFile.forHostPath(ROOT.resolve("grafana/provisioning")), "/etc/grafana/provisioning")
                .withCopyFileToContainer(MountableFile.forHostPath(ROOT.resolve("grafana/dashboards")), "/var/lib/grafana/dashboards")
                .withExposedPorts(3000)
                .waitingFor(Wait.forHttp("/api/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(5)));
        for (String s : STORES) {
            grafana.withEnv(URL_VARIABLES.get(s), "http://" + GenericContainer.INTERNAL_HOST_HOSTNAME + ":" + suite.port(s));
        }
        grafana.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (grafana != null) {
            grafana.stop();
        }
        if (suite != null) {
            suite.close();
        }
    }

    private String base() {
        return "http://" + grafana.getHost() + ":" + grafana.getMappedPort(3000);
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        String auth = Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyProvisionedDatasourcePassesGrafanasHealthCheck() throws Exception {
        requireDocker();
        List<String> failed = new ArrayList<>();
        for (GrafanaDatasources.Datasource ds : GrafanaDatasources.provisioned()) {
            HttpResponse<String> r = call("GET", GrafanaQueryRequests.healthPath(ds.uid()), null);
            String status = r.statusCode() == 200 ? JSON.readTree(r.body()).path("status").asString("") : "";
            if (!status.equals("OK")) {
                failed.add(ds.uid() + " (" + ds.type() + "): " + r.statusCode() + " " + r.body());
            }
        }
        assertThat(failed).as("datasource health checks").isEmpty();
    }

    @Test
    void oneQueryPerDashboardPanelAnswersWithoutAnError() throws Exception {
        requireDocker();
        // the dashboards are provisioned and the suite has scraped traffic
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int dashboards = Dashboards.all().size();
        int found = 0;
        while (System.nanoTime() < deadline) {
            found = JSON.readTree(call("GET", "/api/search?type=dash-db", null).body()).size();
            if (found >= dashboards) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(found).as("dashboards provisioned").isGreaterThanOrEqualTo(dashboards);
        SuiteTelemetry t = new SuiteTelemetry(http, suite.url("metrics-store"), suite.url("gateway-sim"));
        assertThat(t.awaitSeries("model_inference_requests_total", r -> r.size() > 0, System.nanoTime() + TimeUnit.SECONDS.toNanos(120)).size())
                .as("gateway-sim traffic in metrics-store").isPositive();

        long to = System.currentTimeMillis();
        List<GrafanaQueryRequests.Request> requests = GrafanaQueryRequests.all(Dashboards.all(), to - Duration.ofMinutes(30).toMillis(), to);
        List<String> failed = new ArrayList<>();
        int withFrames = 0;
        for (GrafanaQueryRequests.Request q : requests) {
            HttpResponse<String> r = call("POST", "/api/ds/query", JSON.writeValueAsString(q.body()));
            JsonNode results = r.statusCode() == 200 || r.statusCode() == 207 ? JSON.readTree(r.body()).path("results") : null;
            if (results == null) {
                failed.add(q.where() + ": " + r.statusCode() + " " + r.body());
                continue;
            }
            boolean frames = false;
            for (var e : results.properties()) {
                JsonNode res = e.getValue();
                if (res.hasNonNull("error") || res.path("status").asInt(200) >= 400) {
                    failed.add(q.where() + " / " + e.getKey() + ": " + res.path("error").asString(res.toString()));
                }
                frames |= res.path("frames").size() > 0;
            }
            withFrames += frames ? 1 : 0;
        }
        System.out.println("grafana: " + requests.size() + " panel queries, " + withFrames + " answered with frames");
        assertThat(failed).as("panel queries Grafana answered with an error").isEmpty();
    }
}
