package ai.gatewayz.obs.monitoring.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.monitoring.dashboards.Dashboards.Dashboard;
import ai.gatewayz.obs.monitoring.dashboards.GrafanaDatasources.Datasource;
import ai.gatewayz.obs.monitoring.dashboards.GrafanaQueryRequests.Request;
import ai.gatewayz.obs.monitoring.sim.SimFeed;
import ai.gatewayz.obs.testkit.Golden;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The request building of the Grafana check (e2e's GrafanaProvisioningTest, which needs Docker):
 * golden {@code /api/ds/query} bodies for one panel of each datasource type, the interval table,
 * and every panel of every dashboard turned into one request whose queries are fully substituted
 * and point at provisioned datasources.
 */
class GrafanaQueryRequestsTest {
    static final long FROM = SimFeed.T0.toEpochMilli();
    static final long TO = FROM + Duration.ofHours(1).toMillis();

    static Request panel(String uid, String title) {
        Dashboard d = Dashboards.byUid(uid);
        Map<String, Datasource> byUid = GrafanaDatasources.provisioned().stream().collect(Collectors.toMap(Datasource::uid, x -> x));
        JsonNode p = d.panels().stream().filter(x -> x.path("title").asString("").equals(title)).findFirst().orElseThrow();
        return GrafanaQueryRequests.forPanel(d, p, byUid::get, FROM, TO);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', textBlock = """
            gatewayz-golden-signals     | Inference p95 by provider against its 1d baseline          | prometheus-two-targets
            gatewayz-golden-signals     | Inference calls/s by provider                              | prometheus-rate-interval
            gatewayz-logs               | Log lines by level                                         | loki
            gatewayz-model-usage        | Q4 — Which user: the largest completions (trace-store)     | tempo
            gatewayz-profiles           | CPU flame graph — inference calls ($provider / $model)     | pyroscope
            gatewayz-provider-directory | Provider health now (json-api-proxy)                       | infinity
            """)
    void bodiesAreTheGoldenOnes(String uid, String title, String golden) {
        String actual = GrafanaQueryRequests.pretty(panel(uid, title).body());
        assertThat(actual).isEqualTo(Golden.read("grafana/ds-query-" + golden + ".json", actual));
    }

    @ParameterizedTest(name = "{0} over {1} points, low limit {2} -> {3}")
    @CsvSource(textBlock = """
            PT1H,  1000, PT15S, PT15S
            PT6H,  1000, PT15S, PT30S
            PT6H,  1000, PT0S,  PT30S
            PT24H, 1000, PT15S, PT2M
            PT24H, 100,  PT15S, PT15M
            P7D,   1000, PT15S, PT15M
            PT5M,  1000, PT0S,  PT0.5S
            PT15M, 1000, PT0S,  PT1S
            PT1H,  1000, PT5M,  PT5M
            """)
    void intervalIsTheRangeOverTheBudgetRoundedUpAndNeverBelowTheLowLimit(Duration range, int points, Duration low, Duration expected) {
        assertThat(GrafanaQueryRequests.interval(range, points, low)).isEqualTo(expected);
    }

    @Test
    void everyPanelWithATargetIsOneRequestOfFullySubstitutedQueriesOnProvisionedDatasources() {
        List<Dashboard> all = Dashboards.all();
        List<Request> requests = GrafanaQueryRequests.all(all, FROM, TO);
        long panelsWithTargets = all.stream().flatMap(d -> d.panels().stream()).filter(GrafanaQueryRequestsTest::hasVisibleTarget).count();
        assertThat(requests).hasSize((int) panelsWithTargets).hasSizeGreaterThan(90);
        Map<String, String> types = GrafanaDatasources.provisioned().stream().collect(Collectors.toMap(Datasource::uid, Datasource::type));
        Set<String> typesUsed = new HashSet<>();
        for (Request r : requests) {
            assertThat(r.body().path("from").asString()).isEqualTo(Long.toString(FROM));
            assertThat(r.body().path("to").asString()).isEqualTo(Long.toString(TO));
            Set<String> refIds = new HashSet<>();
            for (JsonNode q : r.body().path("queries")) {
                String where = r.where() + " / " + q.path("refId").asString();
                assertThat(refIds.add(q.path("refId").asString())).as(where + ": refIds unique in a request").isTrue();
                String uid = q.path("datasource").path("uid").asString();
                assertThat(types).as(where).containsKey(uid);
                assertThat(q.path("datasource").path("type").asString()).as(where).isEqualTo(types.get(uid));
                typesUsed.add(types.get(uid));
                assertThat(q.path("intervalMs").asLong()).as(where).isPositive();
                assertThat(q.path("maxDataPoints").asInt()).as(where).isPositive();
                for (String f : GrafanaQueryRequests.INTERPOLATED) {
                    if (q.path(f).isString()) {
                        assertThat(GrafanaMacros.referenced(q.path(f).asString())).as(where + " " + f + " left unsubstituted").isEmpty();
                    }
                }
                if (types.get(uid).equals("prometheus")) {
                    assertThat(q.path("range").asBoolean() || q.path("instant").asBoolean()).as(where + " range or instant").isTrue();
                    assertThat(q.path("expr").asString()).as(where).isNotBlank();
                }
            }
        }
        assertThat(typesUsed).contains("prometheus", "loki", "tempo", "grafana-pyroscope-datasource", "yesoreyeram-infinity-datasource");
    }

    static boolean hasVisibleTarget(JsonNode panel) {
        for (JsonNode t : panel.path("targets")) {
            if (!t.path("hide").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void healthChecksCoverEveryProvisionedDatasource() {
        assertThat(GrafanaDatasources.provisioned().stream().map(d -> GrafanaQueryRequests.healthPath(d.uid())).toList())
                .containsExactly("/api/datasources/uid/grafana_prometheus/health", "/api/datasources/uid/grafana_mimir/health",
                        "/api/datasources/uid/grafana_loki/health", "/api/datasources/uid/grafana_tempo/health",
                        "/api/datasources/uid/grafana_pyroscope/health", "/api/datasources/uid/alertmanager/health",
                        "/api/datasources/uid/grafana_json_api/health");
        assertThat(GrafanaDatasources.byUid("grafana_prometheus").minInterval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aTargetOnADatasourceThatIsNotProvisionedIsRefusedByName() {
        Dashboard d = Dashboards.byUid("gatewayz-golden-signals");
        JsonNode p = d.panels().stream().filter(x -> x.path("targets").size() > 0).findFirst().orElseThrow();
        assertThatThrownBy(() -> GrafanaQueryRequests.forPanel(d, p, uid -> null, FROM, TO))
                .hasMessageStartingWith("datasource not provisioned [uid=grafana_prometheus, panel=");
    }
}
