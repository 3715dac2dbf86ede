package ai.gatewayz.obs.alerts.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.Peers;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Email end to end through a real SMTP server (GreenMail) with the seed's routing tree: a critical
 * alert reaches the critical address with the default subject and bodies; a warning inhibited by
 * that critical sends nothing; a restart in the middle of a group's wait neither loses nor
 * duplicates an email.
 */
class EmailEndToEndTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.org", "app-password"))
            .withPerMethodLifecycle(true);

    @TempDir
    Path dir;

    /** The bundled seed config with the SMTP server of this test and a short root group_wait. */
    private String seedConfig(String rootGroupWait) throws Exception {
        String seed = Files.readString(Peers.sourceRoot().resolve("alert-router/server/src/main/resources/alertmanager.yml"));
        return seed.replace("${SMTP_HOST:-smtp.example.org:465}", "127.0.0.1:" + SMTP.getSmtp().getPort())
                .replace("${SMTP_PASSWORD:-change-me}", "app-password")
                .replace("smtp_require_tls: true", "smtp_require_tls: false")
                .replaceFirst("group_wait: 30s", "group_wait: " + rootGroupWait);
    }

    private static String alert(String name, String severity, String instance) {
        return "{\"labels\":{\"alertname\":\"" + name + "\",\"severity\":\"" + severity + "\",\"instance\":\"" + instance
                + "\",\"category\":\"slo\"},\"annotations\":{\"summary\":\"Error rate above 5%\",\"description\":\"5xx ratio is 7.5%\","
                + "\"runbook_url\":\"https://runbooks.example.org/high-error-rate\"},\"generatorURL\":\"http://prometheus:9090/graph?g0.expr=x\","
                + "\"startsAt\":\"" + Instant.now() + "\",\"endsAt\":\"" + Instant.now().plusSeconds(600) + "\"}";
    }

    @Test
    void criticalReachesCriticalAddressAndInhibitedWarningSendsNothing() throws Exception {
        try (RunningRouter router = RunningRouter.start(dir, seedConfig("2s"))) {
            String body = "[" + alert("HighErrorRate", "critical", "gw-1") + "," + alert("HighErrorRate", "warning", "gw-1") + "]";
            assertThat(router.post("/api/v2/alerts", body).statusCode()).isEqualTo(200);
            assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
            Thread.sleep(4000); // the warning's group_wait (2s) has passed: it must not have produced a mail
            MimeMessage[] msgs = SMTP.getReceivedMessages();
            assertThat(msgs).hasSize(1);
            MimeMessage m = msgs[0];
            assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("oncall@example.org");
            assertThat(m.getFrom()[0].toString()).isEqualTo("alerts@example.org");
            assertThat(m.getSubject()).isEqualTo("[FIRING:1] HighErrorRate slo critical (gw-1)");
            String text = collect(m, "text/plain");
            String html = collect(m, "text/html");
            for (String part : new String[] {text, html}) {
                assertThat(part).contains("HighErrorRate", "critical", "Error rate above 5%", "5xx ratio is 7.5%",
                        "https://runbooks.example.org/high-error-rate", "http://prometheus:9090/graph?g0.expr=x", "gw-1");
            }
            assertThat(html).contains("<table");
        }
    }

    @Test
    void restartDuringGroupWaitLosesNothingAndDuplicatesNothing() throws Exception {
        RunningRouter router = RunningRouter.start(dir, seedConfig("10s"));
        try {
            long t0 = System.currentTimeMillis();
            assertThat(router.post("/api/v2/alerts", "[" + alert("DiskFull", "warning", "db-1") + "]").statusCode()).isEqualTo(200);
            router = router.restart();
            org.junit.jupiter.api.Assumptions.assumeTrue(System.currentTimeMillis() - t0 < 9000,
                    "machine too slow: the restart did not finish inside group_wait");
            assertThat(SMTP.getReceivedMessages()).as("restart happened inside group_wait").isEmpty();
            assertThat(SMTP.waitForIncomingEmail(20_000, 1)).isTrue();
            assertThat(System.currentTimeMillis() - t0).as("sent after group_wait, not before").isGreaterThanOrEqualTo(9_900);
            MimeMessage[] msgs = SMTP.getReceivedMessages();
            assertThat(msgs).hasSize(1);
            assertThat(msgs[0].getAllRecipients()[0].toString()).isEqualTo("ops@example.org");
            router = router.restart();
            Thread.sleep(Duration.ofSeconds(3));
            assertThat(SMTP.getReceivedMessages()).as("no duplicate after a second restart").hasSize(1);
        } finally {
            router.close();
        }
    }

    private static String collect(Part p, String type) throws Exception {
        if (p.isMimeType(type)) {
            return String.valueOf(p.getContent());
        }
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart b = mp.getBodyPart(i);
                sb.append(collect(b, type));
            }
            return sb.toString();
        }
        return "";
    }
}
