package ai.gatewayz.obs.metrics.promql.engine;

import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Histogram.ResetHint;
import ai.gatewayz.obs.metrics.model.Histogram.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Arithmetic on native histograms for the PromQL engine, with Prometheus's semantics (read from its
 * model/histogram package): results are float histograms; adding two histograms of different
 * schemas first reduces the finer one to the coarser schema (bucket {@code i} of schema {@code s}
 * lands in bucket {@code ceil(i / 2^(s - s'))} of schema {@code s'}); the wider zero bucket wins
 * and swallows the buckets of the other that lie inside it. Counter resets are detected as
 * Prometheus does. Values are immutable; every operation returns a new histogram. Thread-safe.
 */
final class HistogramOps {
    private HistogramOps() {
    }

    /** A mutable working copy: absolute counts per bucket index. */
    static final class Acc {
        int schema;
        double zeroThreshold;
        double zeroCount;
        double count;
        double sum;
        ResetHint hint = ResetHint.UNKNOWN;
        final TreeMap<Integer, Double> pos = new TreeMap<>();
        final TreeMap<Integer, Double> neg = new TreeMap<>();
        /** Kahan compensation of the sums (as Prometheus adds histograms): count, sum, zero count, buckets. */
        private final double[] comp = new double[3];
        private final TreeMap<Integer, Double> posC = new TreeMap<>();
        private final TreeMap<Integer, Double> negC = new TreeMap<>();

        /** Folds the compensation into the values (before a layout change, and when building). */
        void fold() {
            count += comp[0];
            sum += comp[1];
            zeroCount += comp[2];
            java.util.Arrays.fill(comp, 0);
            posC.forEach((k, v) -> pos.merge(k, v, Double::sum));
            negC.forEach((k, v) -> neg.merge(k, v, Double::sum));
            posC.clear();
            negC.clear();
        }

        private static double kahan(double inc, double sum, double[] c, int i) {
            double[] one = {c[i]};
            double t = FloatMath.kahanSumInc(inc, sum, one);
            c[i] = one[0];
            return t;
        }

        private static void kahanInto(TreeMap<Integer, Double> m, TreeMap<Integer, Double> cm, int k, double inc) {
            double[] one = {cm.getOrDefault(k, 0.0)};
            double t = FloatMath.kahanSumInc(inc, m.getOrDefault(k, 0.0), one);
            m.put(k, t);
            if (one[0] != 0) {
                cm.put(k, one[0]);
            } else {
                cm.remove(k);
            }
        }

        static Acc of(Histogram h) {
            Acc a = new Acc();
            a.schema = h.schema();
            a.zeroThreshold = h.zeroThreshold();
            a.zeroCount = h.zeroCount();
            a.count = h.count();
            a.sum = h.sum();
            a.hint = h.hint();
            fill(a.pos, h, true);
            fill(a.neg, h, false);
            return a;
        }

        private static void fill(TreeMap<Integer, Double> m, Histogram h, boolean positive) {
            int spans = positive ? h.positiveSpanCount() : h.negativeSpanCount();
            int k = 0;
            int idx = 0;
            for (int s = 0; s < spans; s++) {
                Span sp = positive ? h.positiveSpan(s) : h.negativeSpan(s);
                idx += sp.offset();
                for (int j = 0; j < sp.length(); j++) {
                    double c = positive ? h.positiveBucket(k) : h.negativeBucket(k);
                    k++;
                    m.merge(idx, c, Double::sum);
                    idx++;
                }
            }
        }

        /** Reduces the resolution to {@code target} (≤ schema). */
        void reduceTo(int target) {
            if (target >= schema) {
                return;
            }
            fold();
            int delta = schema - target;
            reduce(pos, delta);
            reduce(neg, delta);
            schema = target;
        }

        private static void reduce(TreeMap<Integer, Double> m, int delta) {
            TreeMap<Integer, Double> out = new TreeMap<>();
            for (Map.Entry<Integer, Double> e : m.entrySet()) {
                out.merge(((e.getKey() - 1) >> delta) + 1, e.getValue(), Double::sum);
            }
            m.clear();
            m.putAll(out);
        }

        /** Widens the zero bucket to {@code zt}, moving buckets whose upper bound is within it. */
        void widenZero(double zt) {
            if (zt <= zeroThreshold) {
                return;
            }
            fold();
            zeroCount += drain(pos, zt) + drain(neg, zt);
            zeroThreshold = zt;
        }

        private double drain(TreeMap<Integer, Double> m, double zt) {
            double moved = 0;
            while (!m.isEmpty() && Histogram.upperBound(m.firstKey(), schema) <= zt) {
                moved += m.pollFirstEntry().getValue();
            }
            return moved;
        }

        /** this += f × o. */
        void add(Histogram o, double f) {
            Acc b = of(o);
            int target = Math.min(schema, b.schema);
            reduceTo(target);
            b.reduceTo(target);
            double zt = Math.max(zeroThreshold, b.zeroThreshold);
            widenZero(zt);
            b.widenZero(zt);
            zeroCount = kahan(f * b.zeroCount, zeroCount, comp, 2);
            count = kahan(f * b.count, count, comp, 0);
            sum = kahan(f * b.sum, sum, comp, 1);
            b.pos.forEach((k, v) -> kahanInto(pos, posC, k, f * v));
            b.neg.forEach((k, v) -> kahanInto(neg, negC, k, f * v));
        }

        void scale(double f) {
            fold();
            zeroCount *= f;
            count *= f;
            sum *= f;
            pos.replaceAll((k, v) -> v * f);
            neg.replaceAll((k, v) -> v * f);
        }

        void divide(double d) {
            fold();
            zeroCount /= d;
            count /= d;
            sum /= d;
            pos.replaceAll((k, v) -> v / d);
            neg.replaceAll((k, v) -> v / d);
        }

        Histogram build() {
            fold();
            Span[][] ps = new Span[1][];
            double[] pc = counts(pos, ps);
            Span[][] ns = new Span[1][];
            double[] nc = counts(neg, ns);
            return Histogram.ofFloat(hint, schema, zeroThreshold, zeroCount, count, sum, ps[0], pc, ns[0], nc);
        }

        /** Spans and counts of the non-empty buckets. */
        private static double[] counts(TreeMap<Integer, Double> m, Span[][] spansOut) {
            List<Span> spans = new ArrayList<>();
            double[] c = new double[m.size()];
            int k = 0;
            int start = 0;
            int len = 0;
            int prevEnd = 0;
            Integer last = null;
            for (Map.Entry<Integer, Double> e : m.entrySet()) {
                if (e.getValue() == 0) {
                    continue;
                }
                int idx = e.getKey();
                if (last != null && idx == last + 1) {
                    len++;
                } else {
                    if (last != null) {
                        spans.add(new Span(spans.isEmpty() ? start : start - prevEnd, len));
                        prevEnd = start + len;
                    }
                    start = idx;
                    len = 1;
                }
                c[k++] = e.getValue();
                last = idx;
            }
            if (last != null) {
                spans.add(new Span(spans.isEmpty() ? start : start - prevEnd, len));
            }
            spansOut[0] = spans.toArray(Span[]::new);
            return java.util.Arrays.copyOf(c, k);
        }
    }

    static Histogram add(Histogram a, Histogram b) {
        Acc x = Acc.of(a);
        x.add(b, 1);
        x.hint = combinedHint(a, b);
        return x.build();
    }

    /** A difference is a gauge (it may go down). */
    static Histogram sub(Histogram a, Histogram b) {
        Acc x = Acc.of(a);
        x.add(b, -1);
        x.hint = ResetHint.GAUGE;
        return x.build();
    }

    /** The hint of a sum: shared by both, gauge if either is one, else unknown. */
    private static ResetHint combinedHint(Histogram a, Histogram b) {
        if (a.hint() == b.hint()) {
            return a.hint();
        }
        return a.hint() == ResetHint.GAUGE || b.hint() == ResetHint.GAUGE ? ResetHint.GAUGE : ResetHint.UNKNOWN;
    }

    /** Scaling keeps the hint; a negative factor makes a gauge. */
    static Histogram mul(Histogram a, double f) {
        Acc x = Acc.of(a);
        x.scale(f);
        if (f < 0) {
            x.hint = ResetHint.GAUGE;
        }
        return x.build();
    }

    static Histogram div(Histogram a, double d) {
        Acc x = Acc.of(a);
        x.divide(d);
        return x.build();
    }

    /**
     * The hint of an aggregate of {@code hints}: the common one; gauge when any is a gauge;
     * unknown for a mix (reset with not-reset sets {@code conflict[0]}).
     */
    static ResetHint aggregateHint(java.util.List<ResetHint> hints, boolean[] conflict) {
        boolean yes = hints.contains(ResetHint.YES);
        boolean no = hints.contains(ResetHint.NO);
        if (yes && no) {
            conflict[0] = true;
        }
        if (hints.stream().distinct().count() == 1) {
            return hints.getFirst();
        }
        return hints.contains(ResetHint.GAUGE) ? ResetHint.GAUGE : ResetHint.UNKNOWN;
    }

    /** Whether {@code cur} is a counter reset relative to {@code prev} (Prometheus's DetectReset). */
    static boolean isReset(Histogram prev, Histogram cur) {
        if (cur.hint() == ResetHint.YES) {
            return true;
        }
        if (cur.hint() == ResetHint.NO) {
            return false;
        }
        if (cur.count() < prev.count()) {
            return true;
        }
        if (cur.schema() > prev.schema()) {
            return true;
        }
        if (cur.zeroThreshold() < prev.zeroThreshold()) {
            return true;
        }
        Acc p = Acc.of(prev);
        Acc c = Acc.of(cur);
        p.reduceTo(c.schema);
        p.widenZero(c.zeroThreshold);
        if (p.zeroCount > c.zeroCount) {
            return true;
        }
        for (Map.Entry<Integer, Double> e : p.pos.entrySet()) {
            if (e.getValue() > c.pos.getOrDefault(e.getKey(), 0.0)) {
                return true;
            }
        }
        for (Map.Entry<Integer, Double> e : p.neg.entrySet()) {
            if (e.getValue() > c.neg.getOrDefault(e.getKey(), 0.0)) {
                return true;
            }
        }
        return false;
    }

    /** Whether two histograms carry the same value (buckets compared by index after dropping empty ones). */
    static boolean equalValue(Histogram a, Histogram b) {
        Acc x = Acc.of(a);
        Acc y = Acc.of(b);
        x.pos.values().removeIf(v -> v == 0);
        x.neg.values().removeIf(v -> v == 0);
        y.pos.values().removeIf(v -> v == 0);
        y.neg.values().removeIf(v -> v == 0);
        return x.schema == y.schema && same(x.zeroThreshold, y.zeroThreshold) && same(x.zeroCount, y.zeroCount)
                && same(x.count, y.count) && same(x.sum, y.sum) && x.pos.equals(y.pos) && x.neg.equals(y.neg);
    }

    private static boolean same(double a, double b) {
        return a == b || Double.isNaN(a) && Double.isNaN(b);
    }
}
