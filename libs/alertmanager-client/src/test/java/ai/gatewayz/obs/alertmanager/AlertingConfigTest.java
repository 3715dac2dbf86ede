package ai.gatewayz.obs.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The alerting block of prometheus.yml and the JSON body Prometheus posts. */
class AlertingConfigTest {
    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String s) {
        return (Map<String, Object>) ((Map<String, Object>) new Yaml().load(s)).get("alerting");
    }

    @Test
    void staticConfigsSchemePrefixTimeoutAndAuth() throws Exception {
        Files.writeString(dir.resolve("token"), "s3cret\n");
        AlertingConfig c = AlertingConfig.from(yaml("""
                alerting:
                  alert_relabel_configs: [{action: drop}]
                  alertmanagers:
                    - static_configs: [{targets: ['am-1:9093', 'am-2:9093']}]
                      path_prefix: /alertmanager/
                      timeout: 3s
                    - scheme: https
                      api_version: v2
                      basic_auth: {username: u, password: p}
                      static_configs: [{targets: ['am-3:443']}]
                    - authorization: {credentials_file: token}
                      static_configs: [{targets: ['am-4:9093']}]
                """), dir);
        assertThat(c.targets()).extracting(AlertmanagerTarget::alertsUrl).containsExactly(
                "http://am-1:9093/alertmanager/api/v2/alerts", "http://am-2:9093/alertmanager/api/v2/alerts",
                "https://am-3:443/api/v2/alerts", "http://am-4:9093/api/v2/alerts");
        assertThat(c.targets().get(0).timeoutMs()).isEqualTo(3000);
        assertThat(c.targets().get(2).timeoutMs()).isEqualTo(10_000);
        assertThat(c.targets().get(2).authorization()).isEqualTo("Basic dTpw");
        assertThat(c.targets().get(3).authorization()).isEqualTo("Bearer s3cret");
        assertThat(c.warnings()).contains("alerting.alert_relabel_configs is not supported and is ignored");
    }

    @Test
    void badValuesNameTheField() {
        assertThatThrownBy(() -> AlertingConfig.from(yaml("""
                alerting:
                  alertmanagers: [{scheme: ftp, static_configs: [{targets: [a:1]}]}]
                """), dir)).hasMessageContaining("field=alerting.alertmanagers[0].scheme, value=ftp");
        assertThatThrownBy(() -> AlertingConfig.from(yaml("""
                alerting:
                  alertmanagers: [{timeout: soon, static_configs: [{targets: [a:1]}]}]
                """), dir)).hasMessageContaining("field=alerting.alertmanagers[0].timeout");
    }

    @Test
    void jsonBodyLikePrometheus() {
        String body = AlertJson.encode(List.of(new PostableAlert(Labels.of("alertname", "A", "x", "<b>"),
                Map.of("summary", "s"), 1_700_000_000_000L, 1_700_000_240_500L, "http://h/graph?g0.expr=up&g0.tab=1")));
        assertThat(body).isEqualTo("[{\"annotations\":{\"summary\":\"s\"},\"endsAt\":\"2023-11-14T22:17:20.500Z\","
                + "\"startsAt\":\"2023-11-14T22:13:20.000Z\",\"generatorURL\":\"http://h/graph?g0.expr=up\\u0026g0.tab=1\","
                + "\"labels\":{\"alertname\":\"A\",\"x\":\"\\u003cb\\u003e\"}}]");
    }
}
