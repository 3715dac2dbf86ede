package ai.gatewayz.obs.metrics.rules.template;

import java.util.Map;

/** One element of a {@code query} result inside a template: {@code .Labels} and {@code .Value}. Immutable. */
public record TemplateSample(Map<String, String> labels, double value) {
}
