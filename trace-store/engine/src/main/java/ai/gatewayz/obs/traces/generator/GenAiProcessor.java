package ai.gatewayz.obs.traces.generator;

import ai.gatewayz.obs.traces.generator.GeneratorOptions.GenAi;
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
    private final SpanAttributes attrs;
    private final int[] dimensionSlots;
    private final int input;
    private final int prompt;
    private final int output;
    private final int completion;
    private final String[] values;
    private final SeriesRegistry.Family tokens;

    GenAiProcessor(GenAi options, SeriesRegistry registry, int maxLabelNameLength, SpanAttributes attrs) {
        this.attrs = attrs;
        this.dimensionSlots = options.dimensions().stream().mapToInt(attrs::slot).toArray();
        this.input = attrs.slot("gen_ai.usage.input_tokens");
        this.prompt = attrs.slot("gen_ai.usage.prompt_tokens");
        this.output = attrs.slot("gen_ai.usage.output_tokens");
        this.completion = attrs.slot("gen_ai.usage.completion_tokens");
        List<String> names = new ArrayList<>(List.of("service", "span_name", "gen_ai_token_type"));
        for (String d : options.dimensions()) {
            names.add(LabelNames.sanitize(d, maxLabelNameLength));
        }
        this.values = new String[names.size()];
        this.tokens = registry.counter(TOKENS, names.toArray(String[]::new));
    }

    void consume(Span s, long nowMs) {
        long in = usage(input, prompt);
        long out = usage(output, completion);
        if (in < 0 && out < 0) {
            return;
        }
        values[0] = s.resource().serviceName();
        values[1] = s.name();
        for (int i = 0; i < dimensionSlots.length; i++) {
            String v = attrs.text(dimensionSlots[i]);
            values[3 + i] = v == null ? "" : v;
        }
        if (in >= 0) {
            values[2] = "input";
            tokens.entry(values, nowMs).add(0, in);
        }
        if (out >= 0) {
            values[2] = "output";
            tokens.entry(values, nowMs).add(0, out);
        }
    }

    /** The first of the slots holding a non-negative number, else -1. */
    private long usage(int slot, int fallback) {
        long v = number(attrs.value(slot));
        return v >= 0 ? v : number(attrs.value(fallback));
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
