package ai.gatewayz.obs.alerts.dispatch;

import ai.gatewayz.obs.alerts.config.Route;
import ai.gatewayz.obs.alerts.model.Alert;
import ai.gatewayz.obs.common.Labels;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alerts of one route that share the values of its {@code group_by} labels, with the group's
 * timer state. Guarded by the owning {@link Dispatcher}'s lock.
 */
final class AggregationGroup {
    final Route route;
    final Labels groupLabels;
    final String groupKey;
    final String mapKey;
    final Map<Long, Alert> alerts = new LinkedHashMap<>();
    long nextFlush;
    boolean hasFlushed;
    boolean inFlight;

    AggregationGroup(Route route, Labels groupLabels, long now, String mapKey) {
        this.mapKey = mapKey;
        this.route = route;
        this.groupLabels = groupLabels;
        this.groupKey = route.key() + ":" + groupLabels;
        this.nextFlush = now + route.groupWaitMs();
    }

    /** Adds or replaces an alert; an alert older than group_wait makes a not-yet-flushed group due now. */
    void insert(Alert a, long now, boolean recovering) {
        alerts.put(a.fingerprint(), a);
        if (!hasFlushed) {
            long due = a.startsAt() + route.groupWaitMs();
            if (recovering) {
                nextFlush = Math.min(nextFlush, Math.max(now, due));
            } else if (due < now) {
                nextFlush = now;
            }
        }
    }
}
