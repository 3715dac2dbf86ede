package ai.gatewayz.obs.profiles.server.connect;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.profiles.model.ProfileIds;
import ai.gatewayz.obs.profiles.model.ProfileTypeId;
import ai.gatewayz.obs.profiles.query.FlameGraph;
import ai.gatewayz.obs.profiles.query.FunctionTable;
import ai.gatewayz.obs.profiles.query.Heatmap;
import ai.gatewayz.obs.profiles.query.PprofMerger;
import ai.gatewayz.obs.profiles.query.ProfileQueries;
import ai.gatewayz.obs.profiles.query.SampleFilter;
import ai.gatewayz.obs.profiles.query.Sandwich;
import ai.gatewayz.obs.profiles.query.Selectors;
import ai.gatewayz.obs.profiles.query.SeriesPoints;
import ai.gatewayz.obs.profiles.query.StackTree;
import ai.gatewayz.obs.profiles.storage.ProfileQuerier;
import ai.gatewayz.obs.profiles.storage.QueryScope;
import ai.gatewayz.obs.proto.pyroscope.QuerierV1;
import ai.gatewayz.obs.proto.pyroscope.TypesV1;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The methods of {@code querier.v1.QuerierService} on one tenant's querier (grafana-datasources.md
 * §4.3, drilldown-apps.md §3). Times are Unix ms; a request without a range covers everything up
 * to an hour from now. Stateless apart from the clock; thread-safe.
 */
final class QuerierService {
    static final long DEFAULT_MAX_NODES = 8192;
    private final Clock clock;

    QuerierService(Clock clock) {
        this.clock = clock;
    }

    private long[] range(long start, long end) {
        long now = clock.millis();
        long e = end == 0 ? now + Duration.ofHours(1).toMillis() : end;
        long s = start == 0 && end == 0 ? 0 : start;
        if (e < s) {
            throw new SuiteException(ErrorKind.BAD_DATA, "end must not be before start [start=" + start + ", end=" + end + "]");
        }
        return new long[] {s, e};
    }

    private static List<List<LabelMatcher>> matcherSets(List<String> selectors) {
        List<List<LabelMatcher>> out = new ArrayList<>();
        for (String s : selectors) {
            out.add(Selectors.parse(s));
        }
        if (out.isEmpty()) {
            out.add(List.of());
        }
        return out;
    }

    QuerierV1.ProfileTypesResponse profileTypes(ProfileQuerier q, QuerierV1.ProfileTypesRequest r) {
        long[] t = range(r.getStart(), r.getEnd());
        QuerierV1.ProfileTypesResponse.Builder b = QuerierV1.ProfileTypesResponse.newBuilder();
        for (ProfileTypeId id : ProfileQueries.profileTypes(q, t[0], t[1])) {
            b.addProfileTypes(TypesV1.ProfileType.newBuilder().setID(id.id()).setName(id.name()).setSampleType(id.sampleType())
                    .setSampleUnit(id.sampleUnit()).setPeriodType(id.periodType()).setPeriodUnit(id.periodUnit()));
        }
        return b.build();
    }

    TypesV1.LabelNamesResponse labelNames(ProfileQuerier q, TypesV1.LabelNamesRequest r) {
        long[] t = range(r.getStart(), r.getEnd());
        TreeSet<String> names = new TreeSet<>();
        for (List<LabelMatcher> m : matcherSets(r.getMatchersList())) {
            names.addAll(q.labelNames(m, t[0], t[1]));
        }
        return TypesV1.LabelNamesResponse.newBuilder().addAllNames(names).build();
    }

    TypesV1.LabelValuesResponse labelValues(ProfileQuerier q, TypesV1.LabelValuesRequest r) {
        if (r.getName().isEmpty()) {
            throw new SuiteException(ErrorKind.BAD_DATA, "label name is required [name=]");
        }
        long[] t = range(r.getStart(), r.getEnd());
        TreeSet<String> values = new TreeSet<>();
        for (List<LabelMatcher> m : matcherSets(r.getMatchersList())) {
            values.addAll(q.labelValues(r.getName(), m, t[0], t[1]));
        }
        return TypesV1.LabelValuesResponse.newBuilder().addAllNames(values).build();
    }

    QuerierV1.SeriesResponse series(ProfileQuerier q, QuerierV1.SeriesRequest r) {
        long[] t = range(r.getStart(), r.getEnd());
        Set<String> keep = r.getLabelNamesCount() == 0 ? null : new HashSet<>(r.getLabelNamesList());
        TreeSet<Labels> out = new TreeSet<>();
        for (List<LabelMatcher> m : matcherSets(r.getMatchersList())) {
            for (Labels l : q.series(m, t[0], t[1])) {
                if (keep == null) {
                    out.add(l);
                } else {
                    Labels.Builder b = Labels.builder();
                    l.forEach((n, v) -> {
                        if (keep.contains(n)) {
                            b.set(n, v);
                        }
                    });
                    out.add(b.build());
                }
            }
        }
        QuerierV1.SeriesResponse.Builder b = QuerierV1.SeriesResponse.newBuilder();
        for (Labels l : out) {
            b.addLabelsSet(TypesV1.Labels.newBuilder().addAllLabels(pairs(l)));
        }
        return b.build();
    }

    static List<TypesV1.LabelPair> pairs(Labels l) {
        List<TypesV1.LabelPair> out = new ArrayList<>();
        l.forEach((n, v) -> out.add(TypesV1.LabelPair.newBuilder().setName(n).setValue(v).build()));
        return out;
    }

    TypesV1.GetProfileStatsResponse stats(ProfileQuerier q) {
        long[] b = q.timeBounds();
        if (b == null) {
            return TypesV1.GetProfileStatsResponse.newBuilder().setDataIngested(false).build();
        }
        return TypesV1.GetProfileStatsResponse.newBuilder().setDataIngested(true).setOldestProfileTime(b[0])
                .setNewestProfileTime(b[1]).build();
    }

    static QuerierV1.FlameGraph toProto(FlameGraph g) {
        QuerierV1.FlameGraph.Builder b = QuerierV1.FlameGraph.newBuilder().addAllNames(g.names()).setTotal(g.total())
                .setMaxSelf(g.maxSelf());
        for (long[] level : g.levels()) {
            QuerierV1.Level.Builder lb = QuerierV1.Level.newBuilder();
            for (long v : level) {
                lb.addValues(v);
            }
            b.addLevels(lb);
        }
        return b.build();
    }

    private static long maxNodes(boolean has, long value) {
        return has && value > 0 ? value : DEFAULT_MAX_NODES;
    }

    private static List<String> callSite(boolean has, TypesV1.StackTraceSelector s) {
        if (!has) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (TypesV1.Location l : s.getCallSiteList()) {
            out.add(l.getName());
        }
        return out;
    }

    /**
     * The flame graph; with {@code PROFILE_FORMAT_FUNCTIONS} the function table (rows cut at
     * {@code max_nodes}, totals from the whole profile); with {@code PROFILE_FORMAT_SANDWICH} the
     * sandwich of {@code sandwich_function} (each half cut at {@code max_nodes}). Span, profile-id
     * and call-site selectors restrict the samples; a trace-id selector is answered 501 (see
     * {@link #noTraceIds}).
     */
    QuerierV1.SelectMergeStacktracesResponse mergeStacktraces(ProfileQuerier q, QuerierV1.SelectMergeStacktracesRequest r) {
        long[] t = range(r.getStart(), r.getEnd());
        List<LabelMatcher> m = Selectors.withType(r.getLabelSelector(), r.getProfileTypeID());
        noTraceIds(r.getTraceIdSelectorCount());
        SampleFilter filter = new SampleFilter(r.getSpanSelectorCount() == 0 ? null : spanIds(r.getSpanSelectorList()),
                profileIds(r.getProfileIdSelectorList()), callSite(r.hasStackTraceSelector(), r.getStackTraceSelector()));
        QuerierV1.SelectMergeStacktracesResponse.Builder b = QuerierV1.SelectMergeStacktracesResponse.newBuilder();
        switch (r.getFormat()) {
            case PROFILE_FORMAT_FUNCTIONS -> {
                b.setFunctions(toProto(ProfileQueries.functions(q, m, t[0], t[1], rowLimit(r.hasMaxNodes(), r.getMaxNodes()), filter)));
                return b.build();
            }
            case PROFILE_FORMAT_SANDWICH -> {
                if (!r.hasSandwichFunction() || r.getSandwichFunction().isEmpty()) {
                    throw new SuiteException(ErrorKind.BAD_DATA, "sandwich format needs a function [sandwich_function=]");
                }
                b.setSandwich(toProto(ProfileQueries.sandwich(q, m, t[0], t[1], r.getSandwichFunction(),
                        rowLimit(r.hasMaxNodes(), r.getMaxNodes()), filter)));
                return b.build();
            }
            default -> {
                FlameGraph g = ProfileQueries.mergeStacktraces(q, m, t[0], t[1], maxNodes(r.hasMaxNodes(), r.getMaxNodes()), filter);
                if (g.total() > 0) {
                    b.setFlamegraph(toProto(g));
                }
                return b.build();
            }
        }
    }

    /**
     * Trace ids are not kept per sample (the pyroscope-java agent's OpenTelemetry integration
     * labels samples with span ids only, and neither Grafana nor Profiles Drilldown sends a
     * trace-id selector), so a request that filters by trace id is refused rather than answered
     * unfiltered.
     */
    private static void noTraceIds(int count) {
        if (count > 0) {
            throw new SuiteException(ErrorKind.NOT_IMPLEMENTED,
                    "trace id selector not implemented by profile-store, use span_selector [trace_id_selector_count=" + count + "]");
        }
    }

    private static Set<String> profileIds(List<String> ids) {
        if (ids.isEmpty()) {
            return null;
        }
        Set<String> out = new HashSet<>();
        for (String id : ids) {
            out.add(ProfileIds.canonical(id));
        }
        return out;
    }

    static QuerierV1.Sandwich toProto(Sandwich s) {
        return QuerierV1.Sandwich.newBuilder().addAllNames(s.names()).setCallers(toProto(s.callers())).setCallees(toProto(s.callees()))
                .setTotal(s.total()).setSelf(s.self()).build();
    }

    private static QuerierV1.SandwichNode toProto(Sandwich.Node n) {
        QuerierV1.SandwichNode.Builder b = QuerierV1.SandwichNode.newBuilder().setNameIndex(n.nameIndex()).setTotal(n.total())
                .setSelf(n.self()).setTruncated(n.truncated());
        for (Sandwich.Node c : n.children()) {
            b.addChildren(toProto(c));
        }
        return b.build();
    }

    /**
     * {@code SelectHeatmap}: span points ({@code HEATMAP_QUERY_TYPE_SPAN}, what the app sends) or
     * one point per profile; exemplars unless the type is NONE or unspecified. {@code step} is in
     * seconds (default 15).
     */
    QuerierV1.SelectHeatmapResponse selectHeatmap(ProfileQuerier q, QuerierV1.SelectHeatmapRequest r) {
        long[] t = range(r.getStart(), r.getEnd());
        double step = r.getStep() > 0 ? r.getStep() : 15;
        Heatmap.Mode mode = switch (r.getQueryType()) {
            case HEATMAP_QUERY_TYPE_SPAN -> Heatmap.Mode.SPAN;
            case HEATMAP_QUERY_TYPE_INDIVIDUAL -> Heatmap.Mode.INDIVIDUAL;
            default -> throw new SuiteException(ErrorKind.BAD_DATA,
                    "heatmap query type must be INDIVIDUAL or SPAN [query_type=" + r.getQueryType() + "]");
        };
        boolean exemplars = r.getExemplarType() != TypesV1.ExemplarType.EXEMPLAR_TYPE_NONE
                && r.getExemplarType() != TypesV1.ExemplarType.EXEMPLAR_TYPE_UNSPECIFIED;
        List<Heatmap.Series> series = ProfileQueries.heatmap(q, Selectors.withType(r.getLabelSelector(), r.getProfileTypeID()),
                t[0], t[1], Math.max(1, Math.round(step * 1000)), r.getGroupByList(), mode, exemplars, r.hasLimit() ? r.getLimit() : 0);
        QuerierV1.SelectHeatmapResponse.Builder b = QuerierV1.SelectHeatmapResponse.newBuilder();
        for (Heatmap.Series s : series) {
            TypesV1.HeatmapSeries.Builder sb = TypesV1.HeatmapSeries.newBuilder().addAllLabels(pairs(s.labels()));
            for (Heatmap.Slot slot : s.slots()) {
                TypesV1.HeatmapSlot.Builder slb = TypesV1.HeatmapSlot.newBuilder().setTimestamp(slot.timestampMs());
                for (int i = 0; i < slot.yMin().length; i++) {
                    slb.addYMin(slot.yMin()[i]).addCounts(slot.counts()[i]);
                }
                for (Heatmap.Exemplar e : slot.exemplars()) {
                    TypesV1.Exemplar.Builder eb = TypesV1.Exemplar.newBuilder().setTimestamp(e.timestampMs()).setProfileId(e.profileId())
                            .setValue(e.value()).addAllLabels(pairs(e.labels()));
                    if (e.spanId() != 0) {
                        eb.setSpanId(String.format("%016x", e.spanId()));
                    }
                    slb.addExemplars(eb);
                }
                sb.addSlots(slb);
            }
            b.addSeries(sb);
        }
        return b.build();
    }

    /**
     * {@code AnalyzeQuery}: what the query would read, as two scopes (head partitions and sealed
     * blocks) and the impact summary; {@code query} is a selector, optionally with the profile type
     * id as its name.
     */
    QuerierV1.AnalyzeQueryResponse analyzeQuery(ProfileQuerier q, QuerierV1.AnalyzeQueryRequest r) {
        long[] t = range(r.getStart(), r.getEnd());
        List<LabelMatcher> m = Selectors.parse(r.getQuery());
        QueryScope s = q.scope(m, t[0], t[1]);
        long seriesCount = q.series(m, t[0], t[1]).size();
        long total = s.indexBytes() + s.profileBytes() + s.symbolBytes();
        QuerierV1.AnalyzeQueryResponse.Builder b = QuerierV1.AnalyzeQueryResponse.newBuilder();
        b.addQueryScopes(QuerierV1.QueryScope.newBuilder().setComponentType("head partitions (in memory)").setComponentCount(1)
                .setBlockCount(s.headPartitions()));
        b.addQueryScopes(QuerierV1.QueryScope.newBuilder().setComponentType("sealed blocks").setComponentCount(1)
                .setBlockCount(s.sealedPartitions()));
        // series, profiles, samples and bytes are not split by scope: one set of totals on the first scope
        b.setQueryScopes(0, b.getQueryScopes(0).toBuilder().setSeriesCount(s.series()).setProfileCount(s.profiles())
                .setSampleCount(s.samples()).setIndexBytes(s.indexBytes()).setProfileBytes(s.profileBytes())
                .setSymbolBytes(s.symbolBytes()));
        b.setQueryImpact(QuerierV1.QueryImpact.newBuilder().setTotalBytesInTimeRange(total).setTotalQueriedSeries(seriesCount)
                .setDeduplicationNeeded(false));
        return b.build();
    }

    /** Function-table rows: {@code max_nodes} when positive, all rows when negative, the default otherwise. */
    private static long rowLimit(boolean has, long value) {
        if (has && value < 0) {
            return 0;
        }
        return maxNodes(has, value);
    }

    static QuerierV1.FunctionTable toProto(FunctionTable f) {
        QuerierV1.FunctionTable.Builder b = QuerierV1.FunctionTable.newBuilder().setTotal(f.total());
        for (FunctionTable.Row row : f.rows()) {
            b.addFunctions(QuerierV1.FunctionRow.newBuilder().setName(row.name()).setSelf(row.self()).setTotal(row.total()));
        }
        return b.build();
    }

    static QuerierV1.FunctionTableDiff toProto(FunctionTable.Diff f) {
        QuerierV1.FunctionTableDiff.Builder b = QuerierV1.FunctionTableDiff.newBuilder().setLeftTotal(f.leftTotal())
                .setRightTotal(f.rightTotal());
        for (FunctionTable.DiffRow row : f.rows()) {
            b.addFunctions(QuerierV1.FunctionDiffRow.newBuilder().setName(row.name()).setLeftSelf(row.leftSelf())
                    .setLeftTotal(row.leftTotal()).setRightSelf(row.rightSelf()).setRightTotal(row.rightTotal()));
        }
        return b.build();
    }

    private static Set<Long> spanIds(List<String> selector) {
        Set<Long> spans = new HashSet<>();
        for (String s : selector) {
            try {
                spans.add(Long.parseUnsignedLong(s.trim(), 16));
            } catch (NumberFormatException e) {
                throw new SuiteException(ErrorKind.BAD_DATA, "span id must be 16 hex digits [span_selector=" + s + "]");
            }
        }
        return spans;
    }

    QuerierV1.SelectMergeSpanProfileResponse mergeSpanProfile(ProfileQuerier q, QuerierV1.SelectMergeSpanProfileRequest r) {
        long[] t = range(r.getStart(), r.getEnd());
        Set<Long> spans = spanIds(r.getSpanSelectorList());
        FlameGraph g = ProfileQueries.mergeStacktraces(q, Selectors.withType(r.getLabelSelector(), r.getProfileTypeID()),
                t[0], t[1], maxNodes(r.hasMaxNodes(), r.getMaxNodes()), spans, null);
        QuerierV1.SelectMergeSpanProfileResponse.Builder b = QuerierV1.SelectMergeSpanProfileResponse.newBuilder();
        if (g.total() > 0) {
            b.setFlamegraph(toProto(g));
        }
        return b.build();
    }

    QuerierV1.SelectSeriesResponse selectSeries(ProfileQuerier q, QuerierV1.SelectSeriesRequest r) {
        long[] t = range(r.getStart(), r.getEnd());
        double step = r.getStep() > 0 ? r.getStep() : 15;
        boolean average = r.hasAggregation() && r.getAggregation() == TypesV1.TimeSeriesAggregationType.TIME_SERIES_AGGREGATION_TYPE_AVERAGE;
        List<SeriesPoints> series = ProfileQueries.selectSeries(q, Selectors.withType(r.getLabelSelector(), r.getProfileTypeID()),
                t[0], t[1], r.getGroupByList(), Math.max(1, Math.round(step * 1000)), average, r.hasLimit() ? r.getLimit() : 0);
        QuerierV1.SelectSeriesResponse.Builder b = QuerierV1.SelectSeriesResponse.newBuilder();
        for (SeriesPoints s : series) {
            TypesV1.Series.Builder sb = TypesV1.Series.newBuilder().addAllLabels(pairs(s.labels()));
            for (int i = 0; i < s.timestampsMs().length; i++) {
                sb.addPoints(TypesV1.Point.newBuilder().setTimestamp(s.timestampsMs()[i]).setValue(s.values()[i]));
            }
            b.addSeries(sb);
        }
        return b.build();
    }

    ai.gatewayz.obs.proto.pprof.PprofProto.Profile mergeProfile(ProfileQuerier q, QuerierV1.SelectMergeProfileRequest r) {
        long[] t = range(r.getStart(), r.getEnd());
        SampleFilter filter = new SampleFilter(null, profileIds(r.getProfileIdSelectorList()),
                callSite(r.hasStackTraceSelector(), r.getStackTraceSelector()));
        return PprofMerger.merge(q, ProfileTypeId.parse(r.getProfileTypeID()),
                Selectors.withType(r.getLabelSelector(), r.getProfileTypeID()), t[0], t[1], filter);
    }

    QuerierV1.DiffResponse diff(ProfileQuerier q, QuerierV1.DiffRequest r) {
        QuerierV1.SelectMergeStacktracesRequest left = r.getLeft();
        QuerierV1.SelectMergeStacktracesRequest right = r.getRight();
        long[] lt = range(left.getStart(), left.getEnd());
        long[] rt = range(right.getStart(), right.getEnd());
        if (r.getFormat() == QuerierV1.ProfileFormat.PROFILE_FORMAT_FUNCTIONS
                || left.getFormat() == QuerierV1.ProfileFormat.PROFILE_FORMAT_FUNCTIONS) {
            long limit = r.hasMaxNodes() ? rowLimit(true, r.getMaxNodes()) : rowLimit(left.hasMaxNodes(), left.getMaxNodes());
            return QuerierV1.DiffResponse.newBuilder().setFunctions(toProto(ProfileQueries.functionsDiff(q,
                    Selectors.withType(left.getLabelSelector(), left.getProfileTypeID()), lt[0], lt[1],
                    Selectors.withType(right.getLabelSelector(), right.getProfileTypeID()), rt[0], rt[1], limit))).build();
        }
        StackTree.Diff d = ProfileQueries.diff(q, Selectors.withType(left.getLabelSelector(), left.getProfileTypeID()), lt[0], lt[1],
                Selectors.withType(right.getLabelSelector(), right.getProfileTypeID()), rt[0], rt[1],
                maxNodes(left.hasMaxNodes(), left.getMaxNodes()));
        QuerierV1.FlameGraphDiff.Builder b = QuerierV1.FlameGraphDiff.newBuilder().addAllNames(d.names())
                .setTotal(d.leftTicks() + d.rightTicks()).setMaxSelf(d.maxSelf()).setLeftTicks(d.leftTicks()).setRightTicks(d.rightTicks());
        for (long[] level : d.levels()) {
            QuerierV1.Level.Builder lb = QuerierV1.Level.newBuilder();
            for (long v : level) {
                lb.addValues(v);
            }
            b.addLevels(lb);
        }
        return QuerierV1.DiffResponse.newBuilder().setFlamegraph(b).build();
    }
}
