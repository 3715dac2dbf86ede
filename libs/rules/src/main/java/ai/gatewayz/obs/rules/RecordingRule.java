package ai.gatewayz.obs.rules;

import ai.gatewayz.obs.common.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A recording rule: every evaluation writes the expression's result under the record name with
 * the rule's labels applied. Fails (and writes nothing) when two results collapse to one label set
 * or the group's limit is exceeded, with Prometheus's messages.
 */
public final class RecordingRule implements Rule {
    private final RuleSpec spec;
    private final Labels labels;
    private volatile RuleStatus status = RuleStatus.NEVER;

    public RecordingRule(RuleSpec spec, Labels labels) {
        this.spec = spec;
        this.labels = labels;
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

    @Override
    public List<VectorSample> eval(long ts, long queryOffsetMs, QueryFunc query, int limit) {
        long at = ts - queryOffsetMs;
        List<VectorSample> res = query.query(spec.expr(), at);
        List<VectorSample> out = new ArrayList<>(res.size());
        Set<Labels> seen = new HashSet<>();
        Labels.Builder b = Labels.builder();
        for (VectorSample s : res) {
            b.reset();
            s.labels().forEach(b::set);
            b.set(Labels.METRIC_NAME, spec.record());
            labels.forEach(b::set);
            Labels l = b.build();
            if (!seen.add(l)) {
                throw new IllegalStateException("vector contains metrics with the same labelset after applying rule labels");
            }
            out.add(new VectorSample(l, at, s.value()));
        }
        if (limit > 0 && out.size() > limit) {
            throw new IllegalStateException("exceeded limit of " + limit + " with " + out.size() + " series");
        }
        return out;
    }
}
