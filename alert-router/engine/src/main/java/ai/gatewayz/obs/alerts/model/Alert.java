package ai.gatewayz.obs.alerts.model;

import ai.gatewayz.obs.common.Labels;
import java.util.Map;

/**
 * One alert as the router stores it. Times are Unix milliseconds. {@code timeout} marks an alert
 * whose {@code endsAt} was filled in from {@code resolve_timeout} because the sender gave none.
 * Immutable; a re-post produces a new instance via {@link #merge}.
 */
public record Alert(Labels labels, Map<String, String> annotations, long startsAt, long endsAt, long updatedAt,
                    String generatorURL, boolean timeout) {

    public long fingerprint() {
        return Fingerprints.of(labels);
    }

    public boolean resolvedAt(long now) {
        return endsAt <= now;
    }

    /**
     * Alertmanager's merge of a stored alert with a re-posted one: the younger update wins, the
     * earliest start is kept, and an explicit (non-timeout) end time that is later is kept.
     */
    public Alert merge(Alert younger, long now) {
        if (younger.updatedAt < updatedAt) {
            return younger.merge(this, now);
        }
        long starts = Math.min(startsAt, younger.startsAt);
        long ends = younger.endsAt;
        boolean timeoutFlag = younger.timeout;
        if (younger.resolvedAt(now)) {
            if (resolvedAt(now) && endsAt > younger.endsAt) {
                ends = endsAt;
            }
        } else if (endsAt > younger.endsAt && !timeout) {
            ends = endsAt;
            timeoutFlag = false;
        }
        return new Alert(younger.labels, younger.annotations, starts, ends, younger.updatedAt, younger.generatorURL, timeoutFlag);
    }

    /** True when a re-post should be merged into {@code old} rather than replace it (their times overlap). */
    public boolean overlaps(Alert old) {
        return (endsAt > old.startsAt && endsAt < old.endsAt) || (startsAt >= old.startsAt && startsAt <= old.endsAt);
    }
}
