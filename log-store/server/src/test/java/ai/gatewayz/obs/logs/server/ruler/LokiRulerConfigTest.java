package ai.gatewayz.obs.logs.server.ruler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.alertmanager.AlertmanagerTarget;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.logs.ruler.TenantRemoteWrite;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code ruler:} block of a Loki configuration file and how it combines with log.ruler.* and the environment. */
class LokiRulerConfigTest {
    static final RulerProperties DEFAULTS = new RulerProperties(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null);

    @Test
    void loki3ConfigurationIsReadAsLokiReadsIt() {
        LokiRulerConfig c = LokiRulerConfig.parse("loki.yaml", """
                auth_enabled: false
                server: {http_listen_port: 3100}
                ruler:
                  enable_api: true
                  evaluation_interval: 30s
                  poll_interval: 2m
                  alertmanager_url: http://am-1:9093, http://am-2:9093/
                  external_url: http://loki.example
                  external_labels: {cluster: prod}
                  rule_path: /tmp/scratch
                  enable_alertmanager_v2: true
                  wal: {dir: /loki/ruler-wal}
                  ring: {kvstore: {store: inmemory}}
                  storage:
                    type: local
                    local: {directory: /loki/rules}
                  remote_write:
                    enabled: true
                    clients:
                      mimir:
                        url: http://mimir:9009/api/v1/push
                        headers: {X-Scope-OrgID: team-a}
                        queue_config: {capacity: 10}
                """);
        assertThat(c.enableApi()).isTrue();
        assertThat(c.evaluationIntervalMs()).isEqualTo(30_000);
        assertThat(c.pollIntervalMs()).isEqualTo(120_000);
        assertThat(c.alertmanagerUrls()).containsExactly("http://am-1:9093", "http://am-2:9093/");
        assertThat(c.clients()).containsExactly(Map.entry("mimir",
                new LokiRulerConfig.Client("http://mimir:9009/api/v1/push", Map.of("X-Scope-OrgID", "team-a"))));
        assertThat(c.directory()).isEqualTo("/loki/rules");
        assertThat(c.warnings()).containsExactly("key not supported, ignored [key=ruler.ring]",
                "key not supported, ignored [key=ruler.remote_write.clients.mimir.queue_config]");

        RulerSettings s = RulerSettings.resolve(c, DEFAULTS, "/data", "http://ignored:9090", "http://ignored:9093");
        assertThat(s.options().evaluationIntervalMs()).isEqualTo(30_000);
        assertThat(s.options().rules().externalLabels()).isEqualTo(Labels.of("cluster", "prod"));
        assertThat(s.options().rules().externalURL()).isEqualTo("http://loki.example");
        assertThat(s.alertmanagers()).extracting(AlertmanagerTarget::alertsUrl)
                .containsExactly("http://am-1:9093/api/v2/alerts", "http://am-2:9093/api/v2/alerts");
        assertThat(s.remoteWrite()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("mimir");
            assertThat(d.options().url().toString()).isEqualTo("http://mimir:9009/api/v1/push");
            assertThat(d.options().headers()).containsEntry("X-Scope-OrgID", "team-a");
            assertThat(d.options().externalLabels()).isEqualTo(Labels.of("cluster", "prod"));
        });
        assertThat(s.directory()).isEqualTo(Path.of("/loki/rules"));
    }

    @Test
    void theDeprecatedSingleClientIsAcceptedWithAWarning() {
        LokiRulerConfig c = LokiRulerConfig.parse("l.yaml", """
                ruler:
                  remote_write:
                    enabled: true
                    client: {url: 'http://prom:9090/api/v1/write'}
                """);
        assertThat(c.clients()).containsOnlyKeys("default");
        assertThat(c.warnings()).containsExactly(
                "deprecated key [key=ruler.remote_write.client, use=ruler.remote_write.clients.<name>]");
    }

    @Test
    void withoutARulerBlockTheSuiteDefaultsAndComposeVariablesApply() {
        RulerSettings s = RulerSettings.resolve(LokiRulerConfig.parse("l.yaml", "server: {}\n"), DEFAULTS, "/data",
                "http://metrics-store:9090/", "http://alert-router:9093");
        assertThat(s.enableApi()).isTrue();
        assertThat(s.options().evaluationIntervalMs()).isEqualTo(60_000);
        assertThat(s.remoteWrite()).extracting(TenantRemoteWrite.Destination::name).containsExactly("metrics-store");
        assertThat(s.remoteWrite().get(0).options().url().toString()).isEqualTo("http://metrics-store:9090/api/v1/write");
        assertThat(s.alertmanagers()).extracting(AlertmanagerTarget::baseUrl).containsExactly("http://alert-router:9093");
        assertThat(s.directory()).isEqualTo(Path.of("/data/rules"));
        RulerSettings none = RulerSettings.resolve(LokiRulerConfig.ABSENT, DEFAULTS, "/data", "", "");
        assertThat(none.remoteWrite()).isEmpty();
        assertThat(none.alertmanagers()).isEmpty();
    }

    @Test
    void remoteWriteDisabledInTheFileWinsOverTheEnvironment() {
        RulerSettings s = RulerSettings.resolve(LokiRulerConfig.parse("l.yaml", "ruler: {remote_write: {enabled: false}}\n"),
                DEFAULTS, "/data", "http://metrics-store:9090", "");
        assertThat(s.remoteWrite()).isEmpty();
    }

    @Test
    void environmentVariablesAreExpandedAsWithConfigExpandEnv() {
        Map<String, String> env = Map.of("AM", "http://am:9093");
        String out = LokiRulerConfig.expand("a: ${AM}\nb: ${MISSING:-http://x}\nc: ${MISSING}\n", env::get);
        assertThat(out).isEqualTo("a: http://am:9093\nb: http://x\nc: \n");
    }

    record Case(String name, String yaml, String message) {
    }

    @Test
    void invalidValuesNameTheKeyAndTheValue() {
        List<Case> cases = List.of(
                new Case("duration", "ruler: {evaluation_interval: 1x}",
                        "invalid configuration [file=l.yaml, key=ruler.evaluation_interval]: invalid duration [value=1x]"),
                new Case("zero duration", "ruler: {poll_interval: 0s}",
                        "invalid configuration [file=l.yaml, key=ruler.poll_interval]: must be positive [value=0s]"),
                new Case("boolean", "ruler: {enable_api: yes please}",
                        "invalid configuration [file=l.yaml, key=ruler.enable_api]: must be true or false [value=yes please]"),
                new Case("storage type", "ruler: {storage: {type: gcs}}",
                        "invalid configuration [file=l.yaml, key=ruler.storage.type]: unsupported rule storage [value=gcs, supported=local]"),
                new Case("client without url", "ruler: {remote_write: {enabled: true, clients: {a: {headers: {}}}}}",
                        "invalid configuration [file=l.yaml, key=ruler.remote_write.clients.a.url]: missing remote write URL"),
                new Case("ruler not a mapping", "ruler: [1]",
                        "invalid configuration [file=l.yaml, key=ruler]: must be a mapping [value=[1]]"),
                new Case("not YAML", "ruler: {", null));
        for (Case c : cases) {
            var t = assertThatThrownBy(() -> LokiRulerConfig.parse("l.yaml", c.yaml())).as(c.name())
                    .isInstanceOf(SuiteException.class);
            if (c.message() != null) {
                t.hasMessage(c.message());
            } else {
                t.hasMessageStartingWith("invalid configuration [file=l.yaml]: yaml: ");
            }
        }
    }

    @Test
    void forStateRestoreWindowIsReadFromTheRulerBlockWithPrometheusDefaultsOtherwise() {
        LokiRulerConfig c = LokiRulerConfig.parse("loki.yaml", """
                ruler:
                  for_outage_tolerance: 30m
                  for_grace_period: 90s
                """);
        assertThat(c.warnings()).isEmpty();
        RulerSettings s = RulerSettings.resolve(c, DEFAULTS, "/data", "", "");
        assertThat(s.options().rules().outageToleranceMs()).isEqualTo(1_800_000);
        assertThat(s.options().rules().forGracePeriodMs()).isEqualTo(90_000);

        RulerSettings d = RulerSettings.resolve(LokiRulerConfig.ABSENT, DEFAULTS, "/data", "", "");
        assertThat(d.options().rules().outageToleranceMs()).isEqualTo(3_600_000);
        assertThat(d.options().rules().forGracePeriodMs()).isEqualTo(600_000);

        assertThatThrownBy(() -> LokiRulerConfig.parse("loki.yaml", "ruler: {for_grace_period: soon}\n"))
                .isInstanceOf(SuiteException.class).hasMessageContaining("ruler.for_grace_period");
    }
}
