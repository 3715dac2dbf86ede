package ai.gatewayz.obs.alerts.notify;

import ai.gatewayz.obs.common.Labels;
import java.util.List;
import java.util.Map;

/**
 * The data of one notification, as Alertmanager's webhook (version 4) and templates see it.
 * {@code status} is {@code firing} when any alert fires, else {@code resolved}. Immutable.
 */
public record Notification(String receiver, String status, List<Item> alerts, Labels groupLabels, Labels commonLabels,
                           Map<String, String> commonAnnotations, String externalURL, String groupKey,
                           int truncatedAlerts) {

    /** One alert in a notification; {@code endsAt} is 0 for firing alerts (not exposed, as in Alertmanager). */
    public record Item(String status, Labels labels, Map<String, String> annotations, long startsAt, long endsAt,
                       String generatorURL, String fingerprint) {
        public boolean firing() {
            return "firing".equals(status);
        }
    }

    public List<Item> firing() {
        return alerts.stream().filter(Item::firing).toList();
    }

    public List<Item> resolved() {
        return alerts.stream().filter(a -> !a.firing()).toList();
    }
}
