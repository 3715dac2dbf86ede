package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.traces.generator.GeneratorOptions.GenAi;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * GenAI token usage from spans, beyond Tempo (processor {@code gen-ai}):
 * {@code traces_spanmetrics_gen_ai_tokens_total} adds a span's {@code gen_ai.usage.input_tokens}
 * (or OpenLLMetry's {@code gen_ai.usage.prompt_tokens}) with {@code gen_ai_token_type="input"} and
 * its output tokens ({@code output_tokens} or {@code completion_tokens}) with {@code "output"},
 * labelled {@code service}, {@code span_name} and the configured dimensions (default
 * {@code gen_ai.system}, {@code gen_ai.request.model}: the provider × model matrix). Spans without
 * usage attributes are skipped. The series share the tenant's active-series cap.
 *
 * <p>Not thread-safe: owned by one tenant generator, which serialises calls.
 */
final class GenAiProcessor {
    static final String TOKENS = "traces_spanmetrics_gen_ai_tokens_total";
    private final String[] dimensions;
    private final String[] values;
    private final SeriesRegistry.Counter tokens;

    GenAiProcessor(GenAi options, SeriesRegistry registry, int maxLabelNameLength) {
        this.dimensions = options.dimensions().toArray(String[]::new);
        List<String> names = new ArrayList<>(List.of("service", "span_name", "gen_ai_token_type"));
        for (String d : dimensions) {
            names.add(LabelNames.sanitize(d, maxLabelNameLength));
        }
        this.values = new String[names.size()];
        this.tokens = registry.counter(TOKENS, names.toArray(String[]::new));
    }

    void consume(Span s, long nowMs) {
        long in = usage(s, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens");
        long out = usage(s, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens");
        if (in < 0 && out < 0) {
            return;
        }
        values[0] = s.resource().serviceName();
        values[1] = s.name();
        for (int i = 0; i < dimensions.length; i++) {
            String v = SpanValues.attribute(s, dimensions[i]);
            values[3 + i] = v == null ? "" : v;
        }
        if (in >= 0) {
            values[2] = "input";
            tokens.inc(values, in, nowMs);
        }
        if (out >= 0) {
            values[2] = "output";
            tokens.inc(values, out, nowMs);
        }
    }

    /** The first of the keys holding a non-negative integer (or integral double), else -1. */
    private static long usage(Span s, String key, String fallback) {
        long v = number(Attr.find(s.attributes(), key));
        return v >= 0 ? v : number(Attr.find(s.attributes(), fallback));
    }

    private static long number(AttrValue v) {
        if (v == null) {
            return -1;
        }
        return switch (v.type()) {
            case INT -> v.intValue() >= 0 ? v.intValue() : -1;
            case DOUBLE -> v.doubleValue() >= 0 ? (long) v.doubleValue() : -1;
            case STRING -> {
                try {
                    long l = Long.parseLong(v.stringValue().strip());
                    yield l >= 0 ? l : -1;
                } catch (NumberFormatException e) {
                    yield -1;
                }
            }
            default -> -1;
        };
    }
}
