package ai.gatewayz.obs.metrics.rules.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.alertmanager.AlertingConfig;
import ai.gatewayz.obs.alertmanager.Notifier;
import ai.gatewayz.obs.alertmanager.NotifierOptions;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.rules.MetricsRules;
import ai.gatewayz.obs.metrics.rules.testsupport.PlaceholderExpressionValidator;
import ai.gatewayz.obs.metrics.rules.testsupport.SelectorQueryFunc;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.rules.RuleFileParser;
import ai.gatewayz.obs.rules.RuleGroup;
import ai.gatewayz.obs.rules.RuleParseOptions;
import ai.gatewayz.obs.rules.RulesOptions;
import ai.gatewayz.obs.testkit.PeerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Delivery to Debian's prometheus-alertmanager 0.25: the rule engine (condition driven by the
 * test-support query function over in-memory data) posts through {@link Notifier}; the test reads
 * the alerts back through Alertmanager's own API. Times are real (Alertmanager judges endsAt
 * against its clock), so evaluation timestamps are placed relative to now.
 */
class AlertmanagerDeliveryTest {
    private static PeerProcess am;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        am = PeerProcess.alertmanager("""
                route:
                  receiver: blackhole
                  group_wait: 1h
                receivers:
                  - name: blackhole
                """);
    }

    @AfterAll
    static void stop() {
        if (am != null) {
            am.close();
        }
    }

    private static JsonNode alerts(String filter) throws Exception {
        String q = filter == null ? "" : "?filter=" + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(am.url() + "/api/v2/alerts" + q)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static Notifier notifier(NotifierOptions o) {
        AlertingConfig cfg = AlertingConfig.from(java.util.Map.of("alertmanagers", List.of(java.util.Map.of(
                "static_configs", List.of(java.util.Map.of("targets", List.of("127.0.0.1:" + am.port()))),
                "timeout", "5s"))), null);
        return new Notifier(o, cfg.targets());
    }

    @Test
    void firingThenResolvedAsSeenByAlertmanager() throws Exception {
        long now = System.currentTimeMillis() / 1000 * 1000;
        long t0 = now - 120_000;
        Labels series = Labels.of("__name__", "up", "instance", "db-1", "job", "pg");
        try (MemoryStorage storage = new MemoryStorage();
                Notifier n = notifier(NotifierOptions.defaults().withExternalLabels(Labels.of("cluster", "prod")))) {
            RuleGroup g = MetricsRules.group(RuleFileParser.parse("r.yml", """
                    groups:
                      - name: g
                        rules:
                          - alert: DeliveryTestDown
                            expr: up == 0
                            labels: {severity: critical}
                            annotations: {summary: "{{ $labels.instance }} is down"}
                    """, RuleParseOptions.defaults(new PlaceholderExpressionValidator())).get(0),
                    storage, new SelectorQueryFunc().bind(storage), n::send,
                    RulesOptions.defaults().withExternalURL("http://metrics.example:9090"), false);
            append(storage, series, t0, 0);
            g.eval(t0);
            n.flush();
            assertThat(n.sent()).isEqualTo(1);
            JsonNode list = alerts("alertname=\"DeliveryTestDown\"");
            assertThat(list.size()).isEqualTo(1);
            JsonNode a = list.get(0);
            assertThat(a.get("labels").get("instance").asString()).isEqualTo("db-1");
            assertThat(a.get("labels").get("severity").asString()).isEqualTo("critical");
            assertThat(a.get("labels").get("cluster").asString()).isEqualTo("prod");
            assertThat(a.get("annotations").get("summary").asString()).isEqualTo("db-1 is down");
            assertThat(Instant.parse(a.get("startsAt").asString()).toEpochMilli()).isEqualTo(t0);
            assertThat(Instant.parse(a.get("endsAt").asString()).toEpochMilli()).isEqualTo(t0 + 4 * 60_000);
            assertThat(a.get("generatorURL").asString())
                    .isEqualTo("http://metrics.example:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1");
            assertThat(a.get("status").get("state").asString()).isEqualTo("active");

            // condition clears one minute later: resolved is sent with endsAt = resolution time (in the past)
            append(storage, series, t0 + 60_000, 1);
            g.eval(t0 + 60_000);
            n.flush();
            assertThat(n.sent()).isEqualTo(2);
            assertThat(alerts("alertname=\"DeliveryTestDown\"").size()).isZero();
        }
    }

    private static void append(MemoryStorage s, Labels l, long t, double v) {
        Appender a = s.appender();
        a.append(0, l, t, v);
        a.commit();
    }
}
