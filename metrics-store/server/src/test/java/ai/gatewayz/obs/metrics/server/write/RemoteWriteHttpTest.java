package ai.gatewayz.obs.metrics.server.write;

import static ai.gatewayz.obs.metrics.server.write.RwClient.sample;
import static ai.gatewayz.obs.metrics.server.write.RwClient.series;
import static ai.gatewayz.obs.metrics.server.write.RwClient.snappy;
import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.model.Values;
import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import ai.gatewayz.obs.proto.prometheus.v2.RemoteWriteV2;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Remote write over real HTTP against the TSDB-backed server: the contract's checklist RW-1..RW-16
 * as named cases, each asserting status, the message naming the problem and what was stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "metrics.write.max-decoded-size=1MB",
    "metrics.limits.max-label-value-length=64",
    "metrics.limits.max-labels-per-series=8",
    "metrics.limits.overrides.slow.ingestion-rate=1",
    "metrics.limits.overrides.slow.ingestion-burst=5",
    "metrics.limits.overrides.small.max-series=2",
})
class RemoteWriteHttpTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("suite.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    RwClient client;
    final long now = System.currentTimeMillis();

    @BeforeEach
    void setUp() {
        client = new RwClient("http://127.0.0.1:" + port);
    }

    private static RemoteWriteV1.WriteRequest req(RemoteWriteV1.TimeSeries.Builder... ts) {
        RemoteWriteV1.WriteRequest.Builder b = RemoteWriteV1.WriteRequest.newBuilder();
        for (RemoteWriteV1.TimeSeries.Builder t : ts) {
            b.addTimeseries(t);
        }
        return b.build();
    }

    private static void assertWritten(HttpResponse<String> r, long samples) {
        assertThat(r.headers().firstValue(RemoteWriteController.SAMPLES_WRITTEN)).hasValue(Long.toString(samples));
        assertThat(r.headers().firstValue(RemoteWriteController.HISTOGRAMS_WRITTEN)).isPresent();
        assertThat(r.headers().firstValue(RemoteWriteController.EXEMPLARS_WRITTEN)).isPresent();
    }

    @Test
    void rw1ValidRequestIsStoredBitExactIncludingStaleMarkers() {
        HttpResponse<String> r = client.write("t-rw1", req(series("__name__", "up", "job", "a")
                .addSamples(sample(now - 2000, 1))
                .addSamples(sample(now - 1000, Values.STALE_NAN))
                .addSamples(sample(now, Double.NaN))));
        assertThat(r.statusCode()).isEqualTo(204);
        assertWritten(r, 3);
        String raw = client.readRaw("t-rw1", "up");
        assertThat(raw).contains("\"__name__\":\"up\"", "\"job\":\"a\"")
                .contains("[" + (now - 2000) + ",\"1\",\"3ff0000000000000\"]")
                .contains("[" + (now - 1000) + ",\"NaN\",\"7ff0000000000002\"]")
                .contains("[" + now + ",\"NaN\",\"7ff8000000000000\"]");
    }

    @Test
    void rw2MissingEncodingIsSnappyAndGzipIs415() {
        byte[] body = snappy(req(series("__name__", "m", "job", "rw2").addSamples(sample(now, 1))).toByteArray());
        assertThat(client.post("/api/v1/push", RwClient.V1, null, "t-rw2", body).statusCode()).isEqualTo(204);
        HttpResponse<String> gz = client.post("/api/v1/push", RwClient.V1, "gzip", "t-rw2", body);
        assertThat(gz.statusCode()).isEqualTo(415);
        assertThat(gz.body()).contains("content-encoding=gzip");
        assertWritten(gz, 0);
    }

    @Test
    void rw3FramedAndCorruptSnappyAre400() {
        byte[] framed = {(byte) 0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y', 0x01, 0x05, 0, 0, 0, 0, 0};
        HttpResponse<String> r = client.post("/api/v1/write", RwClient.V1, "snappy", "t-rw3", framed);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("snappy").contains("framed");
        HttpResponse<String> junk = client.post("/api/v1/write", RwClient.V1, "snappy", "t-rw3", new byte[] {0x10, 0x7f, 1, 2, 3});
        assertThat(junk.statusCode()).isEqualTo(400);
        assertThat(junk.body()).contains("malformed snappy");
    }

    @Test
    void malformedProtobufIs400() {
        HttpResponse<String> r = client.post("/api/v1/write", RwClient.V1, "snappy", "t-pb",
                snappy(new byte[] {0x0a, (byte) 0xff, (byte) 0xff, 0x01, 0x02}));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("malformed protobuf").contains("prometheus.WriteRequest");
    }

    @Test
    void rw4UnknownContentTypesAre415() {
        byte[] body = snappy(req().toByteArray());
        HttpResponse<String> json = client.post("/api/v1/write", "application/json", "snappy", "t-rw4", body);
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(json.body()).contains("content-type=application/json");
        assertThat(client.post("/api/v1/write", "application/x-protobuf;proto=foo.Bar", "snappy", "t-rw4", body).statusCode())
                .isEqualTo(415);
        assertThat(client.post("/api/v1/write", "Application/X-Protobuf ; proto=prometheus.WriteRequest", "snappy", "t-rw4", body)
                .statusCode()).isEqualTo(204);
    }

    @Test
    void rw5MetadataOnlyRequestIsAcceptedAndStored() {
        RemoteWriteV1.WriteRequest md = RemoteWriteV1.WriteRequest.newBuilder()
                .addMetadata(RemoteWriteV1.MetricMetadata.newBuilder().setMetricFamilyName("http_requests")
                        .setType(RemoteWriteV1.MetricMetadata.MetricType.COUNTER).setHelp("Requests.").setUnit(""))
                .build();
        assertThat(client.write("t-rw5", md).statusCode()).isEqualTo(204);
    }

    @Test
    void rw6SeriesWithoutNameIs400AndValidSeriesAreKept() {
        HttpResponse<String> r = client.write("t-rw6", req(
                series("job", "noname").addSamples(sample(now, 1)),
                series("__name__", "kept", "job", "x").addSamples(sample(now, 2))));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("series without metric name");
        assertWritten(r, 1);
        assertThat(client.readRaw("t-rw6", "kept")).contains("\"job\":\"x\"");
    }

    @Test
    void rw7DuplicateLabelNameIs400AndEmptyLabelIsDropped() {
        HttpResponse<String> dup = client.write("t-rw7", req(series("__name__", "d", "a", "1", "a", "2").addSamples(sample(now, 1))));
        assertThat(dup.statusCode()).isEqualTo(400);
        assertThat(dup.body()).contains("duplicate label name [label=a");
        assertThat(client.write("t-rw7", req(series("__name__", "e", "empty", "", "job", "j").addSamples(sample(now, 1))))
                .statusCode()).isEqualTo(204);
        assertThat(client.readRaw("t-rw7", "e")).contains("\"labels\":{\"__name__\":\"e\",\"job\":\"j\"}");
    }

    @Test
    void rw8ResendIsIdempotentAndConflictingDuplicateIs400() {
        RemoteWriteV1.WriteRequest batch = req(series("__name__", "r", "job", "j")
                .addSamples(sample(now - 3000, 1)).addSamples(sample(now - 2000, 2)).addSamples(sample(now - 1000, 3)));
        assertThat(client.write("t-rw8", batch).statusCode()).isEqualTo(204);
        assertThat(client.write("t-rw8", batch).statusCode()).isEqualTo(204);
        assertThat(client.readRaw("t-rw8", "r").split("\\[" + (now - 2000) + ",", -1)).hasSize(2);
        HttpResponse<String> conflict = client.write("t-rw8", req(series("__name__", "r", "job", "j").addSamples(sample(now - 1000, 9))));
        assertThat(conflict.statusCode()).isEqualTo(400);
        assertThat(conflict.body()).contains("duplicate sample for timestamp");
    }

    @Test
    void rw9OutOfOrderSampleIs400() {
        assertThat(client.write("t-rw9", req(series("__name__", "o").addSamples(sample(now, 1)))).statusCode()).isEqualTo(204);
        HttpResponse<String> r = client.write("t-rw9", req(series("__name__", "o").addSamples(sample(now - 60_000, 1))));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("out of order sample");
    }

    @Test
    void rw10FutureSamplesBeyondTenMinutesAre400() {
        HttpResponse<String> far = client.write("t-rw10", req(series("__name__", "f").addSamples(sample(now + 11 * 60_000, 1))));
        assertThat(far.statusCode()).isEqualTo(400);
        assertThat(far.body()).contains("too far in the future");
        assertThat(client.write("t-rw10", req(series("__name__", "f").addSamples(sample(now + 9 * 60_000, 1)))).statusCode())
                .isEqualTo(204);
    }

    @Test
    void rw12ExemplarsAndNativeHistogramsAreStoredByTheTsdb() {
        RemoteWriteV1.TimeSeries.Builder ts = series("__name__", "lat_bucket", "le", "0.5")
                .addSamples(sample(now, 3))
                .addExemplars(RemoteWriteV1.Exemplar.newBuilder().setValue(0.3).setTimestamp(now)
                        .addLabels(RemoteWriteV1.Label.newBuilder().setName("trace_id").setValue("abc123")));
        HttpResponse<String> ok = client.write("t-rw12", req(ts));
        assertThat(ok.statusCode()).isEqualTo(204);
        assertThat(ok.headers().firstValue(RemoteWriteController.EXEMPLARS_WRITTEN)).hasValue("1");
        HttpResponse<String> h = client.write("t-rw12", req(series("__name__", "nh")
                .addHistograms(RemoteWriteV1.Histogram.newBuilder().setTimestamp(now).setCountInt(3).setSum(1.5)
                        .setSchema(1).setZeroCountInt(1).addPositiveSpans(RemoteWriteV1.BucketSpan.newBuilder().setOffset(2).setLength(2))
                        .addAllPositiveDeltas(java.util.List.of(1L, 0L)))
                .addHistograms(RemoteWriteV1.Histogram.newBuilder().setTimestamp(now + 1000).setCountFloat(2.5).setSum(-1)
                        .setSchema(-2).setZeroCountFloat(0.5).addPositiveSpans(RemoteWriteV1.BucketSpan.newBuilder().setOffset(-1).setLength(1))
                        .addPositiveCounts(2.0))));
        assertThat(h.statusCode()).isEqualTo(204);
        assertThat(h.headers().firstValue(RemoteWriteController.HISTOGRAMS_WRITTEN)).hasValue("2");
        assertThat(client.readRaw("t-rw12", "nh")).contains("\"histograms\":[[" + now
                + ",\"{schema:1 count:3.0 sum:1.5 z_bucket:1.0 z_bucket_w:0.0 hint:UNKNOWN buckets:[1.0, 1.0]@[Span[offset=2, length=2]]",
                "[" + (now + 1000) + ",\"{float schema:-2 count:2.5 sum:-1.0 z_bucket:0.5");
    }

    @Test
    void rw13RemoteWrite2WithWrittenHeadersAndBadRefs() {
        RemoteWriteV2.Request v2 = RemoteWriteV2.Request.newBuilder()
                .addAllSymbols(java.util.List.of("", "__name__", "v2_metric", "job", "j2", "help text", "trace_id", "t1"))
                .addTimeseries(RemoteWriteV2.TimeSeries.newBuilder().addAllLabelsRefs(java.util.List.of(1, 2, 3, 4))
                        .addSamples(RemoteWriteV2.Sample.newBuilder().setTimestamp(now - 1000).setValue(1.5))
                        .addSamples(RemoteWriteV2.Sample.newBuilder().setTimestamp(now).setValue(Values.STALE_NAN))
                        .addExemplars(RemoteWriteV2.Exemplar.newBuilder().addAllLabelsRefs(java.util.List.of(6, 7)).setValue(1).setTimestamp(now))
                        .setMetadata(RemoteWriteV2.Metadata.newBuilder().setType(RemoteWriteV2.Metadata.MetricType.METRIC_TYPE_GAUGE).setHelpRef(5)))
                .build();
        HttpResponse<String> r = client.post("/api/v1/write", RwClient.V2, "snappy", "t-rw13", snappy(v2.toByteArray()));
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue(RemoteWriteController.SAMPLES_WRITTEN)).hasValue("2");
        assertThat(r.headers().firstValue(RemoteWriteController.HISTOGRAMS_WRITTEN)).hasValue("0");
        assertThat(r.headers().firstValue(RemoteWriteController.EXEMPLARS_WRITTEN)).hasValue("1");
        assertThat(client.readRaw("t-rw13", "v2_metric")).contains("\"7ff0000000000002\"");

        RemoteWriteV2.Request bad = RemoteWriteV2.Request.newBuilder().addAllSymbols(java.util.List.of("", "__name__", "x"))
                .addTimeseries(RemoteWriteV2.TimeSeries.newBuilder().addAllLabelsRefs(java.util.List.of(1, 9))
                        .addSamples(RemoteWriteV2.Sample.newBuilder().setTimestamp(now).setValue(1)))
                .build();
        HttpResponse<String> b = client.post("/api/v1/write", RwClient.V2, "snappy", "t-rw13", snappy(bad.toByteArray()));
        assertThat(b.statusCode()).isEqualTo(400);
        assertThat(b.body()).contains("symbol reference out of range [ref=9, symbols=3]");
        assertWritten(b, 0);
    }

    @Test
    void rw14V2BodyWithV1ContentTypeIsAnEmptyRequest() {
        RemoteWriteV2.Request v2 = RemoteWriteV2.Request.newBuilder().addAllSymbols(java.util.List.of("", "__name__", "z"))
                .addTimeseries(RemoteWriteV2.TimeSeries.newBuilder().addAllLabelsRefs(java.util.List.of(1, 2))
                        .addSamples(RemoteWriteV2.Sample.newBuilder().setTimestamp(now).setValue(1)))
                .build();
        HttpResponse<String> r = client.post("/api/v1/write", RwClient.V1, "snappy", "t-rw14", snappy(v2.toByteArray()));
        assertThat(r.statusCode()).isEqualTo(204);
        assertWritten(r, 0);
    }

    @Test
    void rw16DeclaredSizeAboveLimitIs413WithoutDecoding() {
        // A snappy header declaring 100 MiB followed by nothing: refused from the varint alone.
        byte[] body = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x32, 0x00};
        HttpResponse<String> r = client.post("/api/v1/write", RwClient.V1, "snappy", "t-rw16", body);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("decoded remote write body too large").contains("max=1048576");
    }

    @Test
    void labelsOverLimitsAre400NamingTheLimit() {
        HttpResponse<String> longValue = client.write("t-lim", req(series("__name__", "l", "v", "x".repeat(65)).addSamples(sample(now, 1))));
        assertThat(longValue.statusCode()).isEqualTo(400);
        assertThat(longValue.body()).contains("label value too long [limit=64, label=v, length=65");
        RemoteWriteV1.TimeSeries.Builder many = series("__name__", "many");
        for (int i = 0; i < 9; i++) {
            many.addLabels(RemoteWriteV1.Label.newBuilder().setName("l" + i).setValue("v"));
        }
        HttpResponse<String> tooMany = client.write("t-lim", req(many.addSamples(sample(now, 1))));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("too many labels [limit=8, count=10");
    }

    @Test
    void seriesLimitPerTenantIs400AndOtherTenantsAreUnaffected() {
        HttpResponse<String> r = client.write("small", req(
                series("__name__", "s1").addSamples(sample(now, 1)),
                series("__name__", "s2").addSamples(sample(now, 1)),
                series("__name__", "s3").addSamples(sample(now, 1))));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("per-tenant limit exceeded [limit=max_series, value=2");
        assertWritten(r, 2);
        assertThat(client.write("other", req(series("__name__", "s1").addSamples(sample(now, 1)),
                series("__name__", "s2").addSamples(sample(now, 1)),
                series("__name__", "s3").addSamples(sample(now, 1)))).statusCode()).isEqualTo(204);
    }

    @Test
    void ingestionRateLimitIs429() {
        RemoteWriteV1.TimeSeries.Builder ts = series("__name__", "rate");
        for (int i = 0; i < 10; i++) {
            ts.addSamples(sample(now - 10_000 + i, i));
        }
        HttpResponse<String> r = client.write("slow", req(ts));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).contains("ingestion rate limit exceeded [tenant=slow");
    }

    @Test
    void tenantsAreIsolated() {
        assertThat(client.write("tenant-a", req(series("__name__", "iso", "t", "a").addSamples(sample(now, 1)))).statusCode())
                .isEqualTo(204);
        assertThat(client.readRaw("tenant-a", "iso")).contains("\"t\":\"a\"");
        assertThat(client.readRaw("tenant-b", "iso")).isEqualTo("{\"status\":\"success\",\"data\":[]}");
        assertThat(client.readRaw(null, "iso")).isEqualTo("{\"status\":\"success\",\"data\":[]}");
        HttpResponse<String> badTenant = client.post("/api/v1/write", RwClient.V1, "snappy", "../etc", snappy(req().toByteArray()));
        assertThat(badTenant.statusCode()).isEqualTo(400);
        assertThat(badTenant.body()).contains("invalid tenant ID");
    }

    @Test
    void mimirPathsAndMethodCheck() {
        byte[] body = snappy(req(series("__name__", "mp").addSamples(sample(now, 1))).toByteArray());
        assertThat(client.post("/prometheus/api/v1/push", RwClient.V1, "snappy", "t-mp", body).statusCode()).isEqualTo(204);
        assertThat(client.get("/api/v1/write", null).statusCode()).isEqualTo(405);
    }
}
