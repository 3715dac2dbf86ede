package ai.gatewayz.obs.rules;

import java.util.List;
import java.util.Map;

/**
 * One rule group as written in a rule file, after defaults: {@code intervalMs} is the group's
 * interval or the global evaluation interval, {@code queryOffsetMs} likewise, {@code limit} 0 means
 * unlimited. {@code labels} are added to every rule of the group (rule labels win). Immutable.
 */
public record RuleGroupSpec(String file, String name, long intervalMs, long queryOffsetMs, int limit,
        Map<String, String> labels, List<RuleSpec> rules, int line) {

    /** Groups are identified by file and name, as in Prometheus. */
    public String key() {
        return file + ";" + name;
    }
}
