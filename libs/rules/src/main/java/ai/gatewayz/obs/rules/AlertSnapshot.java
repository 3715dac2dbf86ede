package ai.gatewayz.obs.rules;

import ai.gatewayz.obs.common.Labels;
import java.util.Map;

/** An immutable copy of one alert of an alerting rule, for APIs and tests. Times are Unix ms, 0 = unset. */
public record AlertSnapshot(Labels labels, Map<String, String> annotations, AlertState state, double value,
        long activeAt, long firedAt, long resolvedAt, long lastSentAt, long validUntil, long keepFiringSince) {
}
