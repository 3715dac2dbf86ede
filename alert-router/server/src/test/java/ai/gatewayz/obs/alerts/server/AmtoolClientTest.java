package ai.gatewayz.obs.alerts.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Debian's amtool 0.25 as a real API client of alert-router (checklist AM-1, AM-5, AM-11). */
class AmtoolClientTest {
    @TempDir
    static Path dir;
    static RunningRouter router;
    static Path amtool;

    @BeforeAll
    static void start() {
        amtool = Peers.binary("amtool");
        router = RunningRouter.start(dir, AlertsApiTest.CONFIG);
    }

    @AfterAll
    static void stop() {
        if (router != null) {
            router.close();
        }
    }

    record Result(int exit, String out, String err) {
    }

    static Result amtool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(amtool.toString(), "--alertmanager.url=" + router.url()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err);
    }

    @Test
    void alertAddQuerySilenceAddQueryExpire() throws Exception {
        Result add = amtool("alert", "add", "alertname=AmT", "severity=critical", "--annotation=summary=from amtool");
        assertThat(add.exit()).as(add.err()).isZero();

        Result q = amtool("alert", "query", "alertname=AmT", "-o", "json");
        assertThat(q.exit()).as(q.err()).isZero();
        JsonNode alerts = AlertsApiTest.JSON.readTree(q.out());
        assertThat(alerts.size()).isEqualTo(1);
        assertThat(alerts.get(0).get("status").get("state").asString()).isEqualTo("active");
        assertThat(alerts.get(0).get("annotations").get("summary").asString()).isEqualTo("from amtool");
        assertThat(alerts.get(0).get("receivers").get(0).get("name").asString()).isEqualTo("critical-hook");

        Result simple = amtool("alert", "query", "alertname=AmT");
        assertThat(simple.out()).contains("AmT").contains("from amtool");

        Result sil = amtool("silence", "add", "alertname=AmT", "--comment=maintenance", "--author=tester", "--duration=1h");
        assertThat(sil.exit()).as(sil.err()).isZero();
        String id = sil.out().trim();
        assertThat(id).matches("[0-9a-f-]{36}");

        assertThat(AlertsApiTest.JSON.readTree(amtool("alert", "query", "alertname=AmT", "-o", "json").out()).size())
                .as("amtool hides silenced alerts by default").isZero();
        JsonNode silenced = AlertsApiTest.JSON.readTree(amtool("alert", "query", "--silenced", "alertname=AmT", "-o", "json").out());
        assertThat(silenced.get(0).get("status").get("state").asString()).isEqualTo("suppressed");
        assertThat(silenced.get(0).get("status").get("silencedBy").get(0).asString()).isEqualTo(id);

        Result sq = amtool("silence", "query", "-q");
        assertThat(sq.exit()).as(sq.err()).isZero();
        assertThat(sq.out()).contains(id);
        Result sqj = amtool("silence", "query", "alertname=AmT", "-o", "json");
        JsonNode sils = AlertsApiTest.JSON.readTree(sqj.out());
        assertThat(sils.size()).isEqualTo(1);
        assertThat(sils.get(0).get("createdBy").asString()).isEqualTo("tester");

        Result exp = amtool("silence", "expire", id);
        assertThat(exp.exit()).as(exp.err()).isZero();
        assertThat(amtool("silence", "query", "-q").out()).doesNotContain(id);
        assertThat(amtool("silence", "query", "--expired", "-q").out()).contains(id);
        JsonNode active = AlertsApiTest.JSON.readTree(amtool("alert", "query", "alertname=AmT", "-o", "json").out());
        assertThat(active.get(0).get("status").get("state").asString()).isEqualTo("active");
        assertThat(amtool("silence", "expire", id).exit()).as("expiring twice succeeds").isZero();

        Result badSilence = amtool("silence", "add", "foo=~.*", "--comment=c");
        assertThat(badSilence.exit()).isNotZero();
        assertThat(badSilence.err()).contains("at least one matcher must not match the empty string");
    }

    @Test
    void configAndClusterShow() throws Exception {
        Result cfg = amtool("config", "show");
        assertThat(cfg.exit()).as(cfg.err()).isZero();
        assertThat(cfg.out()).contains("critical-hook").contains("route:");
        Result cluster = amtool("cluster", "show");
        assertThat(cluster.exit()).as(cluster.err()).isZero();
        assertThat(cluster.out()).contains("disabled");
        Result routes = amtool("config", "routes", "test", "severity=critical");
        assertThat(routes.out().trim()).isEqualTo("critical-hook");
    }
}
