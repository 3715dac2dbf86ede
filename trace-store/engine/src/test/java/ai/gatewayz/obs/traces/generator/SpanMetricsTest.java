package ai.gatewayz.obs.traces.generator;

import static ai.gatewayz.obs.traces.generator.GenSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.TestClock;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.Span;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Span metrics computed by hand: exact series, labels, bucket bounds and values, on a test clock. */
class SpanMetricsTest {
    static final long T = 1_700_000_000_000L;
    final TestClock clock = TestClock.atMillis(T);
    final RecordingSink sink = new RecordingSink();

    static GeneratorOptions options(String yaml) {
        return new GeneratorConfigLoader(k -> null).parse(yaml, Path.of(".")).options();
    }

    MetricsGenerator generator(String processorBlock, String overrides) {
        return new MetricsGenerator(options("metrics_generator:\n  processor:\n" + processorBlock + "overrides:\n" + overrides), sink,
                clock);
    }

    static final String SM = """
                span_metrics:
                  dimensions: [gen_ai.system]
                  histogram_buckets: [0.1, 1]
            """;

    static final String ON = "  defaults:\n    metrics_generator:\n      processors: [span-metrics]\n";

    @Test
    void callsLatencyAndSizeWithIntrinsicsAndDimensions() {
        MetricsGenerator g = generator(SM, ON);
        Span ok = span("gatewayz-api", 1, 1, 0, "POST /v1/chat/completions", Span.KIND_SERVER, Span.STATUS_UNSET, T, 50);
        Span slow = span("gatewayz-api", 2, 2, 0, "POST /v1/chat/completions", Span.KIND_SERVER, Span.STATUS_UNSET, T, 700);
        Span err = span("gatewayz-api", 1, 3, 1, "provider_call/openai", Span.KIND_CLIENT, Span.STATUS_ERROR, T, 2500,
                Attr.of("gen_ai.system", "openai"));
        g.consume("anonymous", List.of(ok, slow, err));
        clock.advance(Duration.ofSeconds(15));
        assertThat(g.tick()).isTrue();

        String server = "service=\"gatewayz-api\", span_kind=\"SPAN_KIND_SERVER\", span_name=\"POST /v1/chat/completions\", "
                + "status_code=\"STATUS_CODE_UNSET\"";
        String client = "gen_ai_system=\"openai\", service=\"gatewayz-api\", span_kind=\"SPAN_KIND_CLIENT\", "
                + "span_name=\"provider_call/openai\", status_code=\"STATUS_CODE_ERROR\"";
        assertThat(sink.latest("anonymous", "traces_spanmetrics_calls_total"))
                .isEqualTo(Map.of("{" + client + "}", 1.0, "{" + server + "}", 2.0));
        assertThat(sink.latest("anonymous", "traces_spanmetrics_latency_bucket")).isEqualTo(Map.of(
                "{" + clientWith("0.1") + "}", 0.0, "{" + clientWith("1") + "}", 0.0, "{" + clientWith("+Inf") + "}", 1.0,
                "{le=\"0.1\", " + server + "}", 1.0, "{le=\"1\", " + server + "}", 2.0, "{le=\"+Inf\", " + server + "}", 2.0));
        assertThat(sink.latest("anonymous", "traces_spanmetrics_latency_sum"))
                .isEqualTo(Map.of("{" + client + "}", 2.5, "{" + server + "}", 0.75));
        assertThat(sink.latest("anonymous", "traces_spanmetrics_latency_count"))
                .isEqualTo(Map.of("{" + client + "}", 1.0, "{" + server + "}", 2.0));
        assertThat(sink.latest("anonymous", "traces_spanmetrics_size_total")).isEqualTo(Map.of(
                "{" + client + "}", (double) SpanSize.of(err), "{" + server + "}", (double) (SpanSize.of(ok) + SpanSize.of(slow))));
    }

    @Test
    void latencyBucketsCarryTheLatestTraceIdOfEachIntervalAsExemplar() {
        MetricsGenerator g = generator(SM, ON);
        // trace 1 and 2 land in le=0.1 (2 is later), trace 3 in le=1; nothing lands in +Inf
        g.consume("anonymous", List.of(span("a", 1, 1, 0, "op", Span.KIND_SERVER, 0, T, 50)));
        clock.advance(Duration.ofSeconds(2));
        g.consume("anonymous", List.of(span("a", 2, 1, 0, "op", Span.KIND_SERVER, 0, T + 2000, 80),
                span("a", 3, 1, 0, "op", Span.KIND_SERVER, 0, T + 2000, 500)));
        clock.advance(Duration.ofSeconds(13));
        assertThat(g.tick()).isTrue();
        String base = "{le=\"%s\", service=\"a\", span_kind=\"SPAN_KIND_SERVER\", span_name=\"op\", "
                + "status_code=\"STATUS_CODE_UNSET\"}";
        assertThat(sink.exemplars("anonymous", "traces_spanmetrics_latency_bucket")).containsExactly(
                base.formatted("0.1") + " -> {trace_id=\"00000000000000070000000000000002\"} 0.08@" + (T + 2000),
                base.formatted("1") + " -> {trace_id=\"00000000000000070000000000000003\"} 0.5@" + (T + 2000));
        assertThat(sink.samples.stream().filter(x -> x.exemplar() != null)
                .map(x -> x.labels().get("__name__")).distinct()).containsExactly("traces_spanmetrics_latency_bucket");
        // an exemplar is written once: the next interval without spans has none
        sink.clear();
        clock.advance(Duration.ofSeconds(15));
        assertThat(g.tick()).isTrue();
        assertThat(sink.samples).isNotEmpty();
        assertThat(sink.exemplars("anonymous", "traces_spanmetrics_latency_bucket")).isEmpty();
    }

    @Test
    void dimensionMappingsJoinTheSourceAttributesThatArePresent() {
        MetricsGenerator g = generator("""
                    span_metrics:
                      histogram_buckets: [1]
                      dimension_mappings:
                        - {name: provider.model, source_labels: [gen_ai.system, gen_ai.request.model], join: "/"}
                """, ON);
        g.consume("anonymous", List.of(
                span("a", 1, 1, 0, "both", Span.KIND_CLIENT, 0, T, 1, Attr.of("gen_ai.system", "openai"),
                        Attr.of("gen_ai.request.model", "gpt-4o")),
                span("a", 2, 1, 0, "one", Span.KIND_CLIENT, 0, T, 1, Attr.of("gen_ai.request.model", "gpt-4o")),
                span("a", 3, 1, 0, "none", Span.KIND_CLIENT, 0, T, 1)));
        clock.advance(Duration.ofSeconds(15));
        assertThat(g.tick()).isTrue();
        String rest = "service=\"a\", span_kind=\"SPAN_KIND_CLIENT\", span_name=\"%s\", status_code=\"STATUS_CODE_UNSET\"}";
        assertThat(sink.latest("anonymous", "traces_spanmetrics_calls_total")).isEqualTo(Map.of(
                "{provider_model=\"openai/gpt-4o\", " + rest.formatted("both"), 1.0,
                "{provider_model=\"gpt-4o\", " + rest.formatted("one"), 1.0,
                "{" + rest.formatted("none"), 1.0));
    }

    @Test
    void spanMultiplierKeyCountsEachSpanAsTheInverseOfItsSamplingRatio() {
        MetricsGenerator g = generator("    span_metrics:\n      histogram_buckets: [1]\n      span_multiplier_key: X-SampleRatio\n", ON);
        Span quarter = span("a", 1, 1, 0, "op", Span.KIND_SERVER, 0, T, 500, new Attr("X-SampleRatio", ai.gatewayz.obs.traces.model.AttrValue.dbl(0.25)));
        Span tenth = new Span(new ai.gatewayz.obs.traces.model.TraceId(7, 2), 1, 0, "", 0, "op", Span.KIND_SERVER,
                (T - 2000) * 1_000_000L, T * 1_000_000L, List.of(), 0, List.of(), 0, List.of(), 0, 0, "",
                new ai.gatewayz.obs.traces.model.Resource(List.of(Attr.of("service.name", "a"), new Attr("X-SampleRatio", ai.gatewayz.obs.traces.model.AttrValue.dbl(0.1))), 0, ""),
                GenSpans.SCOPE);
        Span unusable = span("a", 3, 1, 0, "op", Span.KIND_SERVER, 0, T, 500, Attr.of("X-SampleRatio", "half"));
        Span zero = span("a", 4, 1, 0, "op", Span.KIND_SERVER, 0, T, 500, new Attr("X-SampleRatio", ai.gatewayz.obs.traces.model.AttrValue.dbl(0.0)));
        g.consume("anonymous", List.of(quarter, tenth, unusable, zero));
        clock.advance(Duration.ofSeconds(15));
        assertThat(g.tick()).isTrue();
        String l = "{service=\"a\", span_kind=\"SPAN_KIND_SERVER\", span_name=\"op\", status_code=\"STATUS_CODE_UNSET\"}";
        // 4 (span ratio 0.25) + 10 (resource ratio 0.1) + 1 + 1 (no usable ratio)
        assertThat(sink.latest("anonymous", "traces_spanmetrics_calls_total")).isEqualTo(Map.of(l, 16.0));
        assertThat(sink.latest("anonymous", "traces_spanmetrics_latency_count")).isEqualTo(Map.of(l, 16.0));
        assertThat(sink.latest("anonymous", "traces_spanmetrics_latency_sum").get(l)).isCloseTo(4 * 0.5 + 10 * 2.0 + 0.5 + 0.5,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(sink.latest("anonymous", "traces_spanmetrics_latency_bucket")).containsEntry(
                "{le=\"1\", " + l.substring(1), 6.0).containsEntry("{le=\"+Inf\", " + l.substring(1), 16.0);
        assertThat(sink.latest("anonymous", "traces_spanmetrics_size_total")).isEqualTo(Map.of(l,
                4.0 * SpanSize.of(quarter) + 10.0 * SpanSize.of(tenth) + SpanSize.of(unusable) + SpanSize.of(zero)));
    }

    @Test
    void targetInfoCarriesTheResourceAttributesAndSpanMetricsGetJobAndInstance() {
        MetricsGenerator g = generator("""
                    span_metrics:
                      histogram_buckets: [1]
                      enable_target_info: true
                      target_info_excluded_dimensions: [host.name]
                """, ON);
        var pod = new ai.gatewayz.obs.traces.model.Resource(List.of(Attr.of("service.name", "gatewayz-api"),
                Attr.of("service.namespace", "gatewayz"), Attr.of("service.instance.id", "pod-1"),
                Attr.of("deployment.environment", "prod"), Attr.of("host.name", "node-7")), 0, "");
        Span a = new Span(new ai.gatewayz.obs.traces.model.TraceId(7, 1), 1, 0, "", 0, "op", Span.KIND_SERVER,
                (T - 10) * 1_000_000L, T * 1_000_000L, List.of(), 0, List.of(), 0, List.of(), 0, 0, "", pod, GenSpans.SCOPE);
        // a resource with nothing beyond the service name writes no target_info
        Span b = span("worker", 2, 1, 0, "op", Span.KIND_SERVER, 0, T, 10);
        g.consume("anonymous", List.of(a, b));
        clock.advance(Duration.ofSeconds(15));
        assertThat(g.tick()).isTrue();
        assertThat(sink.latest("anonymous", "traces_target_info")).isEqualTo(Map.of(
                "{deployment_environment=\"prod\", instance=\"pod-1\", job=\"gatewayz/gatewayz-api\"}", 1.0));
        String rest = "span_kind=\"SPAN_KIND_SERVER\", span_name=\"op\", status_code=\"STATUS_CODE_UNSET\"}";
        assertThat(sink.latest("anonymous", "traces_spanmetrics_calls_total")).isEqualTo(Map.of(
                "{instance=\"pod-1\", job=\"gatewayz/gatewayz-api\", service=\"gatewayz-api\", " + rest, 1.0,
                "{job=\"worker\", service=\"worker\", " + rest, 1.0));
        // the info series counts towards the active series and goes stale like the others
        assertThat(g.stats().activeSeries()).isEqualTo(2 * (1 + 1 + 1 + 3) + 1);
    }

    private static String clientWith(String le) {
        return "gen_ai_system=\"openai\", le=\"" + le + "\", service=\"gatewayz-api\", span_kind=\"SPAN_KIND_CLIENT\", "
                + "span_name=\"provider_call/openai\", status_code=\"STATUS_CODE_ERROR\"";
    }

    @Test
    void newSeriesStartWithZeroOneMillisecondBeforeTheFirstValueThenOnlyValues() {
        MetricsGenerator g = generator(SM, ON);
        g.consume("anonymous", List.of(span("a", 1, 1, 0, "op", Span.KIND_SERVER, 0, T, 10)));
        clock.advance(Duration.ofSeconds(15));
        g.tick();
        long now = T + 15_000;
        List<RecordingSink.Sample> calls = sink.samples.stream()
                .filter(s -> s.labels().get("__name__").equals("traces_spanmetrics_calls_total")).toList();
        assertThat(calls).extracting(RecordingSink.Sample::timestampMs, RecordingSink.Sample::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(now - 1, 0.0), org.assertj.core.groups.Tuple.tuple(now, 1.0));
        sink.clear();
        clock.advance(Duration.ofSeconds(15));
        g.tick();
        assertThat(sink.samples.stream().filter(s -> s.labels().get("__name__").equals("traces_spanmetrics_calls_total")))
                .extracting(RecordingSink.Sample::timestampMs, RecordingSink.Sample::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(now + 15_000, 1.0));
    }

    @Test
    void nothingIsWrittenBeforeTheCollectionIntervalOnTheClock() {
        MetricsGenerator g = generator(SM, ON);
        g.consume("anonymous", List.of(span("a", 1, 1, 0, "op", Span.KIND_SERVER, 0, T, 10)));
        clock.advance(Duration.ofMillis(14_999));
        assertThat(g.tick()).isFalse();
        assertThat(sink.samples).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(g.tick()).isTrue();
        assertThat(sink.samples).isNotEmpty();
    }

    @Test
    void defaultBucketsAreTempos() {
        MetricsGenerator g = generator("    span_metrics: {}\n", ON);
        g.consume("anonymous", List.of(span("a", 1, 1, 0, "op", Span.KIND_SERVER, 0, T, 3)));
        clock.advance(Duration.ofSeconds(15));
        g.tick();
        assertThat(sink.samples.stream().filter(s -> s.labels().get("__name__").equals("traces_spanmetrics_latency_bucket")
                && s.timestampMs() == T + 15_000).map(s -> s.labels().get("le") + "=" + s.value()))
                .containsExactly("0.002=0.0", "0.004=1.0", "0.008=1.0", "0.016=1.0", "0.032=1.0", "0.064=1.0", "0.128=1.0",
                        "0.256=1.0", "0.512=1.0", "1.024=1.0", "2.048=1.0", "4.096=1.0", "8.192=1.0", "16.384=1.0", "+Inf=1.0");
    }

    @Test
    void filterPoliciesExcludeHealthRoutes() {
        String block = """
                    span_metrics:
                      histogram_buckets: [1]
                      filter_policies:
                        - exclude:
                            match_type: regex
                            attributes:
                              - {key: span.http.route, value: "/health.*|/metrics.*"}
                        - include:
                            match_type: strict
                            attributes:
                              - {key: kind, value: SPAN_KIND_SERVER}
                """;
        MetricsGenerator g = generator(block, ON);
        g.consume("anonymous", List.of(
                span("a", 1, 1, 0, "GET /health", Span.KIND_SERVER, 0, T, 1, Attr.of("http.route", "/health/live")),
                span("a", 2, 2, 0, "GET /v1/models", Span.KIND_SERVER, 0, T, 1, Attr.of("http.route", "/v1/models")),
                span("a", 2, 3, 2, "GET", Span.KIND_CLIENT, 0, T, 1)));
        clock.advance(Duration.ofSeconds(15));
        g.tick();
        assertThat(sink.latest("anonymous", "traces_spanmetrics_calls_total")).containsOnlyKeys(
                "{service=\"a\", span_kind=\"SPAN_KIND_SERVER\", span_name=\"GET /v1/models\", status_code=\"STATUS_CODE_UNSET\"}");
        assertThat(g.stats().spansFiltered()).isEqualTo(2);
    }

    @Test
    void activeSeriesCapFoldsNewSeriesIntoOneOverflowSeriesAndCountsThem() {
        // calls (1) + size (1) + latency (1 bucket + +Inf + sum + count = 4) = 6 series per label set
        MetricsGenerator g = generator("    span_metrics:\n      histogram_buckets: [1]\n",
                "  defaults:\n    metrics_generator:\n      processors: [span-metrics]\n      max_active_series: 12\n");
        for (int i = 0; i < 5; i++) {
            g.consume("anonymous", List.of(span("a", i, i + 1, 0, "op" + i, Span.KIND_SERVER, 0, T, 1)));
        }
        clock.advance(Duration.ofSeconds(15));
        g.tick();
        Map<String, Double> calls = sink.latest("anonymous", "traces_spanmetrics_calls_total");
        assertThat(calls).containsEntry("{metric_overflow=\"true\"}", 3.0).hasSize(3);
        assertThat(calls.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(5.0);
        assertThat(g.stats().seriesLimited()).isEqualTo(3); // 3 spans folded
        assertThat(g.stats().activeSeries()).isEqualTo(18); // 12 + one overflow set of 6
    }

    @Test
    void staleSeriesAreRemovedAndFreeTheirSlots() {
        MetricsGenerator g = generator("    span_metrics:\n      histogram_buckets: [1]\n"
                + "  registry:\n    stale_duration: 1m\n", ON);
        g.consume("anonymous", List.of(span("a", 1, 1, 0, "old", Span.KIND_SERVER, 0, T, 1)));
        clock.advance(Duration.ofSeconds(61));
        g.consume("anonymous", List.of(span("a", 2, 2, 0, "new", Span.KIND_SERVER, 0, T + 61_000, 1)));
        g.tick();
        assertThat(sink.latest("anonymous", "traces_spanmetrics_calls_total")).containsOnlyKeys(
                "{service=\"a\", span_kind=\"SPAN_KIND_SERVER\", span_name=\"new\", status_code=\"STATUS_CODE_UNSET\"}");
        assertThat(g.stats().activeSeries()).isEqualTo(6);
    }

    @Test
    void spansOutsideTheIngestionSlackAreDiscarded() {
        MetricsGenerator g = generator(SM, ON);
        g.consume("anonymous", List.of(span("a", 1, 1, 0, "late", Span.KIND_SERVER, 0, T - 31_000, 1),
                span("a", 2, 2, 0, "future", Span.KIND_SERVER, 0, T + 31_000, 1),
                span("a", 3, 3, 0, "now", Span.KIND_SERVER, 0, T - 29_000, 1)));
        clock.advance(Duration.ofSeconds(15));
        g.tick();
        assertThat(sink.latest("anonymous", "traces_spanmetrics_calls_total")).hasSize(1);
        assertThat(g.stats().spansDiscarded()).isEqualTo(2);
        assertThat(g.stats().spansReceived()).isEqualTo(3);
    }

    @Test
    void tenantsAreEnabledByOverridesAndWrittenIntoTheirOwnTenant(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("overrides.yaml"), """
                overrides:
                  team-a:
                    metrics_generator:
                      processors: [span-metrics]
                  team-b:
                    metrics_generator_processors: []
                """);
        GeneratorOptions o = new GeneratorConfigLoader(k -> null).parse("""
                metrics_generator:
                  processor:
                    span_metrics: {histogram_buckets: [1]}
                overrides:
                  per_tenant_override_config: overrides.yaml
                """, dir).options();
        MetricsGenerator g = new MetricsGenerator(o, sink, clock);
        for (String t : List.of("team-a", "team-b", "anonymous")) {
            g.consume(t, List.of(span("a", 1, 1, 0, "op", Span.KIND_SERVER, 0, T, 1)));
        }
        clock.advance(Duration.ofSeconds(15));
        g.tick();
        assertThat(sink.samples).isNotEmpty().allMatch(s -> s.tenant().equals("team-a"));
        assertThat(g.enabledFor("team-a")).isTrue();
        assertThat(g.enabledFor("team-b")).isFalse();
        assertThat(g.enabledFor("anonymous")).isFalse();
    }

    @Test
    void externalLabelsAndLongValuesFollowTheRegistrySettings() {
        MetricsGenerator g = generator("    span_metrics:\n      histogram_buckets: [1]\n"
                + "  registry:\n    external_labels: {source: tempo}\n    max_label_value_length: 5\n", ON);
        g.consume("anonymous", List.of(span("gatewayz-api", 1, 1, 0, "op", Span.KIND_SERVER, 0, T, 1)));
        clock.advance(Duration.ofSeconds(15));
        g.tick();
        assertThat(sink.latest("anonymous", "traces_spanmetrics_calls_total")).containsOnlyKeys(
                "{service=\"gatew\", source=\"tempo\", span_kind=\"SPAN_\", span_name=\"op\", status_code=\"STATU\"}");
    }
}
