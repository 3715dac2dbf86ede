package ai.gatewayz.obs.traces.generator;

import static ai.gatewayz.obs.traces.generator.GenSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.TestClock;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.Span;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Token counters per provider × model from both the backend's and OpenLLMetry's usage attributes. */
class GenAiTokensTest {
    static final long T = 1_700_000_000_000L;

    @Test
    void inputAndOutputTokensPerProviderAndModel() {
        TestClock clock = TestClock.atMillis(T);
        RecordingSink sink = new RecordingSink();
        MetricsGenerator g = new MetricsGenerator(SpanMetricsTest.options("""
                metrics_generator: {}
                overrides:
                  defaults:
                    metrics_generator:
                      processors: [gen-ai]
                """), sink, clock);
        g.consume("anonymous", List.of(
                span("gatewayz-api", 1, 2, 1, "unified_handler/gpt-4o", Span.KIND_CLIENT, Span.STATUS_OK, T, 900,
                        Attr.of("gen_ai.system", "openai"), Attr.of("gen_ai.request.model", "gpt-4o"),
                        Attr.of("gen_ai.usage.input_tokens", 120), Attr.of("gen_ai.usage.output_tokens", 30)),
                span("gatewayz-api", 2, 2, 1, "unified_handler/gpt-4o", Span.KIND_CLIENT, Span.STATUS_OK, T, 900,
                        Attr.of("gen_ai.system", "openai"), Attr.of("gen_ai.request.model", "gpt-4o"),
                        Attr.of("gen_ai.usage.input_tokens", 80), Attr.of("gen_ai.usage.output_tokens", 20)),
                span("gatewayz-api", 3, 4, 3, "anthropic.chat", Span.KIND_CLIENT, Span.STATUS_OK, T, 900,
                        Attr.of("gen_ai.system", "anthropic"), Attr.of("gen_ai.request.model", "claude-3-5-sonnet"),
                        Attr.of("gen_ai.usage.prompt_tokens", 7), Attr.of("gen_ai.usage.completion_tokens", "5")),
                span("gatewayz-api", 3, 5, 3, "route_model", Span.KIND_INTERNAL, 0, T, 1)));
        clock.advance(Duration.ofSeconds(15));
        g.tick();
        assertThat(sink.latest("anonymous", "traces_spanmetrics_gen_ai_tokens_total")).isEqualTo(Map.of(
                "{gen_ai_request_model=\"gpt-4o\", gen_ai_system=\"openai\", gen_ai_token_type=\"input\", service=\"gatewayz-api\", "
                        + "span_name=\"unified_handler/gpt-4o\"}", 200.0,
                "{gen_ai_request_model=\"gpt-4o\", gen_ai_system=\"openai\", gen_ai_token_type=\"output\", service=\"gatewayz-api\", "
                        + "span_name=\"unified_handler/gpt-4o\"}", 50.0,
                "{gen_ai_request_model=\"claude-3-5-sonnet\", gen_ai_system=\"anthropic\", gen_ai_token_type=\"input\", "
                        + "service=\"gatewayz-api\", span_name=\"anthropic.chat\"}", 7.0,
                "{gen_ai_request_model=\"claude-3-5-sonnet\", gen_ai_system=\"anthropic\", gen_ai_token_type=\"output\", "
                        + "service=\"gatewayz-api\", span_name=\"anthropic.chat\"}", 5.0));
    }
}
