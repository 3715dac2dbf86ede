package ai.gatewayz.obs.traces.search;

import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import ai.gatewayz.obs.traces.storage.ScanPlan;
import ai.gatewayz.obs.traces.storage.TraceQuerier;
import ai.gatewayz.obs.traces.storage.TraceVisitor;
import ai.gatewayz.obs.traces.traceql.SpansetMatch;
import ai.gatewayz.obs.traces.traceql.TraceqlQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Runs a search over a {@link TraceQuerier}: every trace in the time range that the query's
 * {@link ScanPlan} does not rule out is evaluated on the columns the query reads; results are the
 * newest {@code limit} matching traces (by start time), read whole, spans capped at spss per
 * spanset. Once {@code limit} matches are held, a storage that reads newest first may skip parts
 * whose traces all start earlier than the oldest of them. Stateless.
 */
public final class TraceSearch {
    private TraceSearch() {
    }

    public record Result(List<TraceSummary> traces, long inspectedTraces, long inspectedSpans) {
    }

    public static Result search(TraceQuerier querier, String tenant, SearchRequest req) {
        TraceqlQuery q = req.query() == null ? null : TraceqlQuery.parse(req.query().isBlank() ? "{}" : req.query());
        ScanPlan plan = q == null ? ScanPlan.FULL : q.scanPlan();
        List<TraceSummary> found = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        long[] inspected = {0, 0};
        // the starts of the newest `limit` matches so far: once full, older parts of the storage cannot change the answer
        PriorityQueue<Long> newest = new PriorityQueue<>();
        querier.scan(tenant, req.startNanos(), req.endNanos(), plan, new TraceVisitor() {
            @Override
            public boolean visit(TraceId id, List<Span> spans) {
                inspected[0]++;
                inspected[1] += spans.size();
                List<SpansetMatch> sets = q != null ? q.match(spans) : legacy(spans, req);
                if (sets.isEmpty()) {
                    return true;
                }
                long start = Long.MAX_VALUE;
                for (Span s : spans) {
                    start = Math.min(start, s.startNanos());
                }
                if (plan.whole()) {
                    found.add(summary(spans, sets, req.spansPerSpanset()));
                } else {
                    candidates.add(new Candidate(id, start));
                }
                newest.add(start);
                if (newest.size() > req.limit()) {
                    newest.poll();
                }
                return true;
            }

            @Override
            public boolean wantsTracesStartingBy(long newestStartNanos) {
                return req.limit() <= 0 || newest.size() < req.limit() || newest.peek() <= newestStartNanos;
            }
        });
        if (!candidates.isEmpty()) {
            // The scan decoded only the columns the query reads: read the newest matches whole.
            candidates.sort(Comparator.comparingLong(Candidate::start).reversed().thenComparing(Candidate::id));
            int i = 0;
            while (found.size() < req.limit() && i < candidates.size()) {
                // a batch as large as what is still missing (a re-read may no longer match: late spans)
                List<TraceId> batch = new ArrayList<>();
                for (int k = i; k < Math.min(candidates.size(), i + req.limit() - found.size()); k++) {
                    batch.add(candidates.get(k).id());
                }
                i += batch.size();
                Map<TraceId, List<Span>> whole = querier.traces(tenant, batch, req.startNanos(), req.endNanos());
                for (TraceId id : batch) {
                    List<Span> spans = whole.get(id);
                    List<SpansetMatch> sets = spans == null ? List.of() : q.match(spans);
                    if (!sets.isEmpty()) {
                        found.add(summary(spans, sets, req.spansPerSpanset()));
                    }
                }
            }
        }
        found.sort(Comparator.comparingLong(TraceSummary::startNanos).reversed().thenComparing(TraceSummary::traceId));
        List<TraceSummary> top = found.size() > req.limit() ? found.subList(0, req.limit()) : found;
        return new Result(List.copyOf(top), inspected[0], inspected[1]);
    }

    private record Candidate(TraceId id, long start) {
    }

    private static List<SpansetMatch> legacy(List<Span> spans, SearchRequest req) {
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (Span s : spans) {
            start = Math.min(start, s.startNanos());
            end = Math.max(end, s.endNanos());
        }
        long d = end - start;
        if ((req.minDurationNanos() > 0 && d < req.minDurationNanos()) || (req.maxDurationNanos() > 0 && d > req.maxDurationNanos())) {
            return List.of();
        }
        List<Span> matched = new ArrayList<>();
        List<List<Attr>> attrs = new ArrayList<>();
        for (Span s : spans) {
            if (req.tags().entrySet().stream().allMatch(e -> tagMatches(s, e.getKey(), e.getValue()))) {
                matched.add(s);
                attrs.add(List.of());
            }
        }
        return matched.isEmpty() ? List.of() : List.of(new SpansetMatch(matched, attrs, matched.size()));
    }

    private static boolean tagMatches(Span s, String key, String value) {
        if (key.equals("name")) {
            return s.name().equals(value);
        }
        if (key.equals("status.code")) {
            return Integer.toString(s.statusCode()).equals(value) || statusName(s.statusCode()).equals(value);
        }
        AttrValue v = Attr.find(s.attributes(), key);
        if (v == null) {
            v = Attr.find(s.resource().attributes(), key);
        }
        return v != null && v.asText().equals(value);
    }

    private static String statusName(int c) {
        return c == 1 ? "ok" : c == 2 ? "error" : "unset";
    }

    private static TraceSummary summary(List<Span> spans, List<SpansetMatch> sets, int spss) {
        Span root = null;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        Map<String, int[]> stats = new LinkedHashMap<>();
        for (Span s : spans) {
            if (s.isRoot() && (root == null || s.startNanos() < root.startNanos())) {
                root = s;
            }
            start = Math.min(start, s.startNanos());
            end = Math.max(end, s.endNanos());
            int[] st = stats.computeIfAbsent(s.resource().serviceName(), k -> new int[2]);
            st[0]++;
            if (s.statusCode() == Span.STATUS_ERROR) {
                st[1]++;
            }
        }
        List<SpansetMatch> capped = new ArrayList<>(sets.size());
        for (SpansetMatch m : sets) {
            int n = Math.min(spss, m.spans().size());
            capped.add(new SpansetMatch(m.spans().subList(0, n), m.attributes().subList(0, n), m.matched()));
        }
        // Tempo reports "<root span not yet received>" when the root is missing
        String rootService = root == null ? "<root span not yet received>" : root.resource().serviceName();
        String rootName = root == null ? "" : root.name();
        return new TraceSummary(spans.getFirst().traceId(), rootService, rootName, start, end - start, capped, stats);
    }
}
