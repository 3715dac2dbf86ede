package ai.gatewayz.obs.alerts.config;

import ai.gatewayz.obs.alerts.model.Matchers;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * A node of the routing tree with inherited options resolved. Immutable after loading; safe to
 * share between threads. {@link #key()} is Alertmanager's route key used in group keys.
 */
public final class Route {
    private final Route parent;
    private final String receiver;
    private final List<String> groupBy;
    private final boolean groupByAll;
    private final long groupWaitMs;
    private final long groupIntervalMs;
    private final long repeatIntervalMs;
    private final List<LabelMatcher> matchers;
    private final boolean cont;
    private final List<String> muteTimeIntervals;
    private final List<String> activeTimeIntervals;
    private final List<Route> routes = new ArrayList<>();
    private final String key;
    private final int index;

    Route(Route parent, int index, String receiver, List<String> groupBy, boolean groupByAll, long groupWaitMs,
          long groupIntervalMs, long repeatIntervalMs, List<LabelMatcher> matchers, boolean cont,
          List<String> muteTimeIntervals, List<String> activeTimeIntervals) {
        this.parent = parent;
        this.index = index;
        this.receiver = receiver;
        this.groupBy = List.copyOf(groupBy);
        this.groupByAll = groupByAll;
        this.groupWaitMs = groupWaitMs;
        this.groupIntervalMs = groupIntervalMs;
        this.repeatIntervalMs = repeatIntervalMs;
        this.matchers = List.copyOf(matchers);
        this.cont = cont;
        this.muteTimeIntervals = List.copyOf(muteTimeIntervals);
        this.activeTimeIntervals = List.copyOf(activeTimeIntervals);
        this.key = (parent == null ? "" : parent.key + "/") + Matchers.render(this.matchers);
    }

    void addChild(Route r) {
        routes.add(r);
    }

    /** The routes that handle an alert with these labels, depth-first, honouring {@code continue}. */
    public List<Route> match(Labels labels) {
        List<Route> out = new ArrayList<>(2);
        if (Matchers.matchesAll(matchers, labels)) {
            collect(labels, out);
        }
        return out;
    }

    private void collect(Labels labels, List<Route> out) {
        int before = out.size();
        for (Route child : routes) {
            if (!Matchers.matchesAll(child.matchers, labels)) {
                continue;
            }
            int n = out.size();
            child.collect(labels, out);
            if (out.size() > n && !child.cont) {
                break;
            }
        }
        if (out.size() == before) {
            out.add(this);
        }
    }

    /** The group labels of an alert on this route: the group_by labels it has, or all with '...'. */
    public Labels groupLabels(Labels labels) {
        if (groupByAll) {
            return labels;
        }
        Labels.Builder b = Labels.builder();
        for (String n : groupBy) {
            b.set(n, labels.get(n));
        }
        return b.build();
    }

    public Route parent() {
        return parent;
    }

    public String receiver() {
        return receiver;
    }

    public List<String> groupBy() {
        return groupBy;
    }

    public boolean groupByAll() {
        return groupByAll;
    }

    public long groupWaitMs() {
        return groupWaitMs;
    }

    public long groupIntervalMs() {
        return groupIntervalMs;
    }

    public long repeatIntervalMs() {
        return repeatIntervalMs;
    }

    public List<LabelMatcher> matchers() {
        return matchers;
    }

    public boolean isContinue() {
        return cont;
    }

    public List<String> muteTimeIntervals() {
        return muteTimeIntervals;
    }

    public List<String> activeTimeIntervals() {
        return activeTimeIntervals;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public String key() {
        return key;
    }

    /** A stable id of the node in the tree: the key plus the sibling index path. */
    public String id() {
        return (parent == null ? "" : parent.id() + "/") + Matchers.render(matchers) + "/" + index;
    }

    @Override
    public String toString() {
        return "Route[" + key + " -> " + receiver + "]";
    }
}
