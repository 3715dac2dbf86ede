package ai.gatewayz.obs.alerts.server.mail;

import ai.gatewayz.obs.alerts.config.EmailConfig;
import ai.gatewayz.obs.alerts.notify.EmailTemplates;
import ai.gatewayz.obs.alerts.notify.Notification;
import ai.gatewayz.obs.alerts.notify.Notifier;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends a notification as a multipart (text + HTML) email through Spring's {@link JavaMailSenderImpl},
 * with SMTP auth and TLS as configured: port 465 uses implicit TLS, otherwise STARTTLS is required
 * when {@code require_tls} is true (Alertmanager's default). Thread-safe.
 */
public final class MailNotifier implements Notifier {
    private final EmailConfig cfg;
    private final Clock clock;
    private final JavaMailSenderImpl sender;

    public MailNotifier(EmailConfig cfg, Clock clock) {
        this(cfg, clock, cfg.port() == 465);
    }

    /** With {@code implicitTls} chosen by the caller instead of by the port (tests use a free port). */
    MailNotifier(EmailConfig cfg, Clock clock, boolean implicitTls) {
        this.cfg = cfg;
        this.clock = clock;
        this.sender = new JavaMailSenderImpl();
        sender.setHost(cfg.host());
        sender.setPort(cfg.port());
        Properties p = new Properties();
        sender.setProtocol(implicitTls ? "smtps" : "smtp");
        String prefix = implicitTls ? "mail.smtps." : "mail.smtp.";
        p.put(prefix + "connectiontimeout", "10000");
        p.put(prefix + "timeout", "30000");
        p.put(prefix + "writetimeout", "30000");
        if (cfg.hello() != null && !cfg.hello().isEmpty()) {
            p.put(prefix + "localhost", cfg.hello());
        }
        if (!implicitTls && cfg.requireTls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (cfg.insecureSkipVerify()) {
            p.put(prefix + "ssl.trust", "*");
            p.put(prefix + "ssl.checkserveridentity", "false");
        }
        if (cfg.authUsername() != null && !cfg.authUsername().isEmpty()) {
            p.put(prefix + "auth", "true");
            sender.setUsername(cfg.authUsername());
        }
        sender.setJavaMailProperties(p);
    }

    @Override
    public void notify(Notification n) throws Exception {
        if (cfg.authUsername() != null && !cfg.authUsername().isEmpty()) {
            String pass = cfg.authPassword();
            if (pass == null && cfg.authPasswordFile() != null) {
                pass = Files.readString(Path.of(cfg.authPasswordFile())).trim();
            }
            sender.setPassword(pass);
        }
        EmailTemplates.Rendered r = EmailTemplates.render(cfg, n);
        MimeMessage msg = sender.createMimeMessage();
        boolean multipart = r.text() != null && r.html() != null;
        MimeMessageHelper h = new MimeMessageHelper(msg, multipart, "UTF-8");
        h.setFrom(r.headers().get("From"));
        h.setTo(jakarta.mail.internet.InternetAddress.parse(r.headers().get("To")));
        h.setSubject(r.headers().get("Subject"));
        h.setSentDate(new Date(clock.millis()));
        if (multipart) {
            h.setText(r.text(), r.html());
        } else if (r.html() != null) {
            h.setText(r.html(), true);
        } else {
            h.setText(r.text(), false);
        }
        for (Map.Entry<String, String> e : r.headers().entrySet()) {
            if (!e.getKey().equals("From") && !e.getKey().equals("To") && !e.getKey().equals("Subject")) {
                msg.setHeader(e.getKey(), e.getValue());
            }
        }
        sender.send(msg);
    }
}
