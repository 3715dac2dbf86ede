package ai.gatewayz.obs.testkit.promqltest;

import ai.gatewayz.obs.common.Labels;
import java.util.List;

/**
 * What the promqltest runner needs from an engine under test: a way to reset and load float
 * samples, and to run instant and range queries. Implementations may be in-process or speak HTTP.
 * Used from one thread at a time.
 */
public interface PromqlTestEngine {
    /** Drops all data (the script's {@code clear}, and the start of every file). */
    void clear();

    /** Appends samples; {@code Double} values keep stale-NaN bits. Series are sorted by time. */
    void load(List<LoadedSeries> series);

    /** Runs an instant query; failures are thrown (any exception = query failure with its message). */
    Result instant(String expr, long timeMs);

    /** Runs a range query. */
    Result range(String expr, long startMs, long endMs, long stepMs);

    /**
     * One series to load: labels and parallel timestamp/value arrays; {@code h[k]} non-null makes
     * point k a native histogram ({@code h} null for a float-only series).
     */
    record LoadedSeries(Labels labels, long[] t, double[] v, TestHistogram[] h) {
        public LoadedSeries(Labels labels, long[] t, double[] v) {
            this(labels, t, v, null);
        }
    }

    /** A query result: exactly one of the shapes, plus annotations. */
    sealed interface Result permits Scalar, Str, Vector, Matrix {
        List<String> warnings();

        List<String> infos();
    }

    record Scalar(double value, List<String> warnings, List<String> infos) implements Result {
    }

    record Str(String value, List<String> warnings, List<String> infos) implements Result {
    }

    /** Instant vector in the engine's order. */
    record Vector(List<Sample> samples, List<String> warnings, List<String> infos) implements Result {
    }

    record Matrix(List<Series> series, List<String> warnings, List<String> infos) implements Result {
    }

    /** A vector element: a float, or a native histogram when {@code h} is non-null. */
    record Sample(Labels labels, double value, TestHistogram h) {
        public Sample(Labels labels, double value) {
            this(labels, value, null);
        }
    }

    /** A matrix series: float points, and native histogram points ({@code ht}/{@code h}, possibly empty). */
    record Series(Labels labels, long[] t, double[] v, long[] ht, TestHistogram[] h) {
        public Series(Labels labels, long[] t, double[] v) {
            this(labels, t, v, new long[0], new TestHistogram[0]);
        }
    }
}
