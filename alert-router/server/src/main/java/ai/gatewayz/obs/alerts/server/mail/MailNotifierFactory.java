package ai.gatewayz.obs.alerts.server.mail;

import ai.gatewayz.obs.alerts.config.EmailConfig;
import ai.gatewayz.obs.alerts.notify.Integration;
import ai.gatewayz.obs.alerts.notify.Notifier;
import ai.gatewayz.obs.alerts.notify.NotifierFactory;
import java.time.Clock;

/** Builds a {@link MailNotifier} per {@code email_configs} entry. Thread-safe. */
public final class MailNotifierFactory implements NotifierFactory {
    private final Clock clock;

    public MailNotifierFactory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Notifier create(Integration integration) {
        return new MailNotifier((EmailConfig) integration.config(), clock);
    }
}
