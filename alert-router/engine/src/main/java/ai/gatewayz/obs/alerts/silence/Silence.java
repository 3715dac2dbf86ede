package ai.gatewayz.obs.alerts.silence;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import java.util.List;

/** A silence; times in Unix milliseconds. Immutable (updates create new instances). */
public record Silence(String id, List<SilenceMatcher> matchers, long startsAt, long endsAt, long updatedAt,
                      String createdBy, String comment, List<LabelMatcher> compiled) {

    public Silence(String id, List<SilenceMatcher> matchers, long startsAt, long endsAt, long updatedAt,
                   String createdBy, String comment) {
        this(id, List.copyOf(matchers), startsAt, endsAt, updatedAt, createdBy, comment,
                matchers.stream().map(SilenceMatcher::toLabelMatcher).toList());
    }

    public enum State { PENDING, ACTIVE, EXPIRED }

    public State state(long now) {
        if (now < startsAt) {
            return State.PENDING;
        }
        return now >= endsAt ? State.EXPIRED : State.ACTIVE;
    }

    public boolean mutes(Labels labels) {
        for (LabelMatcher m : compiled) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    Silence withTimes(long starts, long ends, long updated) {
        return new Silence(id, matchers, starts, ends, updated, createdBy, comment, compiled);
    }

    Silence withId(String newId, long starts, long updated) {
        return new Silence(newId, matchers, starts, endsAt, updated, createdBy, comment, compiled);
    }
}
