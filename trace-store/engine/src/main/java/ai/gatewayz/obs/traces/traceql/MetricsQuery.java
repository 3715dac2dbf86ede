package ai.gatewayz.obs.traces.traceql;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.traces.storage.TraceQuerier;

/**
 * A parsed, type-checked TraceQL metrics query ({@code {...} | rate() by (...)}, the
 * {@code *_over_time} functions, {@code compare()}, arithmetic, {@code topk}/{@code bottomk} and
 * value filters). Immutable and thread-safe; each evaluation scans the storage itself.
 *
 * <p>Time grid: a range query has intervals {@code [start + i*step, start + (i+1)*step)} with
 * {@code start} aligned down to a multiple of {@code step}, and a sample per interval stamped with
 * its start; an instant query is one interval covering {@code [start, end)}. A span belongs to the
 * interval of its start time. Quantiles are exact (linear interpolation between closest ranks),
 * where Tempo approximates them from power-of-two buckets; {@code with(sample=true)} is accepted
 * and answered exactly.
 */
public final class MetricsQuery {
    /** The most intervals one query may ask for (as Prometheus's 11,000 points). */
    public static final int MAX_INTERVALS = 11_000;

    private final Ast.MetricsQuery ast;

    private MetricsQuery(Ast.MetricsQuery ast) {
        this.ast = ast;
    }

    /** @throws SuiteException BAD_DATA with a Tempo-style message */
    public static MetricsQuery parse(String text) {
        if (!MetricsParser.isMetrics(text)) {
            TraceqlQuery.parse(text); // a bad search query reports its own error first
            throw TraceqlErrors.type("not a metrics query: add a metrics function such as | rate() [query=" + text + "]");
        }
        return new MetricsQuery(MetricsParser.parse(text));
    }

    /** True when {@code text} names a metrics function (rate(), count_over_time(), ..., compare()). */
    public static boolean isMetrics(String text) {
        return MetricsParser.isMetrics(text);
    }

    public String text() {
        return ast.text();
    }

    /** Range evaluation over {@code [startNanos, endNanos)} in steps of {@code stepNanos}. */
    public MetricsResult range(TraceQuerier querier, String tenant, long startNanos, long endNanos, long stepNanos, int exemplars) {
        if (stepNanos <= 0) {
            throw new SuiteException(ErrorKind.BAD_DATA, "step must be positive [step=" + stepNanos + "ns]");
        }
        long alignedStart = Math.floorDiv(startNanos, stepNanos) * stepNanos;
        long intervals = Math.max(1, (endNanos - alignedStart + stepNanos - 1) / stepNanos);
        if (intervals > MAX_INTERVALS) {
            throw new SuiteException(ErrorKind.BAD_DATA, "too many intervals: reduce the range or raise step [intervals=" + intervals
                    + ", limit=" + MAX_INTERVALS + "]");
        }
        return run(querier, tenant, alignedStart, stepNanos, (int) intervals, exemplars);
    }

    /** Instant evaluation: one value per series over {@code [startNanos, endNanos)}. */
    public MetricsResult instant(TraceQuerier querier, String tenant, long startNanos, long endNanos) {
        return run(querier, tenant, startNanos, Math.max(1, endNanos - startNanos), 1, 0);
    }

    private MetricsResult run(TraceQuerier querier, String tenant, long start, long step, int n, int exemplars) {
        MetricsEvaluator e = new MetricsEvaluator(querier, tenant, start, step, n, exemplars);
        var series = e.evaluate(ast);
        return new MetricsResult(series, e.inspectedTraces, e.inspectedSpans);
    }
}
