package ai.gatewayz.obs.selector;

import ai.gatewayz.obs.common.LabelMatcher;
import java.util.List;

/**
 * A parsed selector: the optional metric name written before the braces and every matcher, with
 * the metric name also present as the first matcher {@code __name__="<name>"} (as Prometheus
 * evaluates it). Immutable and thread-safe.
 *
 * @param metricName the name before (or the lone string inside) the braces; null when absent
 * @param matchers the matchers in the order written, the metric-name matcher first
 */
public record Selector(String metricName, List<LabelMatcher> matchers) {
    public Selector {
        matchers = List.copyOf(matchers);
    }

    /** True when no matcher can exclude a series, e.g. {@code {}} or {@code {a=~".*"}}. */
    public boolean selectsEverything() {
        for (LabelMatcher m : matchers) {
            if (!m.matchesEmpty()) {
                return false;
            }
        }
        return true;
    }
}
