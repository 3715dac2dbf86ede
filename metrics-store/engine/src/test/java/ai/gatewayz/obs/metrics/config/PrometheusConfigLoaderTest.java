package ai.gatewayz.obs.metrics.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.metrics.scrape.ScrapeConfig;
import ai.gatewayz.obs.metrics.scrape.ScrapeTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusConfigLoaderTest {
    private static String seed() throws IOException {
        try (InputStream in = PrometheusConfigLoaderTest.class.getResourceAsStream("/config/seed-prometheus.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSeedConfigLoadsWithEnvironmentTargets() throws IOException {
        Map<String, String> env = Map.of("FASTAPI_TARGET", "gatewayz-backend:8000", "TEMPO_TARGET", "tempo:3200");
        PrometheusConfig c = new PrometheusConfigLoader(env::get).parse(seed(), Path.of("/etc/prometheus"));
        assertThat(c.scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.evaluationInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.externalLabels()).isEqualTo(Labels.of("monitor", "gatewayz"));
        assertThat(c.ruleFiles()).containsExactly("alert.rules.yml");
        assertThat(c.alerting()).containsKey("alertmanagers");
        assertThat(c.scrapeConfigs()).extracting(ScrapeConfig::jobName).containsExactly("prometheus", "gatewayz_production",
                "gatewayz_data_metrics_production", "health_service_exporter", "mimir", "tempo");
        ScrapeConfig data = c.scrapeConfigs().get(2);
        assertThat(data.scrapeInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(data.scrapeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(data.bearerTokenFile()).isEqualTo(Path.of("/etc/prometheus/gatewayz-token"));
        ScrapeTarget t = ScrapeTarget.of(data).getFirst();
        assertThat(t.url().toString()).isEqualTo("https://gatewayz-backend:8000/prometheus/data/metrics");
        assertThat(t.labels()).isEqualTo(Labels.of("job", "gatewayz_data_metrics_production", "instance", "gatewayz-backend:8000"));
        assertThat(data.metricRelabelConfigs()).hasSize(1);
        assertThat(ScrapeTarget.of(c.scrapeConfigs().get(5)).getFirst().url().toString()).isEqualTo("http://tempo:3200/metrics");
        // remote_write is replaced by metrics-store itself: warned about, not fatal.
        assertThat(c.warnings()).anyMatch(w -> w.contains("key=remote_write"));
    }

    @Test
    void unsetEnvironmentTargetIsSkippedWithAWarning() throws IOException {
        PrometheusConfig c = new PrometheusConfigLoader(k -> null).parse(seed(), Path.of("."));
        assertThat(c.scrapeConfigs().get(1).staticConfigs().getFirst().targets()).isEmpty();
        assertThat(c.warnings()).anyMatch(w -> w.contains("target skipped") && w.contains("${FASTAPI_TARGET}"));
        assertThat(new PrometheusConfigLoader(k -> null).expand("${X:-fallback:1}")).isEqualTo("fallback:1");
    }

    @Test
    void unknownKeysAreWarningsAndBadValuesAreErrorsNamingTheKey() {
        PrometheusConfig c = new PrometheusConfigLoader(k -> null).parse("""
                global:
                  scrape_interval: 10s
                  bogus_global: 1
                storage:
                  tsdb: {}
                scrape_configs:
                  - job_name: a
                    kubernetes_sd_configs: []
                    static_configs: [{targets: ['x:1'], labels: {team: core}}]
                """, Path.of("."));
        assertThat(c.warnings()).contains("unsupported key ignored [key=global.bogus_global]",
                "unsupported key ignored [key=scrape_configs[job_name=a].kubernetes_sd_configs]");
        assertThat(ScrapeTarget.of(c.scrapeConfigs().getFirst()).getFirst().labels())
                .isEqualTo(Labels.of("instance", "x:1", "job", "a", "team", "core"));
        assertThatThrownBy(() -> new PrometheusConfigLoader(k -> null).parse("global: {scrape_interval: 5 minutes}", Path.of(".")))
                .isInstanceOf(SuiteException.class).hasMessageContaining("key=global.scrape_interval");
        assertThatThrownBy(() -> new PrometheusConfigLoader(k -> null).parse("""
                scrape_configs:
                  - job_name: a
                    scrape_interval: 5s
                    scrape_timeout: 10s
                """, Path.of("."))).hasMessageContaining("scrape_timeout greater than scrape_interval");
        assertThatThrownBy(() -> new PrometheusConfigLoader(k -> null).parse("""
                scrape_configs:
                  - job_name: a
                    relabel_configs: [{action: explode}]
                """, Path.of("."))).hasMessageContaining("unknown relabel action \"explode\"");
        assertThatThrownBy(() -> new PrometheusConfigLoader(k -> null).parse("scrape_configs: [{job_name: a}, {job_name: a}]", Path.of(".")))
                .hasMessageContaining("duplicate job_name");
        assertThat(List.of(new PrometheusConfigLoader(k -> null).parse("", Path.of(".")).scrapeConfigs())).hasSize(1);
    }
}
