package ai.gatewayz.obs.alerts;

import java.util.List;

/**
 * What became of a post: the texts of alerts rejected as invalid (Alertmanager answers those 400
 * after storing the valid ones) and of new alerts refused because the store is at capacity.
 */
public record PostOutcome(List<String> invalid, List<String> refused) {
    public boolean ok() {
        return invalid.isEmpty() && refused.isEmpty();
    }
}
