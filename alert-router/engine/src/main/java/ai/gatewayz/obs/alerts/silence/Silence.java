package ai.gatewayz.obs.alerts.silence;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import java.util.List;

/** A silence; times in Unix milliseconds. Immutable (updates create new instances). */
public record Silence(String id, List<SilenceMatcher> matchers, long startsAt, long endsAt, long updatedAt,
                      String createdBy, String comment, List<LabelMatcher> compiled) {

    public Silence(String id, List<SilenceMatcher> matchers, long startsAt, long endsAt, long updatedAt,
                   String createdBy, String comment) {
        this(id, List.copyOf(matchers), startsAt, endsAt, updatedAt, createdBy, comment, compile(matchers));
    }

    private static List<LabelMatcher> compile(List<SilenceMatcher> ms) {
        List<LabelMatcher> out = new java.util.ArrayList<>(ms.size());
        for (int i = 0; i < ms.size(); i++) {
            try {
                out.add(ms.get(i).toLabelMatcher());
            } catch (ai.gatewayz.obs.common.SuiteException e) {
                throw ai.gatewayz.obs.alerts.AlertErrors.invalidSilence("invalid label matcher " + i + ": " + e.getMessage());
            }
        }
        return List.copyOf(out);
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
