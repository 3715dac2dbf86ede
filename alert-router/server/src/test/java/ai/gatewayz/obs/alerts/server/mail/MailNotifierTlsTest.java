package ai.gatewayz.obs.alerts.server.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.alerts.config.ConfigLoader;
import ai.gatewayz.obs.alerts.config.EmailConfig;
import ai.gatewayz.obs.alerts.notify.Notification;
import ai.gatewayz.obs.common.Labels;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SMTP over implicit TLS (SMTPS) with AUTH against GreenMail's SMTPS server on a free port (the
 * port-465 rule that picks implicit TLS in production is covered by {@code SmtpTlsEndToEndTest}):
 * the right credentials deliver, a wrong password is refused by the server, and without
 * {@code insecure_skip_verify} GreenMail's self-signed certificate is rejected.
 */
class MailNotifierTlsTest {
    @RegisterExtension
    static final GreenMailExtension SMTPS = new GreenMailExtension(ServerSetupTest.SMTPS.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.org", "app-password"))
            .withPerMethodLifecycle(true);

    private static EmailConfig config(String password, boolean insecure) {
        String yaml = """
                route: {receiver: mail}
                receivers:
                  - name: mail
                    email_configs:
                      - to: oncall@example.org
                        from: alerts@example.org
                        smarthost: 127.0.0.1:%d
                        auth_username: alerts@example.org
                        auth_password: %s
                        require_tls: true
                        tls_config: {insecure_skip_verify: %s}
                """.formatted(SMTPS.getSmtps().getPort(), password, insecure);
        return ConfigLoader.withSystemEnv().load(yaml).receivers().get("mail").emailConfigs().get(0);
    }

    private static Notification notification() {
        Labels l = Labels.builder().set("alertname", "TlsProbe").set("severity", "critical").build();
        Notification.Item item = new Notification.Item("firing", l, Map.of("summary", "over TLS"), 1_700_000_000_000L, 0,
                "http://prometheus/graph", "0123456789abcdef");
        return new Notification("mail", "firing", List.of(item), l, l, Map.of("summary", "over TLS"), "http://am", "{}:{}", 0);
    }

    @Test
    void implicitTlsWithAuthDelivers() throws Exception {
        new MailNotifier(config("app-password", true), Clock.systemUTC(), true).notify(notification());
        assertThat(SMTPS.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage m = SMTPS.getReceivedMessages()[0];
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("oncall@example.org");
        assertThat(m.getSubject()).contains("[FIRING:1]", "TlsProbe");
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThatThrownBy(() -> new MailNotifier(config("wrong", true), Clock.systemUTC(), true).notify(notification()))
                .hasRootCauseInstanceOf(AuthenticationFailedException.class);
        assertThat(SMTPS.getReceivedMessages()).isEmpty();
    }

    @Test
    void selfSignedCertificateIsRejectedWithoutInsecureSkipVerify() {
        assertThatThrownBy(() -> new MailNotifier(config("app-password", false), Clock.systemUTC(), true).notify(notification()))
                .satisfies(e -> assertThat(chain(e)).anyMatch(t -> t instanceof javax.net.ssl.SSLException
                        || t instanceof MessagingException && String.valueOf(t.getMessage()).contains("SSL")));
        assertThat(SMTPS.getReceivedMessages()).isEmpty();
    }

    private static List<Throwable> chain(Throwable t) {
        List<Throwable> out = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
            out.add(c);
            if (c instanceof MessagingException me && me.getNextException() != null && me.getNextException() != c.getCause()) {
                out.add(me.getNextException());
            }
        }
        return out;
    }
}
