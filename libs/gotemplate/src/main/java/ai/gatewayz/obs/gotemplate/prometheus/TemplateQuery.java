package ai.gatewayz.obs.gotemplate.prometheus;

import java.util.List;

/**
 * What the {@code query} template function runs: an instant query of {@code expr} at {@code timeMs}
 * in the store's query language, as {@code .Labels}/{@code .Value} samples. The rule engine adapts
 * its query function to this. Implementations must be thread-safe; failures are thrown as
 * {@link RuntimeException}s and become the template's expansion error.
 */
@FunctionalInterface
public interface TemplateQuery {
    List<TemplateSample> query(String expr, long timeMs);
}
