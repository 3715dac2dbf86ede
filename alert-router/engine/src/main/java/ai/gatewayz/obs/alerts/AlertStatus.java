package ai.gatewayz.obs.alerts;

import ai.gatewayz.obs.alerts.model.Alert;
import java.util.List;

/** An alert with its computed status, as {@code GET /api/v2/alerts} shows it. Immutable. */
public record AlertStatus(Alert alert, String fingerprint, List<String> receivers, String state,
                          List<String> silencedBy, List<String> inhibitedBy) {
}
