package ai.gatewayz.obs.alerts.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.PeerProcess;
import ai.gatewayz.obs.testkit.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Debian's Prometheus 2.42 as an alert sender (checklist AM-14): its alerts arrive unchanged. */
class PrometheusSenderTest {
    @TempDir
    Path dir;

    @Test
    void prometheusAlertsArriveWithGeneratorUrlAndEndsAt() throws Exception {
        Peers.binary("prometheus");
        RunningRouter router = RunningRouter.shared();
        {
            Path rules = dir.resolve("rules.yml");
            Files.writeString(rules, """
                    groups:
                      - name: t
                        interval: 1s
                        rules:
                          - alert: AlwaysFiring
                            expr: vector(1)
                            labels: {severity: critical}
                            annotations: {summary: 'always'}
                    """);
            String prom = """
                    global:
                      evaluation_interval: 1s
                      external_labels: {cluster: gz}
                    rule_files: ['%s']
                    alerting:
                      alertmanagers:
                        - static_configs: [{targets: ['127.0.0.1:%d']}]
                    """.formatted(rules, router.port);
            // resend delay 5s: Prometheus drops the very first send when its Alertmanager list is not yet synced
            try (PeerProcess p = PeerProcess.prometheus(prom, "--rules.alert.resend-delay=5s")) {
                JsonNode found = null;
                long deadline = System.currentTimeMillis() + 30_000;
                while (System.currentTimeMillis() < deadline && found == null) {
                    JsonNode alerts = AlertsApiTest.json(router.get("/api/v2/alerts?filter=alertname%3D%22AlwaysFiring%22"));
                    if (alerts.size() > 0) {
                        found = alerts.get(0);
                    } else {
                        Thread.sleep(500);
                    }
                }
                assertThat(found).as("alert from Prometheus arrived; peer log:\n%s", p.logTail()).isNotNull();
                assertThat(found.get("labels").get("cluster").asString()).isEqualTo("gz");
                assertThat(found.get("receivers").get(0).get("name").asString()).isEqualTo("critical-hook");
                assertThat(found.get("generatorURL").asString()).contains("/graph?g0.expr=vector%281%29");
                long ends = OffsetDateTime.parse(found.get("endsAt").asString()).toInstant().toEpochMilli();
                // endsAt = last send + 4 x max(resend delay 5s, evaluation interval 1s)
                assertThat(ends - System.currentTimeMillis()).isBetween(5_000L, 21_000L);
            }
        }
    }
}
