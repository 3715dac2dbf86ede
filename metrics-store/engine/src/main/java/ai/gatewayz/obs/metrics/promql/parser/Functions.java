package ai.gatewayz.obs.metrics.promql.parser;

import static ai.gatewayz.obs.metrics.promql.parser.ValueType.MATRIX;
import static ai.gatewayz.obs.metrics.promql.parser.ValueType.SCALAR;
import static ai.gatewayz.obs.metrics.promql.parser.ValueType.STRING;
import static ai.gatewayz.obs.metrics.promql.parser.ValueType.VECTOR;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The PromQL function signatures (Prometheus 3.x, float samples). Immutable, thread-safe. */
public final class Functions {
    /**
     * A function signature. {@code variadic}: 0 = fixed arity; n > 0 = up to n further args of the
     * last type may be omitted or (for -1) repeated without limit.
     */
    public record Function(String name, List<ValueType> argTypes, int variadic, ValueType returnType) {
    }

    private static final Map<String, Function> ALL = new HashMap<>();

    static {
        for (String n : List.of("abs", "ceil", "exp", "floor", "ln", "log10", "log2", "sqrt", "sgn", "acos", "acosh",
                "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh", "deg", "rad",
                "sort", "sort_desc", "absent", "histogram_count", "histogram_sum", "histogram_avg",
                "histogram_stddev", "histogram_stdvar")) {
            def(n, VECTOR, 0, VECTOR);
        }
        for (String n : List.of("rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets",
                "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time",
                "stddev_over_time", "stdvar_over_time", "last_over_time", "first_over_time", "present_over_time",
                "absent_over_time", "mad_over_time", "ts_of_min_over_time", "ts_of_max_over_time",
                "ts_of_last_over_time", "ts_of_first_over_time")) {
            def(n, VECTOR, 0, MATRIX);
        }
        def("quantile_over_time", VECTOR, 0, SCALAR, MATRIX);
        def("predict_linear", VECTOR, 0, MATRIX, SCALAR);
        def("holt_winters", VECTOR, 0, MATRIX, SCALAR, SCALAR);
        def("double_exponential_smoothing", VECTOR, 0, MATRIX, SCALAR, SCALAR);
        def("histogram_quantile", VECTOR, 0, SCALAR, VECTOR);
        def("histogram_fraction", VECTOR, 0, SCALAR, SCALAR, VECTOR);
        def("clamp", VECTOR, 0, VECTOR, SCALAR, SCALAR);
        def("clamp_max", VECTOR, 0, VECTOR, SCALAR);
        def("clamp_min", VECTOR, 0, VECTOR, SCALAR);
        def("round", VECTOR, 1, VECTOR, SCALAR);
        def("label_replace", VECTOR, 0, VECTOR, STRING, STRING, STRING, STRING);
        def("label_join", VECTOR, -1, VECTOR, STRING, STRING, STRING);
        def("sort_by_label", VECTOR, -1, VECTOR, STRING);
        def("sort_by_label_desc", VECTOR, -1, VECTOR, STRING);
        def("scalar", SCALAR, 0, VECTOR);
        def("vector", VECTOR, 0, SCALAR);
        def("time", SCALAR, 0);
        def("start", SCALAR, 0);
        def("end", SCALAR, 0);
        def("range", SCALAR, 0);
        def("step", SCALAR, 0);
        def("min_of", SCALAR, -1, SCALAR);
        def("max_of", SCALAR, -1, SCALAR);
        def("pi", SCALAR, 0);
        def("timestamp", VECTOR, 0, VECTOR);
        for (String n : List.of("day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute",
                "month", "year")) {
            def(n, VECTOR, 1, VECTOR);
        }
    }

    private Functions() {
    }

    private static void def(String name, ValueType ret, int variadic, ValueType... args) {
        ALL.put(name, new Function(name, List.of(args), variadic, ret));
    }

    /** The function of that name, or null. */
    public static Function get(String name) {
        return ALL.get(name);
    }
}
