package ai.gatewayz.obs.rules;

import ai.gatewayz.obs.alertmanager.PostableAlert;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.gotemplate.GoTemplate;
import ai.gatewayz.obs.gotemplate.prometheus.PromTemplates;
import ai.gatewayz.obs.gotemplate.prometheus.TemplateQuery;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alerting rule with Prometheus's state machine: each result element becomes an alert
 * (labels templated), pending until it has been active for {@code for}, then firing; when it
 * disappears it is kept firing for {@code keep_firing_for}, then resolved and still reported as
 * resolved for the resolved-retention period. Writes {@code ALERTS} and {@code ALERTS_FOR_STATE}
 * once restored. All state is guarded by {@code this}.
 */
public final class AlertingRule implements Rule {
    public static final String ALERTS = "ALERTS";
    public static final String ALERTS_FOR_STATE = "ALERTS_FOR_STATE";

    private final RuleSpec spec;
    private final Labels labels;
    private final Map<String, String> annotations;
    /** Parsed label and annotation templates by their text (null for plain text). */
    private final Map<String, GoTemplate> templates = new HashMap<>();
    private final RulesOptions options;
    private final Map<Labels, Alert> active = new LinkedHashMap<>();
    private boolean restored;
    private volatile RuleStatus status = RuleStatus.NEVER;

    public AlertingRule(RuleSpec spec, Labels labels, RulesOptions options, boolean restored) {
        this.spec = spec;
        this.labels = labels;
        this.annotations = spec.annotations();
        this.options = options;
        this.restored = restored;
        for (int i = 0; i < labels.size(); i++) {
            parseOnce(labels.value(i));
        }
        annotations.values().forEach(this::parseOnce);
    }

    private void parseOnce(String text) {
        if (text.contains("{{") && !templates.containsKey(text)) {
            try {
                templates.put(text, PromTemplates.parse("__alert_" + spec.alert(), text));
            } catch (RuntimeException e) {
                templates.put(text, null); // expanded (and reported) per evaluation like Prometheus
            }
        }
    }

    private String expand(String text, Labels sampleLabels, double value, QueryFunc queryFunc, long at) {
        TemplateQuery query = queryFunc == null ? null : queryFunc.asTemplateQuery();
        GoTemplate t = templates.get(text);
        String name = "__alert_" + spec.alert();
        if (t == null) {
            return PromTemplates.expand(name, text, sampleLabels, value, options.externalLabels(), options.externalURL(),
                    query, at);
        }
        return PromTemplates.expand(t, name, sampleLabels, value, options.externalLabels(), options.externalURL(), query, at);
    }

    @Override
    public RuleSpec spec() {
        return spec;
    }

    @Override
    public Labels labels() {
        return labels;
    }

    @Override
    public RuleStatus status() {
        return status;
    }

    void setStatus(RuleStatus s) {
        status = s;
    }

    public long holdDurationMs() {
        return spec.forMs();
    }

    public synchronized boolean restored() {
        return restored;
    }

    synchronized void setRestored(boolean r) {
        restored = r;
    }

    @Override
    public synchronized List<VectorSample> eval(long ts, long queryOffsetMs, QueryFunc query, int limit) {
        long at = ts - queryOffsetMs;
        List<VectorSample> res = query.query(spec.expr(), at);
        Map<Labels, Alert> fresh = new LinkedHashMap<>();
        Labels.Builder b = Labels.builder();
        for (VectorSample s : res) {
            Labels sampleLabels = s.labels();
            b.reset();
            sampleLabels.forEach(b::set);
            b.del(Labels.METRIC_NAME);
            for (int i = 0; i < labels.size(); i++) {
                b.set(labels.name(i), expand(labels.value(i), sampleLabels, s.value(), query, at));
            }
            b.set("alertname", spec.alert());
            Labels l = b.build();
            Map<String, String> ann = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : annotations.entrySet()) {
                ann.put(e.getKey(), expand(e.getValue(), sampleLabels, s.value(), query, at));
            }
            if (fresh.containsKey(l)) {
                throw new IllegalStateException("vector contains metrics with the same labelset after applying alert labels");
            }
            fresh.put(l, new Alert(l, ann, AlertState.PENDING, s.value(), ts));
        }
        for (Map.Entry<Labels, Alert> e : fresh.entrySet()) {
            Alert cur = active.get(e.getKey());
            if (cur != null && cur.state != AlertState.INACTIVE) {
                cur.value = e.getValue().value;
                cur.annotations = e.getValue().annotations;
                continue;
            }
            active.put(e.getKey(), e.getValue());
        }
        List<VectorSample> out = new ArrayList<>();
        int activePending = 0;
        for (Iterator<Map.Entry<Labels, Alert>> it = active.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Labels, Alert> e = it.next();
            Alert a = e.getValue();
            if (!fresh.containsKey(e.getKey())) {
                boolean keepFiring = false;
                if (a.state == AlertState.FIRING && spec.keepFiringForMs() > 0) {
                    if (a.keepFiringSince == 0) {
                        a.keepFiringSince = ts;
                    }
                    if (ts - a.keepFiringSince < spec.keepFiringForMs()) {
                        keepFiring = true;
                    }
                }
                if (a.state == AlertState.PENDING
                        || (a.resolvedAt != 0 && ts - a.resolvedAt > options.resolvedRetentionMs())) {
                    it.remove();
                }
                if (a.state != AlertState.INACTIVE && !keepFiring) {
                    a.state = AlertState.INACTIVE;
                    a.resolvedAt = ts;
                }
                if (!keepFiring) {
                    continue;
                }
            } else {
                a.keepFiringSince = 0;
            }
            activePending++;
            if (a.state == AlertState.PENDING && ts - a.activeAt >= spec.forMs()) {
                a.state = AlertState.FIRING;
                a.firedAt = ts;
            }
            if (restored) {
                out.add(new VectorSample(alertsLabels(a.labels, a.state), at, 1));
                out.add(new VectorSample(forStateLabels(a.labels), at, Math.floorDiv(a.activeAt, 1000)));
            }
        }
        if (limit > 0 && activePending > limit) {
            active.clear();
            throw new IllegalStateException("exceeded limit of " + limit + " with " + activePending + " alerts");
        }
        return out;
    }

    static Labels alertsLabels(Labels alert, AlertState state) {
        return alert.toBuilder().set(Labels.METRIC_NAME, ALERTS).set("alertstate", state.wireName()).build();
    }

    static Labels forStateLabels(Labels alert) {
        return alert.toBuilder().set(Labels.METRIC_NAME, ALERTS_FOR_STATE).build();
    }

    /** Alerts to notify about now (Prometheus's sendAlerts): marks them sent and sets their validity. */
    synchronized List<PostableAlert> alertsToSend(long ts, long intervalMs) {
        List<PostableAlert> out = new ArrayList<>();
        String generatorURL = options.externalURL() + "/graph?g0.expr="
                + URLEncoder.encode(spec.expr(), StandardCharsets.UTF_8) + "&g0.tab=1";
        for (Alert a : active.values()) {
            if (!a.needsSending(ts, options.resendDelayMs())) {
                continue;
            }
            a.lastSentAt = ts;
            a.everSent = true;
            long delta = Math.max(options.resendDelayMs(), intervalMs);
            a.validUntil = ts + 4 * delta;
            long endsAt = a.resolvedAt != 0 ? a.resolvedAt : a.validUntil;
            out.add(new PostableAlert(a.labels, Map.copyOf(a.annotations), a.firedAt, endsAt, generatorURL));
        }
        return out;
    }

    /** Current alerts (pending, firing and resolved-but-retained), sorted by labels. */
    public synchronized List<AlertSnapshot> alerts() {
        List<AlertSnapshot> out = new ArrayList<>();
        for (Alert a : active.values()) {
            out.add(a.snapshot());
        }
        out.sort(Comparator.comparing(AlertSnapshot::labels));
        return out;
    }

    /** The most severe state among the rule's alerts. */
    public synchronized AlertState state() {
        AlertState s = AlertState.INACTIVE;
        for (Alert a : active.values()) {
            if (a.state.ordinal() > s.ordinal()) {
                s = a.state;
            }
        }
        return s;
    }

    /** Takes over the alerts of the same rule from before a reload. */
    synchronized void copyStateFrom(AlertingRule old) {
        synchronized (old) {
            active.putAll(old.active);
            restored = old.restored;
        }
    }

    /** Active alert label sets and activeAt times, for restoring for-state. */
    synchronized Map<Labels, Long> activeAtByLabels() {
        Map<Labels, Long> m = new HashMap<>();
        active.forEach((l, a) -> m.put(l, a.activeAt));
        return m;
    }

    synchronized void restoreActiveAt(Labels l, long activeAt) {
        Alert a = active.get(l);
        if (a != null) {
            a.activeAt = activeAt;
        }
    }
}
