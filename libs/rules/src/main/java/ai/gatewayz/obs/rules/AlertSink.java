package ai.gatewayz.obs.rules;

import ai.gatewayz.obs.alertmanager.PostableAlert;
import java.util.List;

/**
 * Where alerting rules hand the alerts that need sending (the notifier). {@code send} must not
 * block on the network: implementations queue. Thread-safe.
 */
@FunctionalInterface
public interface AlertSink {
    void send(List<PostableAlert> alerts);

    AlertSink DISCARD = alerts -> { };
}
