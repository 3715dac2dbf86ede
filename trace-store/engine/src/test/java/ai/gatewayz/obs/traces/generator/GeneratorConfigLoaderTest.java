package ai.gatewayz.obs.traces.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.traces.generator.GeneratorOptions.TenantOverrides;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A Tempo configuration file's generator blocks, as Tempo reads them; bad values name the key. */
class GeneratorConfigLoaderTest {
    final GeneratorConfigLoader loader = new GeneratorConfigLoader(Map.of("METRICS_STORE_URL", "http://metrics:9090")::get);

    static final String FULL = """
            server:
              http_listen_port: 3200
            distributor:
              receivers: {otlp: {protocols: {http: {}}}}
            metrics_generator:
              metrics_ingestion_time_range_slack: 1m
              registry:
                collection_interval: 5s
                stale_duration: 5m
                external_labels: {source: tempo, cluster: railway}
              processor:
                service_graphs:
                  dimensions: [gen_ai.system, http.status_code]
                  histogram_buckets: [0.1, 0.5, 1]
                  wait: 5s
                  max_items: 500
                  peer_attributes: [peer.service, server.address]
                  enable_virtual_node_label: true
                  span_multiplier_key: X-SampleRatio
                span_metrics:
                  dimensions: [gen_ai.request.model, customer.id]
                  histogram_buckets: [0.05, 0.1, 0.25]
                  intrinsic_dimensions: {status_message: true, span_kind: false}
                  dimension_mappings:
                    - name: provider_model
                      source_labels: [gen_ai.system, gen_ai.request.model]
                      join: /
                  enable_target_info: true
                  target_info_excluded_dimensions: [host.name]
                  enable_instance_label: false
                  span_multiplier_key: X-SampleRatio
              storage:
                path: /var/tempo/generator/wal
                remote_write:
                  - url: ${METRICS_STORE_URL}/api/v1/write
                    send_exemplars: true
                    headers: {Authorization: Bearer t0ken}
                remote_write_add_org_id_header: false
            overrides:
              defaults:
                metrics_generator:
                  processors: [service-graphs, span-metrics, local-blocks]
                  max_active_series: 20000
            """;

    @Test
    void readsTheTempoBlocks() {
        GeneratorConfigLoader.Result r = loader.parse(FULL, Path.of("."));
        GeneratorOptions o = r.options();
        assertThat(r.present()).isTrue();
        assertThat(r.warnings()).isEmpty();
        assertThat(o.ingestionSlack()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.registry()).isEqualTo(new GeneratorOptions.Registry(Duration.ofSeconds(5), Duration.ofMinutes(5),
                Labels.of("source", "tempo", "cluster", "railway"), 1024, 2048));
        assertThat(o.serviceGraphs()).isEqualTo(new GeneratorOptions.ServiceGraphs(List.of("gen_ai.system", "http.status_code"),
                List.of(0.1, 0.5, 1.0), Duration.ofSeconds(5), 500, List.of("peer.service", "server.address"), false, true,
                "X-SampleRatio"));
        assertThat(o.spanMetrics()).isEqualTo(new GeneratorOptions.SpanMetrics(true, true, false, true, true,
                List.of("gen_ai.request.model", "customer.id"), List.of(0.05, 0.1, 0.25), List.of(),
                List.of(new GeneratorOptions.DimensionMapping("provider_model", List.of("gen_ai.system", "gen_ai.request.model"), "/")),
                true, List.of("host.name"), false, "X-SampleRatio"));
        assertThat(o.remoteWrite()).containsExactly(new GeneratorOptions.RemoteWriteTarget("generator-0",
                URI.create("http://metrics:9090/api/v1/write"), Map.of("Authorization", "Bearer t0ken")));
        assertThat(o.addOrgIdHeader()).isFalse();
        assertThat(o.overrides().forTenant("anyone")).isEqualTo(new TenantOverrides(
                Set.of("service-graphs", "span-metrics", "local-blocks"), 20000));
    }

    @Test
    void withoutTheBlockTempoDefaultsApplyAndNothingIsEnabled() {
        GeneratorConfigLoader.Result r = loader.parse("server: {http_listen_port: 3200}\n", Path.of("."));
        assertThat(r.present()).isFalse();
        assertThat(r.options()).isEqualTo(GeneratorConfigLoader.defaults());
        assertThat(r.options().spanMetrics().buckets()).hasSize(14).startsWith(0.002).endsWith(16.384);
        assertThat(r.options().serviceGraphs().buckets()).containsExactly(0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8);
        assertThat(r.options().overrides().forTenant("anonymous").processors()).isEmpty();
    }

    @Test
    void unknownKeysAreWarningsNotErrors() {
        GeneratorConfigLoader.Result r = loader.parse("""
                metrics_generator:
                  shiny: true
                  processor:
                    span_metrics: {colour: red}
                    new_processor: {}
                  registry: {max_series: 3}
                """, Path.of("."));
        assertThat(r.warnings()).containsExactly("unsupported key ignored [key=metrics_generator.shiny]",
                "unsupported key ignored [key=metrics_generator.processor.new_processor]",
                "unsupported key ignored [key=span_metrics.colour]",
                "unsupported key ignored [key=metrics_generator.registry.max_series]");
    }

    @Test
    void perTenantOverrideFileReplacesTheDefaultsOfItsTenants(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("per-tenant.yaml"), """
                overrides:
                  "team-a":
                    metrics_generator:
                      processors: [span-metrics]
                  "team-b":
                    metrics_generator_max_active_series: 10
                """);
        GeneratorOptions o = loader.parse("""
                overrides:
                  metrics_generator_processors: [service-graphs]
                  per_tenant_override_config: per-tenant.yaml
                """, dir).options();
        assertThat(o.overrides().forTenant("team-a")).isEqualTo(new TenantOverrides(Set.of("span-metrics"), 0));
        assertThat(o.overrides().forTenant("team-b")).isEqualTo(new TenantOverrides(Set.of("service-graphs"), 10));
        assertThat(o.overrides().forTenant("anonymous")).isEqualTo(new TenantOverrides(Set.of("service-graphs"), 0));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("bad url", "metrics_generator:\n  storage:\n    remote_write:\n      - url: ftp://x\n",
                        "invalid metrics_generator configuration [key=metrics_generator.storage.remote_write[0].url, value=ftp://x, "
                                + "reason=not an http(s) URL]"),
                Arguments.of("missing url", "metrics_generator:\n  storage:\n    remote_write:\n      - headers: {}\n",
                        "invalid metrics_generator configuration [key=metrics_generator.storage.remote_write[0].url, value=null, "
                                + "reason=not an http(s) URL]"),
                Arguments.of("unknown processor", "overrides:\n  defaults:\n    metrics_generator:\n      processors: [span_metrics]\n",
                        "invalid metrics_generator configuration [key=overrides.metrics_generator.processors, value=span_metrics, "
                                + "reason=unknown processor, expected one of service-graphs, span-metrics, local-blocks, gen-ai]"),
                Arguments.of("bad duration", "metrics_generator:\n  registry:\n    collection_interval: soon\n",
                        "invalid metrics_generator configuration [key=metrics_generator.registry.collection_interval, value=soon, "
                                + "reason=not a duration]"),
                Arguments.of("zero interval", "metrics_generator:\n  registry:\n    collection_interval: 0s\n",
                        "invalid metrics_generator configuration [key=metrics_generator.registry.collection_interval, value=0s, "
                                + "reason=must be positive]"),
                Arguments.of("decreasing buckets", "metrics_generator:\n  processor:\n    span_metrics:\n      histogram_buckets: [1, 0.5]\n",
                        "invalid metrics_generator configuration [key=span_metrics.histogram_buckets, value=0.5, "
                                + "reason=buckets must be finite and increasing]"),
                Arguments.of("negative cap", "overrides:\n  metrics_generator_max_active_series: -1\n",
                        "invalid metrics_generator configuration [key=overrides.metrics_generator.max_active_series, value=-1, "
                                + "reason=not a non-negative integer]"),
                Arguments.of("bad regex", "metrics_generator:\n  processor:\n    span_metrics:\n      filter_policies:\n"
                                + "        - exclude: {match_type: regex, attributes: [{key: name, value: \"(\"}]}\n",
                        "invalid metrics_generator configuration [key=span_metrics.filter_policies[0].exclude.attributes.value, "
                                + "value=(, reason=invalid regex]"),
                Arguments.of("dimensions not a list", "metrics_generator:\n  processor:\n    span_metrics:\n      dimensions: service\n",
                        "invalid metrics_generator configuration [key=span_metrics.dimensions, value=service, reason=not a list]"),
                Arguments.of("mapping without name", "metrics_generator:\n  processor:\n    span_metrics:\n      dimension_mappings:\n"
                                + "        - source_labels: [a]\n",
                        "invalid metrics_generator configuration [key=span_metrics.dimension_mappings[0].name, value=null, "
                                + "reason=a mapping needs a label name]"),
                Arguments.of("mapping without sources", "metrics_generator:\n  processor:\n    span_metrics:\n      dimension_mappings:\n"
                                + "        - name: x\n",
                        "invalid metrics_generator configuration [key=span_metrics.dimension_mappings[0].source_labels, value=null, "
                                + "reason=a mapping needs at least one source attribute]"),
                Arguments.of("target info not a boolean", "metrics_generator:\n  processor:\n    span_metrics:\n      enable_target_info: yes please\n",
                        "invalid metrics_generator configuration [key=span_metrics.enable_target_info, value=yes please, "
                                + "reason=not a boolean]"),
                Arguments.of("multiplier key not a string", "metrics_generator:\n  processor:\n    service_graphs:\n      span_multiplier_key: [a]\n",
                        "invalid metrics_generator configuration [key=service_graphs.span_multiplier_key, value=[a], reason=not a string]"),
                Arguments.of("not yaml", "metrics_generator: [\n",
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidValuesNameTheKey(String name, String yaml, String message) {
        var thrown = assertThatThrownBy(() -> loader.parse(yaml, Path.of("."))).isInstanceOf(SuiteException.class);
        if (message != null) {
            thrown.hasMessage(message);
        } else {
            thrown.hasMessageStartingWith("cannot read metrics_generator configuration [file=top level, reason=invalid YAML:");
        }
    }
}
