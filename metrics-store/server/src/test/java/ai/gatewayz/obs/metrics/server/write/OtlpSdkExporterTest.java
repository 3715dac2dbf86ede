package ai.gatewayz.obs.metrics.server.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The OpenTelemetry Java SDK's own OTLP/HTTP metric exporter (protobuf, with and without gzip,
 * cumulative and delta) pushing counters, gauges and explicit histograms to the TSDB-backed
 * server; PromQL reads them back under the names and labels Prometheus 3 gives them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OtlpSdkExporterTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("suite.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String query(String promql) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).GET().build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** Pushes one export of the GatewayZ-shaped instruments from a service named {@code service}. */
    private void push(String service, String compression, AggregationTemporalitySelector temporality) {
        OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
                .setEndpoint("http://127.0.0.1:" + port + "/otlp/v1/metrics").setCompression(compression)
                .setAggregationTemporalitySelector(temporality).build();
        PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build();
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), service,
                        AttributeKey.stringKey("service.instance.id"), "pod-1",
                        AttributeKey.stringKey("deployment.environment"), "test"))))
                .registerView(InstrumentSelector.builder().setName("gen_ai.client.operation.duration").build(),
                        View.builder().setAggregation(Aggregation.explicitBucketHistogram(List.of(0.1, 0.5, 1.0, 5.0))).build())
                .registerMetricReader(reader).build();
        try {
            Meter meter = provider.get("gatewayz");
            LongCounter requests = meter.counterBuilder("gatewayz.requests").setUnit("{request}").build();
            Attributes openai = Attributes.of(AttributeKey.stringKey("gen_ai.provider.name"), "openai");
            requests.add(3, openai);
            requests.add(4, openai);
            meter.gaugeBuilder("gatewayz.cache.hit").setUnit("1").buildWithCallback(g -> g.record(0.75));
            DoubleHistogram latency = meter.histogramBuilder("gen_ai.client.operation.duration").setUnit("s").build();
            for (double v : new double[] {0.25, 0.25, 0.5, 0.75, 2.0}) {
                latency.record(v, openai);
            }
            CompletableResultCode flushed = reader.forceFlush().join(10, TimeUnit.SECONDS);
            assertThat(flushed.isSuccess()).isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip"})
    void cumulativeExportReadsBackWithPrometheus3Names(String compression) throws Exception {
        String svc = "gateway-" + compression;
        push(svc, compression, AggregationTemporalitySelector.alwaysCumulative());
        String sel = "{job=\"" + svc + "\",gen_ai_provider_name=\"openai\"}";
        assertThat(query("gatewayz_requests_total" + sel)).contains("\"instance\":\"pod-1\"").contains("\"7\"]");
        assertThat(query("gatewayz_cache_hit_ratio{job=\"" + svc + "\"}")).contains("\"0.75\"]");
        assertThat(query("gen_ai_client_operation_duration_seconds_bucket" + sel.replace("}", ",le=\"0.5\"}"))).contains("\"3\"]");
        assertThat(query("gen_ai_client_operation_duration_seconds_bucket" + sel.replace("}", ",le=\"+Inf\"}"))).contains("\"5\"]");
        assertThat(query("gen_ai_client_operation_duration_seconds_count" + sel)).contains("\"5\"]");
        assertThat(query("gen_ai_client_operation_duration_seconds_sum" + sel)).contains("\"3.75\"]");
        assertThat(query("histogram_quantile(0.5, gen_ai_client_operation_duration_seconds_bucket" + sel + ")"))
                .contains("\"result\":[{");
        assertThat(query("target_info{job=\"" + svc + "\"}")).contains("\"deployment_environment\":\"test\"")
                .contains("\"telemetry_sdk_language\":\"java\"");
    }

    @Test
    void deltaExportIsStoredAsACounter() throws Exception {
        push("gateway-delta", "none", AggregationTemporalitySelector.deltaPreferred());
        assertThat(query("gatewayz_requests_total{job=\"gateway-delta\"}")).contains("\"7\"]");
        assertThat(query("gen_ai_client_operation_duration_seconds_count{job=\"gateway-delta\"}")).contains("\"5\"]");
    }

    @Test
    void exponentialHistogramsAreStoredAsNativeHistogramsAndQueried() throws Exception {
        OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
                .setEndpoint("http://127.0.0.1:" + port + "/otlp/v1/metrics")
                .setDefaultAggregationSelector(t -> t == InstrumentType.HISTOGRAM ? Aggregation.base2ExponentialBucketHistogram()
                        : Aggregation.defaultAggregation())
                .build();
        PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build();
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "gateway-exp")))
                .registerMetricReader(reader).build();
        try {
            Meter meter = provider.get("gatewayz");
            meter.histogramBuilder("ttft").setUnit("s").build().record(0.25);
            meter.histogramBuilder("ttft").setUnit("s").build().record(1.5);
            meter.counterBuilder("calls").build().add(2);
            assertThat(reader.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
        assertThat(query("calls_total{job=\"gateway-exp\"}")).contains("\"2\"]");
        assertThat(query("ttft_seconds{job=\"gateway-exp\"}")).contains("\"histogram\":[").contains("\"count\":\"2\",\"sum\":\"1.75\"");
        assertThat(query("histogram_count(ttft_seconds{job=\"gateway-exp\"})")).contains("\"2\"]");
        assertThat(query("histogram_sum(ttft_seconds{job=\"gateway-exp\"})")).contains("\"1.75\"]");
        // the 0.5 quantile lies in the bucket of 0.25, between its bounds
        String q = query("histogram_quantile(0.5, ttft_seconds{job=\"gateway-exp\"})");
        double median = Double.parseDouble(q.replaceAll(".*\"value\":\\[[0-9.]+,\"([^\"]+)\"\\].*", "$1"));
        assertThat(median).isBetween(0.24, 0.26);
    }
}
