package ai.gatewayz.obs.logs.logql.eval;

import java.util.List;

/** An intermediate result: a scalar or a set of series. */
sealed interface Value {
    record Scalar(double value) implements Value {}

    record Vec(List<Series> series) implements Value {}
}
