package ai.gatewayz.obs.metrics.rules;

import ai.gatewayz.obs.metrics.model.VectorSample;
import java.util.List;

/**
 * How rules reach the PromQL engine: evaluates {@code expr} as an instant query at {@code timeMs}
 * and returns the resulting vector (a scalar result is returned as one sample with empty labels).
 *
 * <p>Implementations must be thread-safe: groups evaluate concurrently. Evaluation failures are
 * thrown as {@link RuntimeException}s whose message is what the rule reports as its last error.
 */
@FunctionalInterface
public interface QueryFunc {
    List<VectorSample> query(String expr, long timeMs);
}
