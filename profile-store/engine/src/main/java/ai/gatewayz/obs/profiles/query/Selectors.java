package ai.gatewayz.obs.profiles.query;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.profiles.model.ProfileTypeId;
import ai.gatewayz.obs.selector.SelectorParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Label selectors as Pyroscope takes them ({@code {service_name="api", provider=~"open.*"}}), parsed
 * with the suite's one selector parser (libs/selector). Empty text and {@code {}} select everything.
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
            return new ArrayList<>(SelectorParser.parse(selector).matchers());
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
