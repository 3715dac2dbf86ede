package ai.gatewayz.obs.monitoring.alerting;

import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules a page depends on: every alerting rule labelled {@code severity="critical"} (what
 * alert-router routes to the critical receiver) and, transitively, every recording rule whose
 * series their expressions read, each kept in its own group with the group's interval. Nothing
 * outside this closure can change whether a page fires; the rest (warning tiers, day-long
 * baselines) is most of the evaluation cost. Stateless.
 */
final class PageRules {
    static final String SEVERITY = "severity";
    static final String PAGE = "critical";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PageRules() {
    }

    static boolean pages(RuleSpec r) {
        return r.alert() != null && PAGE.equals(r.labels().get(SEVERITY));
    }

    /** The series names an expression may read (every identifier; a superset is harmless). */
    static Set<String> names(String expr) {
        Set<String> out = new HashSet<>();
        Matcher m = NAME.matcher(expr);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** {@code groups} reduced to the page alerts and the recording rules they need, empty groups dropped, order kept. */
    static List<RuleGroupSpec> closure(List<RuleGroupSpec> groups) {
        Map<String, List<RuleSpec>> recorders = new HashMap<>();
        Deque<RuleSpec> todo = new ArrayDeque<>();
        for (RuleGroupSpec g : groups) {
            for (RuleSpec r : g.rules()) {
                if (r.record() != null) {
                    recorders.computeIfAbsent(r.record(), k -> new ArrayList<>()).add(r);
                }
                if (pages(r)) {
                    todo.add(r);
                }
            }
        }
        Set<RuleSpec> needed = new HashSet<>();
        while (!todo.isEmpty()) {
            RuleSpec r = todo.poll();
            if (!needed.add(r)) {
                continue;
            }
            for (String n : names(r.expr())) {
                todo.addAll(recorders.getOrDefault(n, List.of()));
            }
        }
        List<RuleGroupSpec> out = new ArrayList<>();
        for (RuleGroupSpec g : groups) {
            List<RuleSpec> kept = g.rules().stream().filter(needed::contains).toList();
            if (!kept.isEmpty()) {
                out.add(new RuleGroupSpec(g.file(), g.name(), g.intervalMs(), g.queryOffsetMs(), g.limit(), g.labels(), kept, g.line()));
            }
        }
        return out;
    }
}
