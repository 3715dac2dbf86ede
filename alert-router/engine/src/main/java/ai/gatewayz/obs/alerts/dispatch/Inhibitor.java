package ai.gatewayz.obs.alerts.dispatch;

import ai.gatewayz.obs.alerts.config.InhibitRule;
import ai.gatewayz.obs.alerts.model.Alert;
import ai.gatewayz.obs.alerts.model.Matchers;
import ai.gatewayz.obs.common.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies {@code inhibit_rules}: a target alert is muted while a firing source alert with the same
 * values of the {@code equal} labels exists (a missing label equals the empty value). An alert
 * matching both sides of a rule is never inhibited by alerts that also match both. Source alerts
 * are indexed per rule by their equal-label values. Thread-safe.
 */
public final class Inhibitor {
    private final List<InhibitRule> rules;
    private final List<Map<String, Map<Long, Alert>>> index = new ArrayList<>();

    public Inhibitor(List<InhibitRule> rules) {
        this.rules = List.copyOf(rules);
        for (int i = 0; i < rules.size(); i++) {
            index.add(new ConcurrentHashMap<>());
        }
    }

    /** Records an alert (new or updated) as a potential source. */
    public void observe(Alert a) {
        for (int i = 0; i < rules.size(); i++) {
            InhibitRule r = rules.get(i);
            if (Matchers.matchesAll(r.sourceMatchers(), a.labels())) {
                index.get(i).computeIfAbsent(equalKey(r, a.labels()), k -> new ConcurrentHashMap<>()).put(a.fingerprint(), a);
            }
        }
    }

    public void forget(Alert a) {
        for (int i = 0; i < rules.size(); i++) {
            Map<Long, Alert> bucket = index.get(i).get(equalKey(rules.get(i), a.labels()));
            if (bucket != null) {
                bucket.remove(a.fingerprint());
            }
        }
    }

    /** Fingerprint of a firing alert inhibiting {@code target}, or 0 with {@code found=false} semantics via {@link #inhibitedBy}. */
    public List<Long> inhibitedBy(Labels target, long now) {
        for (int i = 0; i < rules.size(); i++) {
            InhibitRule r = rules.get(i);
            if (!Matchers.matchesAll(r.targetMatchers(), target)) {
                continue;
            }
            boolean twoSided = Matchers.matchesAll(r.sourceMatchers(), target);
            Map<Long, Alert> bucket = index.get(i).get(equalKey(r, target));
            if (bucket == null) {
                continue;
            }
            for (Alert src : bucket.values()) {
                if (src.resolvedAt(now)) {
                    continue;
                }
                if (twoSided && Matchers.matchesAll(r.targetMatchers(), src.labels())) {
                    continue;
                }
                return List.of(src.fingerprint());
            }
        }
        return List.of();
    }

    private static String equalKey(InhibitRule r, Labels l) {
        if (r.equal().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String n : r.equal()) {
            sb.append(l.get(n)).append('\u0000');
        }
        return sb.toString();
    }
}
