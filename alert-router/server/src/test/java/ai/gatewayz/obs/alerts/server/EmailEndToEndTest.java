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
import java.time.temporal.ChronoUnit;
import ai.gatewayz.obs.testkit.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Email end to end through a real SMTP server (GreenMail) with the seed's routing tree: a critical
 * alert reaches the critical address with the default subject and bodies; a warning inhibited by
 * that critical sends nothing; a restart in the middle of a group's wait neither loses nor
 * duplicates an email. Timers run in virtual time: the test advances a {@link TestClock} and runs
 * the dispatcher's due work itself, so nothing depends on how fast the machine is.
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

    private static String alert(String name, String severity, String instance, Instant now) {
        return "{\"labels\":{\"alertname\":\"" + name + "\",\"severity\":\"" + severity + "\",\"instance\":\"" + instance
                + "\",\"category\":\"slo\"},\"annotations\":{\"summary\":\"Error rate above 5%\",\"description\":\"5xx ratio is 7.5%\","
                + "\"runbook_url\":\"https://runbooks.example.org/high-error-rate\"},\"generatorURL\":\"http://prometheus:9090/graph?g0.expr=x\","
                + "\"startsAt\":\"" + now + "\",\"endsAt\":\"" + now.plusSeconds(600) + "\"}";
    }

    /**
     * In virtual time: once the clock is past both group_waits, one runDue() on this thread has
     * decided every group (the warning's one muted); close() then waits for the sends it started,
     * so the mailbox holds everything that was ever going to be sent.
     */
    @Test
    void criticalReachesCriticalAddressAndInhibitedWarningSendsNothing() throws Exception {
        TestClock clock = TestClock.at(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        RunningRouter router = RunningRouter.startVirtual(dir, seedConfig("2s"), clock);
        try {
            String body = "[" + alert("HighErrorRate", "critical", "gw-1", clock.instant()) + ","
                    + alert("HighErrorRate", "warning", "gw-1", clock.instant()) + "]";
            assertThat(router.post("/api/v2/alerts", body).statusCode()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(11)); // the critical route waits 10s at most, the warning 2s
            router.runDue();
            assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
        } finally {
            router.close();
        }
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

    /**
     * The restart happens inside group_wait by construction (the virtual clock stands still while
     * the router restarts), so no machine is too slow for it; after the second restart a whole
     * group_interval of virtual time passes and close() waits for any send it could have started.
     */
    @Test
    void restartDuringGroupWaitLosesNothingAndDuplicatesNothing() throws Exception {
        TestClock clock = TestClock.at(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        RunningRouter router = RunningRouter.startVirtual(dir, seedConfig("10s"), clock);
        try {
            assertThat(router.post("/api/v2/alerts", "[" + alert("DiskFull", "warning", "db-1", clock.instant()) + "]").statusCode())
                    .isEqualTo(200);
            clock.advance(Duration.ofSeconds(5));
            router = router.restart();
            router.runDue();
            assertThat(SMTP.getReceivedMessages()).as("inside group_wait nothing is due").isEmpty();
            clock.advance(Duration.ofSeconds(5));
            router.runDue();
            assertThat(SMTP.waitForIncomingEmail(20_000, 1)).isTrue();
            MimeMessage[] msgs = SMTP.getReceivedMessages();
            assertThat(msgs).hasSize(1);
            assertThat(msgs[0].getAllRecipients()[0].toString()).isEqualTo("ops@example.org");
            router = router.restart();
            for (int i = 0; i < 4; i++) {
                clock.advance(Duration.ofSeconds(30));
                router.runDue();
            }
        } finally {
            router.close();
        }
        assertThat(SMTP.getReceivedMessages()).as("no duplicate after a second restart").hasSize(1);
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
