package ai.gatewayz.obs.logs.logql.eval;

import ai.gatewayz.obs.common.GoFloat;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.logql.LogqlErrors;
import ai.gatewayz.obs.logs.logql.LogqlOptions;
import ai.gatewayz.obs.logs.logql.LogqlRequest;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.logs.logql.ast.Expr;
import ai.gatewayz.obs.logs.logql.ast.LabelFilter;
import ai.gatewayz.obs.logs.logql.ast.LogQuery;
import ai.gatewayz.obs.logs.logql.ast.SampleExpr;
import ai.gatewayz.obs.logs.logql.ast.SampleExpr.RangeOp;
import ai.gatewayz.obs.logs.logql.ast.Stage;
import ai.gatewayz.obs.logs.logql.parser.ByteSizes;
import ai.gatewayz.obs.logs.logql.parser.GoDurations;
import ai.gatewayz.obs.logs.logql.pipeline.LabelState;
import ai.gatewayz.obs.logs.logql.pipeline.Pipeline;
import ai.gatewayz.obs.logs.logql.pipeline.ScanPlan;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.EntryIterator;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.ScanEntry;
import ai.gatewayz.obs.logs.storage.ScanSink;
import ai.gatewayz.obs.logs.storage.SelectHints;
import ai.gatewayz.obs.logs.storage.StreamSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates one parsed query against one querier. One instance per query; not thread-safe. */
public final class Evaluator {
    private final LogQuerier querier;
    private final LogqlRequest req;
    private final LogqlOptions options;

    public Evaluator(LogQuerier querier, LogqlRequest req, LogqlOptions options) {
        this.querier = querier;
        this.req = req;
        this.options = options;
    }

    public LogqlResult run(Expr e) {
        if (e instanceof LogQuery q) {
            return logQuery(q);
        }
        Steps steps;
        if (req.instant()) {
            steps = new Steps(req.endNanos(), 1, 1);
        } else {
            long count = (req.endNanos() - req.startNanos()) / req.stepNanos() + 1;
            if (count > 11_000) {
                throw LogqlErrors.stepTooSmall(count);
            }
            steps = new Steps(req.startNanos(), req.stepNanos(), (int) count);
        }
        Value v = eval((SampleExpr) e, steps);
        if (v instanceof Value.Scalar s) {
            if (req.instant()) {
                return new LogqlResult.Scalar(steps.last() / 1_000_000L, s.value());
            }
            Series only = new Series(Labels.EMPTY, steps.count());
            for (int i = 0; i < steps.count(); i++) {
                only.set(i, s.value());
            }
            return matrix(List.of(only), steps);
        }
        List<Series> series = ((Value.Vec) v).series();
        series.removeIf(Series::empty);
        if (series.size() > options.maxSeries()) {
            throw LogqlErrors.maxSeries(options.maxSeries());
        }
        if (req.instant()) {
            List<LogqlResult.Sample> out = new ArrayList<>(series.size());
            long t = steps.last() / 1_000_000L;
            for (Series s : series) {
                out.add(new LogqlResult.Sample(s.labels, t, s.v[0]));
            }
            if (!sortedExplicitly(e)) {
                out.sort(Comparator.comparing(LogqlResult.Sample::labels));
            }
            return new LogqlResult.Vector(out);
        }
        return matrix(series, steps);
    }

    private static boolean sortedExplicitly(Expr e) {
        return e instanceof SampleExpr.VectorAggregation va && (va.op() == SampleExpr.VectorOp.SORT
                || va.op() == SampleExpr.VectorOp.SORT_DESC || va.op() == SampleExpr.VectorOp.TOPK
                || va.op() == SampleExpr.VectorOp.BOTTOMK);
    }

    private static LogqlResult matrix(List<Series> series, Steps steps) {
        List<LogqlResult.Series> out = new ArrayList<>(series.size());
        for (Series s : series) {
            int n = 0;
            for (boolean b : s.has) {
                n += b ? 1 : 0;
            }
            long[] ts = new long[n];
            double[] vs = new double[n];
            int j = 0;
            for (int i = 0; i < steps.count(); i++) {
                if (s.has[i]) {
                    ts[j] = steps.at(i) / 1_000_000L;
                    vs[j++] = s.v[i];
                }
            }
            out.add(new LogqlResult.Series(s.labels, ts, vs));
        }
        out.sort(Comparator.comparing(LogqlResult.Series::labels));
        return new LogqlResult.Matrix(out);
    }

    // ------------------------------------------------------------------ log queries

    private LogqlResult logQuery(LogQuery q) {
        if (req.instant()) {
            throw new ai.gatewayz.obs.common.SuiteException(ai.gatewayz.obs.common.ErrorKind.BAD_DATA,
                    "log queries are not supported as an instant query type, please change your query to a range query type");
        }
        if (req.limit() > options.maxEntriesLimit()) {
            throw LogqlErrors.maxEntries(req.limit(), options.maxEntriesLimit());
        }
        int limit = req.limit() <= 0 ? 100 : req.limit();
        boolean forward = req.direction() == Direction.FORWARD;
        record Kept(Labels labels, LogEntry entry, Labels parsed) {}
        List<Kept> kept = new ArrayList<>();
        Pipeline pipeline = new Pipeline(q.stages());
        SelectHints hints = new SelectHints(req.startNanos(), req.endNanos(), req.direction(), requiredLiterals(q), foldedLiterals(q));
        StreamSet set = querier.select(q.matchers(), hints);
        while (set.next()) {
            Labels stream = set.labels();
            EntryIterator it = set.entries();
            int n = 0;
            while (n < limit && it.next()) {
                long ts = it.timestampNanos();
                if (ts < req.startNanos() || ts >= req.endNanos()) {
                    continue;
                }
                if (!pipeline.process(stream, ts, it.line(), it.metadata())) {
                    continue;
                }
                LabelState st = pipeline.state();
                kept.add(new Kept(st.labels(), new LogEntry(ts, pipeline.line(), it.metadata()), st.parsedLabels()));
                n++;
            }
        }
        Comparator<Kept> byTime = Comparator.comparingLong(k -> k.entry().timestampNanos());
        kept.sort(forward ? byTime : byTime.reversed());
        if (kept.size() > limit) {
            kept = new ArrayList<>(kept.subList(0, limit));
        }
        Map<Labels, List<Kept>> groups = new LinkedHashMap<>();
        for (Kept k : kept) {
            groups.computeIfAbsent(k.labels(), x -> new ArrayList<>()).add(k);
        }
        List<LogqlResult.Stream> out = new ArrayList<>(groups.size());
        for (Map.Entry<Labels, List<Kept>> g : groups.entrySet()) {
            List<LogEntry> entries = new ArrayList<>(g.getValue().size());
            List<Labels> parsed = new ArrayList<>(g.getValue().size());
            for (Kept k : g.getValue()) {
                entries.add(k.entry());
                parsed.add(k.parsed());
            }
            out.add(new LogqlResult.Stream(g.getKey(), entries, parsed));
        }
        out.sort(Comparator.comparing(LogqlResult.Stream::labels));
        return new LogqlResult.Streams(out);
    }

    /** Literals of the leading {@code |= "x"} filters (before any parser or formatter), which every kept line contains. */
    public static List<String> requiredLiterals(LogQuery q) {
        List<String> out = new ArrayList<>();
        for (Stage s : q.stages()) {
            if (!(s instanceof Stage.LineFilter f)) {
                break;
            }
            if (f.op() == Stage.FilterOp.CONTAINS && f.values().size() == 1 && !f.values().get(0).ip()
                    && !f.values().get(0).value().isEmpty()) {
                out.add(f.values().get(0).value());
            }
        }
        return out;
    }

    /** Lower-cased literals of the leading {@code |~ "(?i)literal"} filters, which every kept line contains ignoring ASCII case. */
    public static List<String> foldedLiterals(LogQuery q) {
        List<String> out = new ArrayList<>();
        for (Stage s : q.stages()) {
            if (!(s instanceof Stage.LineFilter f)) {
                break;
            }
            if (f.op() == Stage.FilterOp.REGEX && f.values().size() == 1 && !f.values().get(0).ip()) {
                String lit = Pipeline.foldedLiteral(f.values().get(0).value());
                if (lit != null) {
                    out.add(lit);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ metric expressions

    private Value eval(SampleExpr e, Steps steps) {
        return switch (e) {
            case SampleExpr.Literal l -> new Value.Scalar(l.value());
            case SampleExpr.VectorLiteral v -> {
                Series s = new Series(Labels.EMPTY, steps.count());
                for (int i = 0; i < steps.count(); i++) {
                    s.set(i, v.value());
                }
                List<Series> list = new ArrayList<>();
                list.add(s);
                yield new Value.Vec(list);
            }
            case SampleExpr.RangeAggregation r -> new Value.Vec(range(r, steps, r.grouping()));
            case SampleExpr.VectorAggregation va when pushesDown(va) -> new Value.Vec(Aggregations.aggregate(va,
                    range((SampleExpr.RangeAggregation) va.inner(), steps, pushedGrouping(va)), steps));
            case SampleExpr.VectorAggregation va -> new Value.Vec(Aggregations.aggregate(va, vec(eval(va.inner(), steps), steps), steps));
            case SampleExpr.Binary b -> BinaryOps.apply(b, eval(b.lhs(), steps), eval(b.rhs(), steps), steps);
            case SampleExpr.LabelReplace lr -> new Value.Vec(Aggregations.labelReplace(lr, vec(eval(lr.inner(), steps), steps)));
        };
    }

    private static List<Series> vec(Value v, Steps steps) {
        if (v instanceof Value.Vec vec) {
            return vec.series();
        }
        Series s = new Series(Labels.EMPTY, steps.count());
        for (int i = 0; i < steps.count(); i++) {
            s.set(i, ((Value.Scalar) v).value());
        }
        List<Series> l = new ArrayList<>();
        l.add(s);
        return l;
    }

    /** Raw samples of one output series, in time order. */
    private static final class Buf {
        long[] ts = new long[16];
        double[] v = new double[16];
        int n;
        boolean sorted = true;

        /** This series' samples followed by another's (of the same labels, from another thread). */
        Buf append(Buf o) {
            for (int i = 0; i < o.n; i++) {
                add(o.ts[i], o.v[i]);
            }
            return this;
        }

        void add(long t, double value) {
            if (n == ts.length) {
                ts = java.util.Arrays.copyOf(ts, n * 2);
                v = java.util.Arrays.copyOf(v, n * 2);
            }
            if (n > 0 && t < ts[n - 1]) {
                sorted = false;
            }
            ts[n] = t;
            v[n++] = value;
        }

        /** Stable merge sort of the (timestamp, value) pairs by timestamp, on primitive arrays. */
        void sort() {
            if (sorted) {
                return;
            }
            long[] t2 = new long[n];
            double[] v2 = new double[n];
            for (int width = 1; width < n; width *= 2) {
                for (int lo = 0; lo < n; lo += 2 * width) {
                    int mid = Math.min(lo + width, n);
                    int hi = Math.min(lo + 2 * width, n);
                    int a = lo;
                    int b = mid;
                    for (int k = lo; k < hi; k++) {
                        if (a < mid && (b >= hi || ts[a] <= ts[b])) {
                            t2[k] = ts[a];
                            v2[k] = v[a++];
                        } else {
                            t2[k] = ts[b];
                            v2[k] = v[b++];
                        }
                    }
                }
                long[] tt = ts;
                ts = t2;
                t2 = tt;
                double[] vv = v;
                v = v2;
                v2 = vv;
            }
            sorted = true;
        }
    }

    /**
     * A {@code sum} straight over a range aggregation that adds per entry (count, rate, bytes, sum of an
     * unwrapped value) may group while counting: the sums are equal, but only the grouped series are held
     * (one per trace_id or span_id otherwise), and the series limit applies to what the query returns, as
     * in Loki, which pushes the grouping down the same way.
     */
    private static boolean pushesDown(SampleExpr.VectorAggregation va) {
        if (va.op() != SampleExpr.VectorOp.SUM || !(va.inner() instanceof SampleExpr.RangeAggregation r)
                || r.grouping() != null) {
            return false;
        }
        return switch (r.op()) {
            case COUNT_OVER_TIME, RATE, BYTES_OVER_TIME, BYTES_RATE, SUM_OVER_TIME -> true;
            default -> false;
        };
    }

    private static SampleExpr.Grouping pushedGrouping(SampleExpr.VectorAggregation va) {
        return va.grouping() == null ? new SampleExpr.Grouping(false, List.of()) : va.grouping();
    }

    private List<Series> range(SampleExpr.RangeAggregation r, Steps steps, SampleExpr.Grouping grouping) {
        SampleExpr.LogRange lr = r.range();
        long range = lr.rangeNanos();
        long offset = lr.offsetNanos();
        long from = steps.startNanos() - range - offset;
        long to = steps.last() - offset + 1;
        SelectHints hints = new SelectHints(Math.max(0, from), Math.max(Math.max(0, from), to), Direction.FORWARD,
                requiredLiterals(lr.query()), foldedLiterals(lr.query()));
        Pipeline pipeline = new Pipeline(lr.query().stages());
        SampleExpr.Unwrap unwrap = lr.unwrap();
        boolean bytes = r.op() == RangeOp.BYTES_OVER_TIME || r.op() == RangeOp.BYTES_RATE;
        Map<Labels, Buf> bufs = new HashMap<>();
        boolean byteScan = options.byteScan() && unwrap == null && ScanPlan.compile(lr.query().stages(), grouping) != null;
        if (byteScan) {
            // one plan, pipeline and set of series per scanning thread, merged afterwards
            List<RangeScan> scans = java.util.Collections.synchronizedList(new ArrayList<>());
            querier.scan(lr.query().matchers(), hints, options.scanThreads(), () -> {
                RangeScan rs = new RangeScan(ScanPlan.compile(lr.query().stages(), grouping),
                        new EntryCollector(new Pipeline(lr.query().stages()), null, bytes, grouping, new HashMap<>()), from, to, bytes);
                scans.add(rs);
                return rs;
            });
            for (RangeScan rs : scans) {
                rs.slow.bufs.forEach((labels, b) -> bufs.merge(labels, b, Buf::append));
            }
        } else {
            EntryCollector slow = new EntryCollector(pipeline, unwrap, bytes, grouping, bufs);
            StreamSet set = querier.select(lr.query().matchers(), hints);
            while (set.next()) {
                Labels stream = set.labels();
                EntryIterator it = set.entries();
                while (it.next()) {
                    long ts = it.timestampNanos();
                    if (ts <= from || ts >= to) {
                        continue;
                    }
                    slow.accept(stream, ts, it.line(), it.metadata());
                }
            }
        }
        double rangeSeconds = range / 1e9;
        if (r.op() == RangeOp.ABSENT_OVER_TIME) {
            return absent(lr, bufs, steps, range, offset);
        }
        List<Series> out = new ArrayList<>(bufs.size());
        // one step and integral values (1 or a line's bytes): a plain sum over the window, in any order, is exact
        boolean unsortedSum = steps.count() == 1 && unwrap == null && (r.op() == RangeOp.COUNT_OVER_TIME
                || r.op() == RangeOp.RATE || r.op() == RangeOp.BYTES_OVER_TIME || r.op() == RangeOp.BYTES_RATE);
        for (Map.Entry<Labels, Buf> e : bufs.entrySet()) {
            Buf b = e.getValue();
            Series s = new Series(e.getKey(), steps.count());
            if (unsortedSum) {
                long end = steps.at(0) - offset;
                long start = end - range;
                int n = 0;
                double sum = 0;
                for (int k = 0; k < b.n; k++) {
                    if (b.ts[k] > start && b.ts[k] <= end) {
                        n++;
                        sum += b.v[k];
                    }
                }
                if (n > 0) {
                    s.set(0, switch (r.op()) {
                        case COUNT_OVER_TIME -> n;
                        case BYTES_OVER_TIME -> sum;
                        default -> sum / rangeSeconds;
                    });
                }
                out.add(s);
                continue;
            }
            b.sort();
            int lo = 0;
            int hi = 0;
            for (int i = 0; i < steps.count(); i++) {
                long end = steps.at(i) - offset;
                long start = end - range;
                while (lo < b.n && b.ts[lo] <= start) {
                    lo++;
                }
                if (hi < lo) {
                    hi = lo;
                }
                while (hi < b.n && b.ts[hi] <= end) {
                    hi++;
                }
                if (hi > lo) {
                    s.set(i, RangeFunctions.apply(r.op(), b.ts, b.v, lo, hi, rangeSeconds, r.param(), start, end));
                }
            }
            out.add(s);
        }
        return out;
    }

    /** One scanning thread's share of a range aggregation on the byte path. */
    private static final class RangeScan implements ScanSink {
        private final ScanPlan plan;
        private final EntryCollector slow;
        private final long from;
        private final long to;
        private final boolean bytes;
        private Labels stream;
        private Labels lastOut;
        private Buf lastBuf;

        RangeScan(ScanPlan plan, EntryCollector slow, long from, long to, boolean bytes) {
            this.plan = plan;
            this.slow = slow;
            this.from = from;
            this.to = to;
            this.bytes = bytes;
        }

        @Override
        public void stream(Labels labels) {
            stream = labels;
            lastOut = null;
            plan.stream(labels);
        }

        @Override
        public void entry(ScanEntry e) {
            long ts = e.timestampNanos();
            if (ts <= from || ts >= to) {
                return;
            }
            int r = plan.test(e);
            if (r == ScanPlan.DROP) {
                return;
            }
            Labels out = r == ScanPlan.PASS ? plan.output(e) : null;
            if (out == null) {
                slow.accept(stream, ts, e.line(), e.metadata());
                return;
            }
            if (out != lastOut) {
                lastBuf = slow.bufs.computeIfAbsent(out, x -> new Buf());
                lastOut = out;
            }
            lastBuf.add(ts, bytes ? e.length() : 1);
        }
    }

    /** The String pipeline's path for one entry: runs the pipeline, extracts the sample and files it under its labels. */
    private static final class EntryCollector {
        private final Pipeline pipeline;
        private final SampleExpr.Unwrap unwrap;
        private final boolean bytes;
        private final SampleExpr.Grouping grouping;
        private final Map<Labels, Buf> bufs;

        EntryCollector(Pipeline pipeline, SampleExpr.Unwrap unwrap, boolean bytes, SampleExpr.Grouping grouping, Map<Labels, Buf> bufs) {
            this.pipeline = pipeline;
            this.unwrap = unwrap;
            this.bytes = bytes;
            this.grouping = grouping;
            this.bufs = bufs;
        }

        void accept(Labels stream, long ts, String line, Labels metadata) {
            if (!pipeline.process(stream, ts, line, metadata)) {
                return;
            }
            LabelState st = pipeline.state();
            double value;
            if (unwrap != null) {
                value = unwrapValue(unwrap, st);
                for (LabelFilter f : unwrap.postFilters()) {
                    if (!pipeline.test(f)) {
                        return;
                    }
                }
                st.delete(unwrap.label());
            } else {
                value = bytes ? Pipeline.byteLength(pipeline.line()) : 1;
            }
            Labels labels = st.labels();
            if (st.hasError()) {
                throw LogqlErrors.pipelineError(st.error(),
                        labels.toBuilder().del(LabelState.ERROR).del(LabelState.ERROR_DETAILS).build().toString());
            }
            if (grouping != null) {
                labels = Aggregations.group(labels, grouping);
            }
            // No series limit here: as in Loki it bounds the answer (checked on the result), so
            // sum(count_over_time({…} | json [1h])) over high-cardinality parsed labels still answers.
            bufs.computeIfAbsent(labels, x -> new Buf()).add(ts, value);
        }
    }

    private static List<Series> absent(SampleExpr.LogRange lr, Map<Labels, Buf> bufs, Steps steps, long range, long offset) {
        Labels.Builder lb = Labels.builder();
        for (LabelMatcher m : lr.query().matchers()) {
            if (m.type() == LabelMatcher.Type.EQ) {
                lb.set(m.name(), m.value());
            }
        }
        Series s = new Series(lb.build(), steps.count());
        List<Buf> all = new ArrayList<>(bufs.values());
        all.forEach(Buf::sort);
        for (int i = 0; i < steps.count(); i++) {
            long end = steps.at(i) - offset;
            long start = end - range;
            boolean any = false;
            for (Buf b : all) {
                int k = java.util.Arrays.binarySearch(b.ts, 0, b.n, start + 1);
                int idx = k >= 0 ? k : -k - 1;
                while (idx > 0 && b.ts[idx - 1] > start) {
                    idx--;
                }
                if (idx < b.n && b.ts[idx] <= end) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                s.set(i, 1);
            }
        }
        List<Series> out = new ArrayList<>();
        out.add(s);
        return out;
    }

    private static double unwrapValue(SampleExpr.Unwrap u, LabelState st) {
        String raw = st.get(u.label());
        Double v;
        switch (u.conv()) {
            case DURATION, DURATION_SECONDS -> {
                Long n = GoDurations.parseNanos(raw.strip());
                v = n == null ? null : n / 1e9;
            }
            case BYTES -> v = ByteSizes.parse(raw);
            default -> v = raw.isEmpty() ? null : GoFloat.parse(raw.strip());
        }
        if (v == null) {
            st.setError("SampleExtractionErr", raw.isEmpty() ? "label " + u.label() + " not found or empty"
                    : "cannot convert " + ai.gatewayz.obs.common.GoStrings.quote(raw) + " to a number");
            return 0;
        }
        return v;
    }
}
