package ai.gatewayz.obs.alertmanager;

import ai.gatewayz.obs.common.Labels;
import java.util.Map;

/**
 * An alert as sent to Alertmanager ({@code POST /api/v2/alerts}): labels, annotations,
 * startsAt/endsAt (Unix ms, 0 = absent) and the generator URL. Immutable.
 */
public record PostableAlert(Labels labels, Map<String, String> annotations, long startsAtMs, long endsAtMs,
        String generatorURL) {

    public PostableAlert withLabels(Labels l) {
        return new PostableAlert(l, annotations, startsAtMs, endsAtMs, generatorURL);
    }
}
