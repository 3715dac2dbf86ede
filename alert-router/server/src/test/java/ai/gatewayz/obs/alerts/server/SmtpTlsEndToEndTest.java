package ai.gatewayz.obs.alerts.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import ai.gatewayz.obs.alerts.AlertRouter;
import ai.gatewayz.obs.testkit.TestClock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Email through SMTPS end to end, configured the way Alertmanager is: a smarthost on port 465
 * means implicit TLS, with SMTP AUTH from the global {@code smtp_auth_*} keys. GreenMail's SMTPS
 * server (self-signed certificate, hence {@code insecure_skip_verify}) listens on 127.0.0.1:465;
 * a receiver with the right password gets the mail, one with a wrong password is refused by the
 * server and gets nothing. Skipped where port 465 cannot be bound (not root, or in use).
 */
class SmtpTlsEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void port465UsesImplicitTlsWithAuth() throws Exception {
        Assumptions.assumeTrue(canBind465(), "cannot bind 127.0.0.1:465 (needs root and a free port)");
        GreenMail smtps = new GreenMail(new ServerSetup(465, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.org", "app-password"));
        smtps.start();
        String config = """
                global:
                  smtp_smarthost: 127.0.0.1:465
                  smtp_from: alerts@example.org
                  smtp_auth_username: alerts@example.org
                  smtp_auth_password: app-password
                route:
                  receiver: mail
                  group_by: [alertname]
                  group_wait: 0s
                  routes:
                    - receiver: wrong-password
                      matchers: ['team="other"']
                receivers:
                  - name: mail
                    email_configs: [{to: oncall@example.org, tls_config: {insecure_skip_verify: true}}]
                  - name: wrong-password
                    email_configs: [{to: other@example.org, auth_password: not-it, tls_config: {insecure_skip_verify: true}}]
                """;
        TestClock clock = TestClock.at(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        RunningRouter router = RunningRouter.startVirtual(dir, config, clock);
        try {
            String now = clock.instant().toString();
            String ends = clock.instant().plusSeconds(600).toString();
            String body = "[{\"labels\":{\"alertname\":\"CertExpiry\",\"team\":\"ops\"},\"startsAt\":\"" + now + "\",\"endsAt\":\"" + ends + "\"},"
                    + "{\"labels\":{\"alertname\":\"QueueFull\",\"team\":\"other\"},\"startsAt\":\"" + now + "\",\"endsAt\":\"" + ends + "\"}]";
            assertThat(router.post("/api/v2/alerts", body).statusCode()).isEqualTo(200);
            // group_wait is 0s: one runDue() on this thread plans both groups and starts both sends
            router.runDue();
            assertThat(smtps.waitForIncomingEmail(15_000, 1)).isTrue();
            // the refused receiver retries with real sleeps; its attempts must end in failure, not a mail
            long deadline = System.nanoTime() + 30_000_000_000L;
            AlertRouter engine = router.bean(AlertRouter.class);
            while (engine.dispatcher().stats().failed().get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(engine.dispatcher().stats().failed().get()).as("the wrong password was refused").isEqualTo(1);
            router.close(); // waits for every send it started: the mailbox below is final
            MimeMessage[] msgs = smtps.getReceivedMessages();
            assertThat(msgs).hasSize(1);
            assertThat(msgs[0].getAllRecipients()[0].toString()).isEqualTo("oncall@example.org");
            assertThat(msgs[0].getSubject()).contains("[FIRING:1]", "CertExpiry");
        } finally {
            router.close();
            smtps.stop();
        }
    }

    private static boolean canBind465() {
        try (ServerSocket s = new ServerSocket(465, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
