package ai.gatewayz.obs.alerts.silence;

import ai.gatewayz.obs.common.LabelMatcher;

/** A matcher as the API carries it: {@code isEqual=false} negates. Immutable. */
public record SilenceMatcher(String name, String value, boolean isRegex, boolean isEqual) {
    public LabelMatcher toLabelMatcher() {
        LabelMatcher.Type t = isRegex ? (isEqual ? LabelMatcher.Type.RE : LabelMatcher.Type.NRE)
                : (isEqual ? LabelMatcher.Type.EQ : LabelMatcher.Type.NEQ);
        return LabelMatcher.of(t, name, value);
    }
}
