package ai.gatewayz.obs.profiles.query;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.profiles.model.ProfileTypeId;
import ai.gatewayz.obs.selector.Selector;
import ai.gatewayz.obs.selector.SelectorParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Label selectors as Pyroscope takes them ({@code {service_name="api", provider=~"open.*"}}), parsed
 * with the suite's one selector parser (libs/selector). Empty text and {@code {}} select everything;
 * a five-part profile type id before the braces ({@code process_cpu:cpu:nanoseconds:cpu:nanoseconds{}},
 * what Grafana's template variables send) selects that profile type.
 */
public final class Selectors {
    private Selectors() {
    }

    public static List<LabelMatcher> parse(String selector) {
        String s = selector == null ? "" : selector.trim();
        if (s.isEmpty()) {
            return new ArrayList<>();
        }
        try {
            Selector parsed = SelectorParser.parse(selector);
            List<LabelMatcher> out = new ArrayList<>(parsed.matchers());
            if (parsed.metricName() != null && parsed.metricName().split(":", -1).length == 5) {
                // Grafana's variable queries send "<profile type id>{...}": the name selects the type, not __name__
                ProfileTypeId.parse(parsed.metricName());
                out.set(0, LabelMatcher.eq(ProfileTypeId.LABEL, parsed.metricName()));
            }
            return out;
        } catch (SuiteException e) {
            throw new SuiteException(ErrorKind.BAD_DATA, "invalid label selector: " + e.getMessage() + " [selector=" + selector + "]");
        }
    }

    /** The matchers of a selector plus the profile type's {@code __profile_type__} matcher. */
    public static List<LabelMatcher> withType(String selector, String profileTypeId) {
        List<LabelMatcher> m = parse(selector);
        if (profileTypeId != null && !profileTypeId.isEmpty()) {
            ProfileTypeId.parse(profileTypeId);
            m.add(LabelMatcher.eq(ProfileTypeId.LABEL, profileTypeId));
        }
        return m;
    }
}
