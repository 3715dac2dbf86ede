package ai.gatewayz.obs.metrics.promql;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.promql.engine.PromqlEngine;
import ai.gatewayz.obs.metrics.promql.engine.QueryOptions;
import ai.gatewayz.obs.metrics.promql.engine.QueryResult;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.rules.VectorSample;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point for rule evaluation: one instant query, result as a vector. A scalar result
 * becomes one sample with empty labels; a string or range-vector result is an error, as in
 * Prometheus's rule manager. Thread-safe.
 */
public final class PromqlQueryFunc {
    private final PromqlEngine engine;

    public PromqlQueryFunc(QueryOptions options) {
        this.engine = new PromqlEngine(options);
    }

    public PromqlQueryFunc() {
        this(QueryOptions.DEFAULTS);
    }

    /** Evaluates {@code expr} at {@code timeMs}; throws {@link ai.gatewayz.obs.common.SuiteException} on errors. */
    public List<VectorSample> query(Storage storage, String expr, long timeMs) {
        QueryResult r = engine.instant(storage, expr, timeMs);
        return switch (r.type()) {
            case SCALAR -> List.of(new VectorSample(Labels.EMPTY, timeMs, r.scalar()));
            case VECTOR -> {
                List<VectorSample> out = new ArrayList<>(r.vector().size());
                for (QueryResult.Sample s : r.vector()) {
                    if (s.h() != null) {
                        continue; // rule results are float samples; native histogram results are not written
                    }
                    out.add(new VectorSample(s.labels(), timeMs, s.v()));
                }
                yield out;
            }
            default -> throw new ai.gatewayz.obs.common.SuiteException(ai.gatewayz.obs.common.ErrorKind.EXECUTION,
                    "rule result is not a vector or scalar [type=" + r.type().description() + "]");
        };
    }
}
