package ai.gatewayz.obs.alerts;

import java.util.Map;

/** An alert as POSTed to {@code /api/v2/alerts}; absent times are null. Immutable. */
public record PostableAlert(Map<String, String> labels, Map<String, String> annotations, Long startsAt, Long endsAt,
                            String generatorURL) {
}
