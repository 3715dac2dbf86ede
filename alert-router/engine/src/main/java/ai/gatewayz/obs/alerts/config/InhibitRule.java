package ai.gatewayz.obs.alerts.config;

import ai.gatewayz.obs.common.LabelMatcher;
import java.util.List;

/** One {@code inhibit_rules} entry, legacy maps already folded into matcher lists. Immutable. */
public record InhibitRule(List<LabelMatcher> sourceMatchers, List<LabelMatcher> targetMatchers, List<String> equal) {
}
