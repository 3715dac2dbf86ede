package ai.gatewayz.obs.rules;

import ai.gatewayz.obs.gotemplate.prometheus.TemplateQuery;
import ai.gatewayz.obs.gotemplate.prometheus.TemplateSample;
import java.util.ArrayList;
import java.util.List;

/**
 * How rules reach the store's query engine (PromQL in metrics-store, LogQL in log-store): evaluates {@code expr} as an instant query at {@code timeMs}
 * and returns the resulting vector (a scalar result is returned as one sample with empty labels).
 *
 * <p>Implementations must be thread-safe: groups evaluate concurrently. Evaluation failures are
 * thrown as {@link RuntimeException}s whose message is what the rule reports as its last error.
 */
@FunctionalInterface
public interface QueryFunc {
    List<VectorSample> query(String expr, long timeMs);

    /** This query function as the {@code query} function of rule templates. */
    default TemplateQuery asTemplateQuery() {
        return (expr, t) -> {
            List<TemplateSample> out = new ArrayList<>();
            for (VectorSample s : query(expr, t)) {
                out.add(new TemplateSample(s.labels().toMap(), s.value()));
            }
            return out;
        };
    }
}
