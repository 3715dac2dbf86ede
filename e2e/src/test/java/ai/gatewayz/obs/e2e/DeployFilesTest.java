package ai.gatewayz.obs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * The deploy files parse and agree with ARCHITECTURE.md: every service and port in compose and on
 * Railway, every seed datasource UID pointing at the right service, no default secrets, and the
 * bundled Prometheus/Alertmanager-format files accepted by the real promtool and amtool.
 */
class DeployFilesTest {
    private static final Path ROOT = Peers.sourceRoot();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path p) throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(p));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void composeRunsEveryServiceOnItsPortWithHealthchecksAndVolumes() throws IOException {
        Map<String, Object> services = map(yaml(ROOT.resolve("docker-compose.yml")).get("services"));
        Set<String> expected = new TreeSet<>();
        SuiteLayout.SERVICES.forEach(s -> expected.add(s.name()));
        expected.add("grafana");
        assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        for (SuiteLayout s : SuiteLayout.SERVICES) {
            Map<String, Object> svc = map(services.get(s.name()));
            assertThat(svc.get("command")).as(s.name()).isEqualTo(List.of(s.name()));
            Map<String, Object> env = map(svc.get("environment"));
            assertThat(env.get("PORT")).as(s.name() + " PORT").isEqualTo(String.valueOf(s.port()));
            assertThat((List<String>) svc.get("ports")).as(s.name()).contains(s.port() + ":" + s.port());
            assertThat(svc).as(s.name()).containsKey("healthcheck");
            assertThat(String.valueOf(svc.get("healthcheck"))).contains("/-/ready");
            assertThat(env).as(s.name()).containsKeys("AUTH_INGEST_TOKENS", "AUTH_QUERY_TOKENS");
            if (s.stateful()) {
                assertThat((List<String>) svc.get("volumes")).as(s.name()).anySatisfy(v -> assertThat(v).endsWith(":/data"));
            }
        }
        assertThat((List<String>) map(services.get("trace-store")).get("ports")).contains("4317:4317", "4318:4318");
        Map<String, Object> grafana = map(services.get("grafana"));
        assertThat((String) grafana.get("image")).matches("grafana/grafana:1[23]\\.\\d+\\.\\d+");
    }

    @Test
    void composeHasNoDefaultSecretsAndEnvExampleNamesEveryRequiredOne() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+):\\?").matcher(compose);
        Set<String> required = new TreeSet<>();
        while (m.find()) {
            required.add(m.group(1));
        }
        assertThat(required).contains("INGEST_TOKEN", "QUERY_TOKEN", "GRAFANA_ADMIN_PASSWORD");
        Map<String, String> example = new HashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] kv = line.split("=", 2);
                example.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        assertThat(example).containsKeys(required.toArray(String[]::new));
        // Secrets have no value to copy: compose refuses to start until they are set.
        assertThat(example.get("INGEST_TOKEN")).isEmpty();
        assertThat(example.get("QUERY_TOKEN")).isEmpty();
        assertThat(example.get("GRAFANA_ADMIN_PASSWORD")).isEmpty();
        assertThat(compose).doesNotContainIgnoringCase("admin_password: admin");
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaDatasourcesKeepTheSeedUidsAndPointAtOurServices() throws IOException {
        Map<String, Object> grafanaEnv = map(map(map(yaml(ROOT.resolve("docker-compose.yml")).get("services")).get("grafana")).get("environment"));
        List<Map<String, Object>> sources = (List<Map<String, Object>>) yaml(
                ROOT.resolve("grafana/provisioning/datasources/datasources.yml")).get("datasources");
        Map<String, Map<String, Object>> byUid = new HashMap<>();
        sources.forEach(d -> byUid.put((String) d.get("uid"), d));
        Map<String, String[]> expected = Map.of(
                "grafana_prometheus", new String[] {"prometheus", "http://metrics-store:9090"},
                "grafana_mimir", new String[] {"prometheus", "http://metrics-store:9090/prometheus"},
                "grafana_loki", new String[] {"loki", "http://log-store:3100"},
                "grafana_tempo", new String[] {"tempo", "http://trace-store:3200"},
                "grafana_pyroscope", new String[] {"grafana-pyroscope-datasource", "http://profile-store:4040"},
                "alertmanager", new String[] {"alertmanager", "http://alert-router:9093"},
                "grafana_json_api", new String[] {"yesoreyeram-infinity-datasource", "http://json-api-proxy:5050"});
        assertThat(byUid.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((uid, typeAndUrl) -> {
            Map<String, Object> ds = byUid.get(uid);
            assertThat(ds.get("type")).as(uid).isEqualTo(typeAndUrl[0]);
            assertThat(expand((String) ds.get("url"), grafanaEnv)).as(uid).isEqualTo(typeAndUrl[1]);
        });
        Map<String, Object> mimir = map(byUid.get("grafana_mimir").get("jsonData"));
        assertThat(mimir.get("httpHeaderName1")).isEqualTo("X-Scope-OrgID");
        Map<String, Object> tempo = map(byUid.get("grafana_tempo").get("jsonData"));
        assertThat(map(tempo.get("streamingEnabled"))).containsEntry("search", false).containsEntry("metrics", false);
        assertThat(map(tempo.get("serviceMap"))).containsEntry("datasourceUid", "grafana_mimir");
        assertThat(map(byUid.get("alertmanager").get("jsonData"))).containsEntry("implementation", "prometheus");
        // Every datasource carries the query token, because every store requires it when auth is on.
        sources.forEach(d -> assertThat(String.valueOf(d.get("secureJsonData"))).as((String) d.get("uid")).contains("${QUERY_TOKEN}"));
    }

    private static String expand(String value, Map<String, Object> env) {
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+)}").matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Object v = env.get(m.group(1));
            assertThat(v).as("grafana environment variable " + m.group(1)).isNotNull();
            m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf(v)));
        }
        return m.appendTail(sb).toString();
    }

    @Test
    void everyServiceHasARailwayConfig() throws IOException {
        TomlMapper toml = new TomlMapper();
        for (SuiteLayout s : SuiteLayout.SERVICES) {
            JsonNode cfg = toml.readTree(Files.readString(ROOT.resolve("railway/" + s.name() + ".toml")));
            assertThat(cfg.path("build").path("builder").asString()).as(s.name()).isEqualTo("DOCKERFILE");
            assertThat(ROOT.resolve(cfg.path("build").path("dockerfilePath").asString())).as(s.name()).isRegularFile();
            assertThat(cfg.path("deploy").path("startCommand").asString()).isEqualTo("/app/start.sh " + s.name());
            assertThat(cfg.path("deploy").path("healthcheckPath").asString()).isEqualTo("/-/ready");
            assertThat(cfg.path("deploy").path("restartPolicyType").asString()).isEqualTo("ON_FAILURE");
        }
        JsonNode grafana = toml.readTree(Files.readString(ROOT.resolve("railway/grafana.toml")));
        assertThat(ROOT.resolve(grafana.path("build").path("dockerfilePath").asString())).isRegularFile();
    }

    @Test
    void theImageStartsEveryServiceByName() throws IOException {
        String start = Files.readString(ROOT.resolve("deploy/docker/start.sh"));
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        for (SuiteLayout s : SuiteLayout.SERVICES) {
            assertThat(start).contains(s.name());
            assertThat(dockerfile).contains(s.jar());
        }
    }

    @Test
    void bundledRuleFilesPassPromtool() throws Exception {
        Path promtool = Peers.binary("promtool");
        List<String> cmd = new ArrayList<>(List.of(promtool.toString(), "check", "rules"));
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/rules"))) {
            files.filter(f -> f.toString().endsWith(".yml")).sorted().forEach(f -> cmd.add(f.toString()));
        }
        assertThat(cmd).hasSizeGreaterThan(3);
        assertThat(run(cmd)).contains("SUCCESS");
    }

    @Test
    void bundledPrometheusConfigPassesPromtool(@TempDir Path tmp) throws Exception {
        Path promtool = Peers.binary("promtool");
        String cfg = withSampleEnv(Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml")))
                .replace("/app/config/rules/*.yml", ROOT.resolve("deploy/rules").toString() + "/*.yml");
        Path file = tmp.resolve("prometheus.yml");
        Files.writeString(file, cfg);
        assertThat(run(List.of(promtool.toString(), "check", "config", file.toString()))).contains("SUCCESS");
    }

    /** The deployed scrape configuration scrapes the backend's provider-health exposition as the seed's gatewayz_data_metrics_production job did. */
    @Test
    @SuppressWarnings("unchecked")
    void bundledPrometheusConfigScrapesTheProviderHealthExposition() throws IOException {
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) yaml(ROOT.resolve("deploy/prometheus/prometheus.yml")).get("scrape_configs");
        Map<String, Object> data = jobs.stream().filter(j -> "/prometheus/data/metrics".equals(j.get("metrics_path"))).findFirst().orElseThrow();
        assertThat(data).containsEntry("job_name", "gatewayz-data-metrics").containsEntry("scrape_interval", "30s")
                .containsEntry("scrape_timeout", "15s");
        Map<String, Object> statics = ((List<Map<String, Object>>) data.get("static_configs")).get(0);
        assertThat((List<String>) statics.get("targets")).containsExactly("${FASTAPI_TARGET}");
        assertThat(map(statics.get("labels"))).containsEntry("source", "prometheus_data");
    }

    @Test
    void bundledAlertmanagerConfigPassesAmtool(@TempDir Path tmp) throws Exception {
        Path amtool = Peers.binary("amtool");
        Path file = tmp.resolve("alertmanager.yml");
        Files.writeString(file, withSampleEnv(Files.readString(ROOT.resolve("deploy/alertmanager/alertmanager.yml"))));
        String out = run(List.of(amtool.toString(), "check-config", file.toString()));
        assertThat(out).contains("SUCCESS").contains(" - 2 inhibit rules").contains(" - 2 receivers");
    }

    @Test
    void localAlertmanagerConfigPassesAmtoolAndKeepsTheProductionRoutes() throws Exception {
        Path amtool = Peers.binary("amtool");
        Path local = ROOT.resolve("deploy/alertmanager/alertmanager-local.yml");
        assertThat(run(List.of(amtool.toString(), "check-config", local.toString())))
                .contains("SUCCESS").contains(" - 2 inhibit rules").contains(" - 2 receivers");
        String prod = Files.readString(ROOT.resolve("deploy/alertmanager/alertmanager.yml"));
        String routes = prod.substring(prod.indexOf("route:"), prod.indexOf("receivers:"));
        assertThat(Files.readString(local)).contains(routes);
    }

    /** Fills ${VAR} placeholders with plausible values, as the services do from their environment. */
    private static String withSampleEnv(String withComments) {
        String text = withComments.lines().filter(l -> !l.strip().startsWith("#"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        Map<String, String> sample = Map.ofEntries(
                Map.entry("SMTP_HOST", "smtp.example.com:587"), Map.entry("SMTP_FROM", "alerts@example.com"),
                Map.entry("SMTP_USER", "alerts"), Map.entry("SMTP_PASSWORD", "secret"),
                Map.entry("ALERT_EMAIL_OPS", "ops@example.com"), Map.entry("ALERT_EMAIL_CRIT", "oncall@example.com"),
                Map.entry("ENVIRONMENT", "test"), Map.entry("FASTAPI_TARGET", "gateway-sim:8000"),
                Map.entry("GRAFANA_URL", "https://grafana.example.com"),
                Map.entry("SCRAPE_BEARER_TOKEN", "t"), Map.entry("ALERTMANAGER_BEARER_TOKEN", "t"));
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+)}").matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = sample.getOrDefault(m.group(1), m.group(1).endsWith("_TARGET") ? "svc:9000" : null);
            assertThat(v).as("sample value for " + m.group(1)).isNotNull();
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        return m.appendTail(sb).toString();
    }

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }
}
