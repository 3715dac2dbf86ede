package ai.gatewayz.obs.alerts.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Alertmanager API v2 over real HTTP: alerts, groups, silences, status, receivers, probes,
 * /api/v1 410, bad input, reload, persistence and the Grafana datasource health check.
 */
class AlertsApiTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String CONFIG = """
            global:
              resolve_timeout: 5m
            route:
              receiver: ops
              group_by: [alertname]
              group_wait: 1h
              routes:
                - receiver: critical-hook
                  matchers: ['severity="critical"']
            inhibit_rules:
              - source_matchers: ['severity="critical"']
                target_matchers: ['severity="warning"']
                equal: [alertname, instance]
            receivers:
              - name: ops
                webhook_configs: [{url: 'http://127.0.0.1:9/ops'}]
              - name: critical-hook
                webhook_configs: [{url: 'http://127.0.0.1:9/crit'}]
            """;

    @TempDir
    static Path dir;
    static RunningRouter router;

    @BeforeAll
    static void start() {
        router = RunningRouter.start(dir, CONFIG);
    }

    @AfterAll
    static void stop() {
        router.close();
    }

    static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String alertJson(String name, String severity, String instance, String extra) {
        return "{\"labels\":{\"alertname\":\"" + name + "\",\"severity\":\"" + severity + "\",\"instance\":\"" + instance
                + "\"},\"annotations\":{\"summary\":\"s\"},\"generatorURL\":\"http://prom/graph\"" + extra + "}";
    }

    @Test
    void postListFilterAndInhibit() {
        String ends = Instant.now().plusSeconds(600).toString();
        HttpResponse<String> r = router.post("/api/v2/alerts", "[" + alertJson("Api1", "critical", "i1", ",\"endsAt\":\"" + ends + "\"")
                + "," + alertJson("Api1", "warning", "i1", "") + "," + alertJson("Api1", "warning", "i2", "") + "]");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode all = json(router.get("/api/v2/alerts?filter=" + q("alertname=\"Api1\"")));
        assertThat(all.size()).isEqualTo(3);
        for (JsonNode a : all) {
            assertThat(a.get("fingerprint").asString()).matches("[0-9a-f]{16}");
            for (String f : List.of("startsAt", "endsAt", "updatedAt")) {
                OffsetDateTime.parse(a.get(f).asString());
            }
            String sev = a.get("labels").get("severity").asString();
            String inst = a.get("labels").get("instance").asString();
            if (sev.equals("warning") && inst.equals("i1")) {
                assertThat(a.get("status").get("state").asString()).isEqualTo("suppressed");
                assertThat(a.get("status").get("inhibitedBy").size()).isEqualTo(1);
            } else {
                assertThat(a.get("status").get("state").asString()).isEqualTo("active");
            }
            if (sev.equals("critical")) {
                assertThat(a.get("receivers").get(0).get("name").asString()).isEqualTo("critical-hook");
            } else {
                // AM-3: no endsAt -> now + resolve_timeout
                long ends5m = OffsetDateTime.parse(a.get("endsAt").asString()).toInstant().toEpochMilli();
                assertThat(ends5m - System.currentTimeMillis()).isBetween(240_000L, 301_000L);
            }
        }
        assertThat(json(router.get("/api/v2/alerts?inhibited=false&filter=" + q("alertname=\"Api1\""))).size()).isEqualTo(2);
        assertThat(json(router.get("/api/v2/alerts?filter=" + q("severity=~\"crit.*\"") + "&filter=" + q("alertname=\"Api1\""))).size()).isEqualTo(1);
        assertThat(json(router.get("/api/v2/alerts?filter=" + q("severity=~\"crit\"") + "&filter=" + q("alertname=\"Api1\""))).size())
                .as("regex filters are anchored").isZero();
        assertThat(json(router.get("/api/v2/alerts?receiver=critical-.*&filter=" + q("alertname=\"Api1\""))).size()).isEqualTo(1);
        assertThat(json(router.get("/api/v2/alerts?receiver=critical&filter=" + q("alertname=\"Api1\""))).size()).isZero();

        JsonNode groups = json(router.get("/api/v2/alerts/groups?filter=" + q("alertname=\"Api1\"")));
        assertThat(groups.size()).isEqualTo(2);
        for (JsonNode g : groups) {
            assertThat(g.get("labels").get("alertname").asString()).isEqualTo("Api1");
            String recv = g.get("receiver").get("name").asString();
            assertThat(g.get("alerts").size()).isEqualTo(recv.equals("ops") ? 2 : 1);
        }
    }

    @Test
    void badAlertsAre400AndValidOnesAreKept() {
        HttpResponse<String> r = router.post("/api/v2/alerts", "[{\"labels\":{}}," + alertJson("Keep", "info", "x", "")
                + ",{\"labels\":{\"alertname\":\"Bad\"},\"startsAt\":\"2026-01-02T00:00:00Z\",\"endsAt\":\"2026-01-01T00:00:00Z\"}]");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).asString()).contains("at least one label pair required").contains("start time must be before end time");
        assertThat(json(router.get("/api/v2/alerts?filter=" + q("alertname=\"Keep\""))).size()).isEqualTo(1);

        assertThat(router.post("/api/v2/alerts", "{not json").statusCode()).isEqualTo(400);
        assertThat(router.post("/api/v2/alerts", "{\"labels\":{\"a\":\"b\"}}").statusCode()).isEqualTo(400);
        HttpResponse<String> noLabels = router.post("/api/v2/alerts", "[{\"annotations\":{}}]");
        assertThat(noLabels.statusCode()).isEqualTo(400);
        assertThat(json(noLabels).asString()).contains("labels in body is required");
        HttpResponse<String> badName = router.post("/api/v2/alerts", "[{\"labels\":{\"a-b\":\"c\"}}]");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(json(badName).asString()).contains("invalid name \"a-b\"");
        HttpResponse<String> badTime = router.post("/api/v2/alerts", "[{\"labels\":{\"a\":\"c\"},\"startsAt\":\"yesterday\"}]");
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(json(badTime).asString()).contains("startsAt").contains("yesterday");

        HttpResponse<String> badFilter = router.get("/api/v2/alerts?filter=" + q("foo=~\"(\""));
        assertThat(badFilter.statusCode()).isEqualTo(400);
        assertThat(json(badFilter).asString()).contains("bad matcher format");
        assertThat(router.get("/api/v2/alerts?active=maybe").statusCode()).isEqualTo(400);
        assertThat(router.get("/api/v2/alerts?receiver=" + q("(")).statusCode()).isEqualTo(400);
    }

    @Test
    void resolvedAlertsAreNotListed() {
        String past = Instant.now().minusSeconds(60).toString();
        router.post("/api/v2/alerts", "[{\"labels\":{\"alertname\":\"Gone\"},\"startsAt\":\"" + Instant.now().minusSeconds(600) + "\",\"endsAt\":\"" + past + "\"}]");
        assertThat(json(router.get("/api/v2/alerts?filter=" + q("alertname=\"Gone\""))).size()).isZero();
    }

    @Test
    void silenceRoundTrip() {
        router.post("/api/v2/alerts", "[" + alertJson("Sil", "info", "x", "") + "]");
        String now = Instant.now().toString();
        String later = Instant.now().plusSeconds(3600).toString();
        HttpResponse<String> created = router.post("/api/v2/silences", "{\"matchers\":[{\"name\":\"alertname\",\"value\":\"Sil\",\"isRegex\":false}],"
                + "\"startsAt\":\"" + now + "\",\"endsAt\":\"" + later + "\",\"createdBy\":\"t\",\"comment\":\"c\"}");
        assertThat(created.statusCode()).isEqualTo(200);
        String id = json(created).get("silenceID").asString();
        JsonNode alert = json(router.get("/api/v2/alerts?filter=" + q("alertname=\"Sil\""))).get(0);
        assertThat(alert.get("status").get("state").asString()).isEqualTo("suppressed");
        assertThat(alert.get("status").get("silencedBy").get(0).asString()).isEqualTo(id);
        assertThat(json(router.get("/api/v2/alerts?silenced=false&filter=" + q("alertname=\"Sil\""))).size()).isZero();

        JsonNode s = json(router.get("/api/v2/silence/" + id));
        assertThat(s.get("status").get("state").asString()).isEqualTo("active");
        assertThat(s.get("matchers").get(0).get("isEqual").asBoolean()).isTrue();
        JsonNode list = json(router.get("/api/v2/silences?filter=" + q("alertname=\"Sil\"")));
        assertThat(list.size()).isEqualTo(1);

        // update with same matchers and new end keeps the id
        String keep = json(router.post("/api/v2/silences", "{\"id\":\"" + id + "\",\"matchers\":[{\"name\":\"alertname\",\"value\":\"Sil\",\"isRegex\":false,\"isEqual\":true}],"
                + "\"startsAt\":\"" + s.get("startsAt").asString() + "\",\"endsAt\":\"" + Instant.now().plusSeconds(7200) + "\",\"createdBy\":\"t\",\"comment\":\"c2\"}")).get("silenceID").asString();
        assertThat(keep).isEqualTo(id);
        // changed matchers -> new id, old expired
        String replaced = json(router.post("/api/v2/silences", "{\"id\":\"" + id + "\",\"matchers\":[{\"name\":\"alertname\",\"value\":\"Sil2\",\"isRegex\":false}],"
                + "\"startsAt\":\"" + now + "\",\"endsAt\":\"" + later + "\",\"createdBy\":\"t\",\"comment\":\"c\"}")).get("silenceID").asString();
        assertThat(replaced).isNotEqualTo(id);
        assertThat(json(router.get("/api/v2/silence/" + id)).get("status").get("state").asString()).isEqualTo("expired");

        assertThat(router.delete("/api/v2/silence/" + replaced).statusCode()).isEqualTo(200);
        assertThat(router.delete("/api/v2/silence/" + replaced).statusCode()).as("idempotent").isEqualTo(200);
        assertThat(json(router.get("/api/v2/silence/" + replaced)).get("status").get("state").asString()).isEqualTo("expired");
        assertThat(json(router.get("/api/v2/alerts?filter=" + q("alertname=\"Sil\""))).get(0).get("status").get("state").asString())
                .isEqualTo("active");
    }

    @Test
    void silenceBadInput() {
        String now = Instant.now().toString();
        String later = Instant.now().plusSeconds(3600).toString();
        HttpResponse<String> empty = router.post("/api/v2/silences", "{\"matchers\":[{\"name\":\"foo\",\"value\":\".*\",\"isRegex\":true}],"
                + "\"startsAt\":\"" + now + "\",\"endsAt\":\"" + later + "\",\"createdBy\":\"t\",\"comment\":\"c\"}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty).asString()).contains("at least one matcher must not match the empty string");
        HttpResponse<String> badRe = router.post("/api/v2/silences", "{\"matchers\":[{\"name\":\"foo\",\"value\":\"(\",\"isRegex\":true}],"
                + "\"startsAt\":\"" + now + "\",\"endsAt\":\"" + later + "\",\"createdBy\":\"t\",\"comment\":\"c\"}");
        assertThat(badRe.statusCode()).isEqualTo(400);
        assertThat(json(badRe).asString()).contains("invalid label matcher 0");
        HttpResponse<String> noComment = router.post("/api/v2/silences", "{\"matchers\":[{\"name\":\"foo\",\"value\":\"x\",\"isRegex\":false}],"
                + "\"startsAt\":\"" + now + "\",\"endsAt\":\"" + later + "\",\"createdBy\":\"t\"}");
        assertThat(noComment.statusCode()).isEqualTo(400);
        assertThat(json(noComment).asString()).contains("comment in body is required");
        String unknown = "4b1c4b43-2c8b-4d0e-9c1f-0a0b0c0d0e0f";
        assertThat(router.get("/api/v2/silence/" + unknown).statusCode()).isEqualTo(404);
        assertThat(json(router.get("/api/v2/silence/" + unknown)).asString()).contains(unknown);
        assertThat(router.delete("/api/v2/silence/" + unknown).statusCode()).isEqualTo(404);
        assertThat(router.get("/api/v2/silence/not-a-uuid").statusCode()).isEqualTo(400);
        HttpResponse<String> upd = router.post("/api/v2/silences", "{\"id\":\"" + unknown + "\",\"matchers\":[{\"name\":\"foo\",\"value\":\"x\",\"isRegex\":false}],"
                + "\"startsAt\":\"" + now + "\",\"endsAt\":\"" + later + "\",\"createdBy\":\"t\",\"comment\":\"c\"}");
        assertThat(upd.statusCode()).isEqualTo(404);
    }

    @Test
    void statusReceiversProbesAndV1() {
        HttpResponse<String> st = router.get("/api/v2/status");
        assertThat(st.statusCode()).isEqualTo(200);
        JsonNode s = json(st);
        assertThat(s.get("cluster").get("status").asString()).isEqualTo("disabled");
        assertThat(s.get("cluster").get("peers").size()).isZero();
        OffsetDateTime.parse(s.get("uptime").asString());
        for (String f : List.of("version", "revision", "branch", "buildUser", "buildDate", "goVersion")) {
            assertThat(s.get("versionInfo").get(f).asString()).isNotEmpty();
        }
        Map<String, Object> yaml = new org.yaml.snakeyaml.Yaml().load(s.get("config").get("original").asString());
        assertThat(yaml).containsKeys("route", "receivers");
        assertThat(json(router.get("/api/v2/receivers")).findValuesAsString("name")).containsExactly("ops", "critical-hook");
        assertThat(router.get("/-/healthy").statusCode()).isEqualTo(200);
        assertThat(router.get("/-/ready").statusCode()).isEqualTo(200);
        assertThat(router.head("/-/healthy").statusCode()).isEqualTo(200);
        assertThat(router.head("/-/ready").statusCode()).isEqualTo(200);
        assertThat(router.get("/api/v1/alerts").statusCode()).isEqualTo(410);
        assertThat(router.post("/api/v1/alerts", "[]").statusCode()).isEqualTo(410);
    }

    /** Grafana's Alertmanager datasource "Save & test" (implementation prometheus), grafana-datasources.md 5.1. */
    @Test
    void grafanaHealthCheckSequence() {
        HttpResponse<String> buildinfo = router.get("/api/v1/status/buildinfo");
        assertThat(buildinfo.body()).doesNotContain("Grafana Mimir");
        assertThat(router.get("/alertmanager/api/v2/status").statusCode()).isNotEqualTo(200);
        HttpResponse<String> st = router.get("/api/v2/status");
        assertThat(st.statusCode()).isEqualTo(200);
        OffsetDateTime.parse(json(st).get("uptime").asString());
        // alerting UI list calls
        assertThat(router.get("/api/v2/alerts?silenced=false&inhibited=false&active=true&unprocessed=true").statusCode()).isEqualTo(200);
        assertThat(router.get("/api/v2/alerts/groups?silenced=false").statusCode()).isEqualTo(200);
        assertThat(router.get("/api/v2/silences").statusCode()).isEqualTo(200);
    }

    @Test
    void reloadKeepsLastGoodConfig() throws Exception {
        String original = Files.readString(router.configFile);
        try {
            Files.writeString(router.configFile, original.replace("receiver: ops\n  group_by", "receiver: nope\n  group_by"));
            HttpResponse<String> bad = router.post("/-/reload", "");
            assertThat(bad.statusCode()).isEqualTo(500);
            assertThat(bad.body()).contains("undefined receiver \"nope\" used in route");
            assertThat(json(router.get("/api/v2/status")).get("config").get("original").asString()).contains("receiver: ops");
            Files.writeString(router.configFile, original + "  - name: extra\n");
            assertThat(router.post("/-/reload", "").statusCode()).isEqualTo(200);
            assertThat(json(router.get("/api/v2/receivers")).findValuesAsString("name")).contains("extra");
        } finally {
            Files.writeString(router.configFile, original);
            router.post("/-/reload", "");
        }
    }
}
