package ai.gatewayz.obs.metrics.promql;

import ai.gatewayz.obs.metrics.promql.engine.PromqlEngine;
import ai.gatewayz.obs.metrics.promql.engine.QueryOptions;
import ai.gatewayz.obs.metrics.promql.engine.QueryResult;
import ai.gatewayz.obs.metrics.promql.parser.ParseException;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.memory.MemoryStorage;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Histogram.ResetHint;
import ai.gatewayz.obs.metrics.model.Histogram.Span;
import ai.gatewayz.obs.testkit.promqltest.PromqlTestEngine;
import ai.gatewayz.obs.testkit.promqltest.TestHistogram;
import java.util.Map;
import java.util.TreeMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds the promqltest runner to our engine over a storage: the in-memory storage by default, or
 * any other (the on-disk TSDB, head only or cut into blocks) through a factory and an after-load
 * step.
 */
public final class InProcessPromqlTestEngine implements PromqlTestEngine {
    private final PromqlEngine engine;
    private final java.util.function.Supplier<Storage> factory;
    private final java.util.function.Consumer<Storage> afterLoad;
    private Storage storage;

    public InProcessPromqlTestEngine() {
        this(new PromqlEngine(QueryOptions.DEFAULTS));
    }

    public InProcessPromqlTestEngine(PromqlEngine engine) {
        this(engine, MemoryStorage::new, s -> { });
    }

    public InProcessPromqlTestEngine(PromqlEngine engine, java.util.function.Supplier<Storage> factory,
            java.util.function.Consumer<Storage> afterLoad) {
        this.engine = engine;
        this.factory = factory;
        this.afterLoad = afterLoad;
        this.storage = factory.get();
    }

    public Storage storage() {
        return storage;
    }

    @Override
    public void clear() {
        storage.close();
        storage = factory.get();
    }

    @Override
    public void load(List<LoadedSeries> series) {
        Appender a = storage.appender();
        for (LoadedSeries s : series) {
            long ref = 0;
            for (int i = 0; i < s.t().length; i++) {
                ref = s.h() != null && s.h()[i] != null ? a.appendHistogram(ref, s.labels(), s.t()[i], toModel(s.h()[i]))
                        : a.append(ref, s.labels(), s.t()[i], s.v()[i]);
            }
        }
        a.commit();
        afterLoad.accept(storage);
    }

    @Override
    public Result instant(String expr, long timeMs) {
        return convert(engine.instant(storage, expr, timeMs));
    }

    @Override
    public Result range(String expr, long startMs, long endMs, long stepMs) {
        return convert(engine.range(storage, expr, startMs, endMs, stepMs));
    }

    static Result convert(QueryResult r) {
        return switch (r.type()) {
            case SCALAR -> new Scalar(r.scalar(), r.warnings(), r.infos());
            case STRING -> new Str(r.string(), r.warnings(), r.infos());
            case VECTOR -> {
                List<Sample> out = new ArrayList<>();
                for (QueryResult.Sample s : r.vector()) {
                    out.add(new Sample(s.labels(), s.v(), s.h() == null ? null : toTest(s.h())));
                }
                yield new Vector(out, r.warnings(), r.infos());
            }
            case MATRIX -> {
                List<Series> out = new ArrayList<>();
                for (QueryResult.SeriesPoints s : r.matrix()) {
                    TestHistogram[] hs = new TestHistogram[s.h().length];
                    for (int i = 0; i < hs.length; i++) {
                        hs[i] = toTest(s.h()[i]);
                    }
                    out.add(new Series(s.labels(), s.t(), s.v(), s.ht(), hs));
                }
                yield new Matrix(out, r.warnings(), r.infos());
            }
        };
    }

    /** A script histogram as a float histogram sample (the scripts' histograms are float histograms). */
    static Histogram toModel(TestHistogram t) {
        Span[][] ps = new Span[1][];
        double[] pc = counts(t.positive(), ps);
        Span[][] ns = new Span[1][];
        double[] nc = counts(t.negative(), ns);
        ResetHint hint = t.hint() == null ? ResetHint.UNKNOWN : switch (t.hint()) {
            case "gauge" -> ResetHint.GAUGE;
            case "reset" -> ResetHint.YES;
            case "not_reset" -> ResetHint.NO;
            default -> ResetHint.UNKNOWN;
        };
        return Histogram.ofFloat(hint, t.schema(), t.zeroThreshold(), t.zeroCount(), t.count(), t.sum(), ps[0], pc, ns[0], nc);
    }

    private static double[] counts(TreeMap<Integer, Double> m, Span[][] spans) {
        List<Span> out = new ArrayList<>();
        double[] c = new double[m.size()];
        int k = 0;
        Integer prevEnd = null;
        int start = 0;
        int len = 0;
        for (Map.Entry<Integer, Double> e : m.entrySet()) {
            int idx = e.getKey();
            if (len > 0 && idx == start + len) {
                len++;
            } else {
                if (len > 0) {
                    out.add(new Span(prevEnd == null ? start : start - prevEnd, len));
                    prevEnd = start + len;
                }
                start = idx;
                len = 1;
            }
            c[k++] = e.getValue();
        }
        if (len > 0) {
            out.add(new Span(prevEnd == null ? start : start - prevEnd, len));
        }
        spans[0] = out.toArray(Span[]::new);
        return c;
    }

    static TestHistogram toTest(Histogram h) {
        TreeMap<Integer, Double> pos = new TreeMap<>();
        TreeMap<Integer, Double> neg = new TreeMap<>();
        int[] pi = Histogram.indexes(spans(h, true), h.positiveBucketCount());
        for (int i = 0; i < pi.length; i++) {
            pos.merge(pi[i], h.positiveBucket(i), Double::sum);
        }
        int[] ni = Histogram.indexes(spans(h, false), h.negativeBucketCount());
        for (int i = 0; i < ni.length; i++) {
            neg.merge(ni[i], h.negativeBucket(i), Double::sum);
        }
        String hint = switch (h.hint()) {
            case GAUGE -> "gauge";
            case YES -> "reset";
            case NO -> "not_reset";
            case UNKNOWN -> "unknown";
        };
        return new TestHistogram(h.schema(), h.sum(), h.count(), h.zeroCount(), h.zeroThreshold(), pos, neg, hint);
    }

    private static Span[] spans(Histogram h, boolean positive) {
        Span[] out = new Span[positive ? h.positiveSpanCount() : h.negativeSpanCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = positive ? h.positiveSpan(i) : h.negativeSpan(i);
        }
        return out;
    }

    /** Parse errors as the runner compares them: the bare reason without the position prefix. */
    static String message(RuntimeException e) {
        return e instanceof ParseException p ? p.reason() : e.getMessage();
    }
}
