package ai.gatewayz.obs.traces.traceql;

import java.util.List;
import java.util.regex.Pattern;

/** The TraceQL syntax tree. Immutable; every node's static type was checked by the parser. */
final class Ast {
    private Ast() {
    }

    enum Op {
        AND, OR, EQ, NEQ, GT, GTE, LT, LTE, RE, NRE, ADD, SUB, MUL, DIV, MOD, POW, NEG, NOT
    }

    /** A span-level expression inside braces. */
    sealed interface Field permits Lit, AttrRef, Intrinsic, Binary, Unary {
        Type type();
    }

    record Lit(Value value) implements Field {
        public Type type() {
            return value.type();
        }
    }

    /** {@code scope} is span, resource, event, link, instrumentation or "" (unscoped). */
    record AttrRef(String scope, String name, boolean parent) implements Field {
        public Type type() {
            return Type.ATTRIBUTE;
        }
    }

    record Intrinsic(String name, Type type) implements Field {
    }

    record Binary(Op op, Field left, Field right, Type type, Pattern regex) implements Field {
    }

    record Unary(Op op, Field expr, Type type) implements Field {
    }

    /** Something that yields spansets per trace. */
    sealed interface Spansets permits Filter, SpansetOp, Grouped {
    }

    record Filter(Field condition) implements Spansets {
    }

    /** Logical (AND, OR) or structural operator between spansets; see {@link Structural}. */
    record SpansetOp(String op, Spansets left, Spansets right) implements Spansets {
    }

    record Grouped(Pipeline pipeline) implements Spansets {
    }

    sealed interface Stage permits SpansetStage, By, Coalesce, Select, ScalarFilter {
    }

    record SpansetStage(Spansets spansets) implements Stage {
    }

    record By(List<Field> fields) implements Stage {
    }

    record Coalesce() implements Stage {
    }

    record Select(List<Field> fields) implements Stage {
    }

    record ScalarFilter(Scalar left, Op op, Scalar right) implements Stage {
    }

    sealed interface Scalar permits Aggregate, ScalarLit, ScalarBinary, ScalarNeg {
    }

    /** count() (arg null), avg, min, max, sum. */
    record Aggregate(String fn, Field arg) implements Scalar {
    }

    record ScalarLit(Value value) implements Scalar {
    }

    record ScalarBinary(Op op, Scalar left, Scalar right) implements Scalar {
    }

    record ScalarNeg(Scalar expr) implements Scalar {
    }

    record Pipeline(List<Stage> stages) {
    }

    /** A whole query: the pipeline and its {@code with(...)} hints (accepted, not interpreted). */
    record Query(Pipeline pipeline, String text) {
    }

    // ---- TraceQL metrics

    /** A metrics expression: a pipeline ending in a metrics function, arithmetic between them, or a constant operand. */
    sealed interface Metrics permits MetricsPipeline, MetricsBinary, MetricsConst {
    }

    /**
     * A metrics function: {@code fn} is rate, count_over_time, sum/min/max/avg_over_time,
     * quantile_over_time, histogram_over_time or compare; {@code arg} its attribute (null for
     * rate/count/compare); {@code selection}, {@code topN}, {@code startNs}/{@code endNs} (0 = none)
     * only for compare.
     */
    record MetricsFn(String fn, Field arg, List<Double> quantiles, List<Field> by, Spansets selection, int topN, long startNs,
            long endNs) {
    }

    record MetricsPipeline(Pipeline search, MetricsFn fn, List<SecondStage> second) implements Metrics {
    }

    record MetricsBinary(Op op, Metrics left, Metrics right) implements Metrics {
    }

    record MetricsConst(double value) implements Metrics {
    }

    /** What runs on series after a metrics function: topk/bottomk per timestamp, or a threshold on each sample. */
    sealed interface SecondStage permits TopK, ValueFilter {
    }

    record TopK(boolean top, int k) implements SecondStage {
    }

    record ValueFilter(Op op, double threshold) implements SecondStage {
    }

    record MetricsQuery(Metrics expr, List<SecondStage> second, String text) {
    }
}
