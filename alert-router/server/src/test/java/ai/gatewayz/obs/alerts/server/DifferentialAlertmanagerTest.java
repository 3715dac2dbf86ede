package ai.gatewayz.obs.alerts.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.PeerProcess;
import ai.gatewayz.obs.testkit.Peers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The same alert stream (new alerts, a repeat, an inhibited warning, a silence, a resolution) goes
 * to Debian's Alertmanager 0.25 and to alert-router, each with webhook receivers; the groups and
 * the sequence of notifications (receiver, group key, alerts, firing/resolved) must match.
 */
class DifferentialAlertmanagerTest {
    private static final String CONFIG = """
            route:
              receiver: hook
              group_by: [alertname]
              group_wait: 1s
              group_interval: 4s
              repeat_interval: 1h
              routes:
                - receiver: crit
                  matchers: ['severity="critical"']
                  continue: true
                - receiver: db
                  match: {team: db}
                  group_by: ['...']
            inhibit_rules:
              - source_matchers: ['severity="critical"']
                target_matchers: ['severity="warning"']
                equal: [alertname, instance]
            receivers:
              - name: hook
                webhook_configs: [{url: '%1$s/hook'}]
              - name: crit
                webhook_configs: [{url: '%1$s/crit', send_resolved: false}]
              - name: db
                webhook_configs: [{url: '%1$s/db'}]
            """;

    @TempDir
    Path dir;

    @Test
    void sameNotificationsAsAlertmanager025() throws Exception {
        Peers.binary("prometheus-alertmanager");
        try (WebhookSink amSink = new WebhookSink(); WebhookSink arSink = new WebhookSink();
             PeerProcess am = PeerProcess.alertmanager(CONFIG.formatted(amSink.url("")));
             RunningRouter ar = RunningRouter.start(dir, CONFIG.formatted(arSink.url("")))) {
            String[] targets = {am.url(), ar.url()};
            long t0 = System.currentTimeMillis();
            Instant start = Instant.ofEpochMilli(t0 - 60_000);
            String far = Instant.ofEpochMilli(t0 + 3_600_000).toString();

            post(targets, alert("Disk", "warning", "i1", start, far, ""), alert("Cpu", "critical", "i1", start, far, ""),
                    alert("Cpu", "warning", "i1", start, far, ""), alert("Cpu", "warning", "i2", start, far, ""),
                    alert("Db", "warning", "i1", start, far, ",\"team\":\"db\""));
            sleepUntil(t0 + 2500);
            post(targets, alert("Disk", "warning", "i2", start, far, ""), alert("Cpu", "critical", "i1", start, far, ""));
            for (String t : targets) {
                silence(t, "Disk", "i2");
            }
            sleepUntil(t0 + 6500);
            String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(); // the router keeps milliseconds
            post(targets, alert("Disk", "warning", "i1", start, now, ""), alert("Db", "warning", "i1", start, now, ",\"team\":\"db\""));
            sleepUntil(t0 + 11_000);

            Map<String, List<String>> expected = normalize(amSink.bodies);
            Map<String, List<String>> actual = normalize(arSink.bodies);
            assertThat(amSink.bodies).as("Alertmanager notified firing, changed and resolved groups").hasSizeGreaterThanOrEqualTo(6);
            assertThat(expected.keySet()).as("groups of all three receivers").hasSizeGreaterThanOrEqualTo(4);
            assertThat(actual).isEqualTo(expected);

            assertThat(groups(ar.url())).isEqualTo(groups(am.url()));
        }
    }

    private static String alert(String name, String sev, String inst, Instant start, String ends, String extra) {
        return "{\"labels\":{\"alertname\":\"" + name + "\",\"severity\":\"" + sev + "\",\"instance\":\"" + inst + "\"" + extra
                + "},\"annotations\":{\"summary\":\"" + name + " on " + inst + "\"},\"startsAt\":\"" + start + "\",\"endsAt\":\"" + ends
                + "\",\"generatorURL\":\"http://prometheus:9090/graph\"}";
    }

    private static void post(String[] targets, String... alerts) {
        String body = "[" + String.join(",", alerts) + "]";
        for (String t : targets) {
            int code = RunningRouter.send(HttpRequest.newBuilder(URI.create(t + "/api/v2/alerts"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build()).statusCode();
            assertThat(code).as("POST to %s", t).isEqualTo(200);
        }
    }

    private static void silence(String target, String name, String inst) {
        String body = "{\"matchers\":[{\"name\":\"alertname\",\"value\":\"" + name + "\",\"isRegex\":false},{\"name\":\"instance\",\"value\":\""
                + inst + "\",\"isRegex\":false}],\"startsAt\":\"" + Instant.now() + "\",\"endsAt\":\"" + Instant.now().plusSeconds(3600)
                + "\",\"createdBy\":\"t\",\"comment\":\"c\"}";
        int code = RunningRouter.send(HttpRequest.newBuilder(URI.create(target + "/api/v2/silences"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build()).statusCode();
        assertThat(code).isEqualTo(200);
    }

    private static void sleepUntil(long t) throws InterruptedException {
        long d = t - System.currentTimeMillis();
        if (d > 0) {
            Thread.sleep(d);
        }
    }

    /** Per receiver and group key, the ordered notifications as "status [fp:status:startsAt:endsAt ...]". */
    private static Map<String, List<String>> normalize(List<String> bodies) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String b : bodies) {
            JsonNode n = AlertsApiTest.JSON.readTree(b);
            assertThat(n.get("version").asString()).isEqualTo("4");
            List<String> alerts = new ArrayList<>();
            for (JsonNode a : n.get("alerts")) {
                alerts.add(a.get("fingerprint").asString() + ":" + a.get("status").asString() + ":" + a.get("labels")
                        + ":" + a.get("startsAt").asString() + ":" + a.get("endsAt").asString() + ":" + a.get("annotations"));
            }
            alerts.sort(null);
            String key = n.get("receiver").asString() + " " + n.get("groupKey").asString();
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(n.get("status").asString() + " groupLabels=" + n.get("groupLabels")
                    + " common=" + n.get("commonLabels") + " " + alerts);
        }
        return out;
    }

    private static List<String> groups(String url) {
        JsonNode gs = AlertsApiTest.JSON.readTree(RunningRouter.send(HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts/groups")).build()).body());
        List<String> out = new ArrayList<>();
        for (JsonNode g : gs) {
            List<String> fps = new ArrayList<>();
            for (JsonNode a : g.get("alerts")) {
                fps.add(a.get("fingerprint").asString() + "/" + a.get("status").get("state").asString());
            }
            fps.sort(null);
            out.add(g.get("receiver").get("name").asString() + " " + g.get("labels") + " " + fps);
        }
        out.sort(null);
        return out;
    }
}
