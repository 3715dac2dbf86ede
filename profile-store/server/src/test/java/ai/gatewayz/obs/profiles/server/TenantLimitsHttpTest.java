package ai.gatewayz.obs.profiles.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.proto.pprof.PprofProto;
import ai.gatewayz.obs.proto.pyroscope.PushV1;
import ai.gatewayz.obs.proto.pyroscope.TypesV1;
import ai.gatewayz.obs.testkit.TestClock;
import com.google.protobuf.ByteString;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Per-tenant ingest limits over HTTP, on both ingest paths (legacy {@code /ingest} with the JSON
 * envelope, Connect push with Connect errors): rate and series are 429, profile size and label
 * shape 400, a tenant override lifts them. Time is a test clock, so refills happen only when the
 * test advances it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "profiles.storage.engine=memory", "spring.application.name=tenant-limits",
        "profiles.limits.ingestion-rate=4000B", "profiles.limits.ingestion-burst=6000B", "profiles.limits.max-profile-size=3000B",
        "profiles.limits.max-series=3", "profiles.limits.max-label-names-per-series=8", "profiles.limits.max-label-name-length=20",
        "profiles.limits.max-label-value-length=30",
        "profiles.limits.tenants.vip.ingestion-rate=0", "profiles.limits.tenants.vip.max-series=100"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantLimitsHttpTest {
    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        Clock testClock() {
            return TestClock.atMillis(1_700_000_000_000L);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    Clock clock;

    Http.Response ingest(String tenant, String name, byte[] body) {
        return new Http(port).post("/ingest?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), "text/plain", body,
                "X-Scope-OrgID", tenant);
    }

    Http.Response push(String tenant, PushV1.PushRequest req) {
        return new Http(port).post("/push.v1.PusherService/Push", "application/proto", req.toByteArray(), "X-Scope-OrgID", tenant);
    }

    static byte[] folded(int bytes) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() + 10 <= bytes) {
            sb.append("a;b 1\n");
        }
        sb.append("c".repeat(bytes - sb.length() - 3)).append(" 1\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String envelope(String type, String message) {
        return "{\"status\":\"error\",\"errorType\":\"" + type + "\",\"error\":\"" + message + "\"}";
    }

    static PushV1.PushRequest pushOf(byte[] rawProfile, String... labels) {
        PushV1.RawProfileSeries.Builder s = PushV1.RawProfileSeries.newBuilder()
                .addSamples(PushV1.RawSample.newBuilder().setRawProfile(ByteString.copyFrom(rawProfile)));
        for (int i = 0; i < labels.length; i += 2) {
            s.addLabels(TypesV1.LabelPair.newBuilder().setName(labels[i]).setValue(labels[i + 1]));
        }
        return PushV1.PushRequest.newBuilder().addSeries(s).build();
    }

    static byte[] pprof() {
        return PprofProto.Profile.newBuilder().addAllStringTable(List.of("", "cpu", "nanoseconds", "main"))
                .addSampleType(PprofProto.ValueType.newBuilder().setType(1).setUnit(2))
                .addFunction(PprofProto.Function.newBuilder().setId(1).setName(3))
                .addLocation(PprofProto.Location.newBuilder().setId(1).addLine(PprofProto.Line.newBuilder().setFunctionId(1)))
                .addSample(PprofProto.Sample.newBuilder().addLocationId(1).addValue(10))
                .setTimeNanos(1_700_000_000_000_000_000L).build().toByteArray();
    }

    @Test
    void rateLimitIsABurstRefilledByTime() {
        assertThat(clock).isInstanceOf(TestClock.class);
        assertThat(ingest("rate", "app", folded(2500)).status()).isEqualTo(200);
        assertThat(ingest("rate", "app", folded(2500)).status()).isEqualTo(200);
        Http.Response r = ingest("rate", "app", folded(2500));
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.text()).isEqualTo(envelope("too_many_requests",
                "ingestion rate limit exceeded [tenant=rate, request_bytes=2500, limit_bytes_per_second=4000, burst_bytes=6000]"));
        // the rate is checked before decoding: 1,500 bytes that are no profile at all are refused by it
        Http.Response p = push("rate", pushOf(new byte[1500], "__name__", "process_cpu", "service_name", "app"));
        assertThat(p.status()).isEqualTo(429);
        assertThat(p.text()).startsWith("{\"code\":\"resource_exhausted\",\"message\":\"ingestion rate limit exceeded [tenant=rate,");
        ((TestClock) clock).advance(Duration.ofSeconds(1));
        assertThat(ingest("rate", "app", folded(2500)).status()).isEqualTo(200);
        assertThat(ingest("other-tenant", "app", folded(2500)).status()).isEqualTo(200);
        assertThat(ingest("vip", "app", folded(2900)).status()).isEqualTo(200);
        assertThat(ingest("vip", "app", folded(2900)).status()).isEqualTo(200);
        assertThat(ingest("vip", "app", folded(2900)).status()).isEqualTo(200);
    }

    @Test
    void profileSizeIsBadData() {
        Http.Response r = ingest("size", "app", folded(3001));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).isEqualTo(envelope("bad_data",
                "profile exceeds the per-tenant size limit [tenant=size, profile_bytes=3001, limit_bytes=3000]"));
        Http.Response p = push("size-push", pushOf(new byte[3001], "__name__", "process_cpu", "service_name", "app"));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.text()).isEqualTo("{\"code\":\"invalid_argument\",\"message\":"
                + "\"profile exceeds the per-tenant size limit [tenant=size-push, profile_bytes=3001, limit_bytes=3000]\"}");
    }

    @Test
    void multipartPartsAreMeasuredOneByOneAndLabelsPartsAreNoProfile() {
        Http h = new Http(port);
        Http.Response big = h.post("/ingest?name=app&format=jfr", "multipart/form-data; boundary=b",
                Http.multipart("b", "jfr", "jfr", new byte[3001]), "X-Scope-OrgID", "size-multipart");
        assertThat(big.status()).isEqualTo(400);
        assertThat(big.text()).isEqualTo(envelope("bad_data",
                "profile exceeds the per-tenant size limit [tenant=size-multipart, profile_bytes=3001, limit_bytes=3000]"));
        // a 2,000-byte recording with a 2,500-byte labels part passes the size limit and fails as JFR (422)
        Http.Response labels = h.post("/ingest?name=app&format=jfr", "multipart/form-data; boundary=b",
                Http.multipart("b", "jfr", "jfr", new byte[2000], "labels", null, new byte[2500]), "X-Scope-OrgID", "size-multipart-2");
        assertThat(labels.status()).isEqualTo(422);
    }

    record LabelCase(String name, String appName, String message) {
    }

    @Test
    void labelShapeIsBadData() {
        List<LabelCase> cases = List.of(
                new LabelCase("value too long", "app{model=" + "m".repeat(31) + "}",
                        "label value too long [tenant=labels, label=model, length=31, limit=30]"),
                new LabelCase("name too long", "app{abcdefghijklmnopqrstu=x}",
                        "label name too long [tenant=labels, label=abcdefghijklmnopqrstu, length=21, limit=20]"),
                new LabelCase("too many labels", "app{a=1,b=2,c=3,d=4,e=5,f=6}",
                        "series has too many labels [tenant=labels, series=process_cpu{service_name=app}, labels=9, limit=8]"));
        for (LabelCase c : cases) {
            Http.Response r = ingest("labels", c.appName(), folded(100));
            assertThat(r.status()).as(c.name()).isEqualTo(400);
            assertThat(r.text()).as(c.name()).isEqualTo(envelope("bad_data", c.message()));
        }
        Http.Response p = push("labels", pushOf(pprof(), "__name__", "process_cpu", "service_name", "app", "model", "m".repeat(31)));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.text()).isEqualTo("{\"code\":\"invalid_argument\",\"message\":"
                + "\"label value too long [tenant=labels, label=model, length=31, limit=30]\"}");
        assertThat(ingest("labels", "app{a=1,b=2,c=3,d=4,e=5}", folded(100)).status()).isEqualTo(200);
    }

    @Test
    void seriesBudgetPerTenant() {
        for (String s : List.of("s1", "s2", "s3")) {
            assertThat(ingest("series", s, folded(50)).status()).as(s).isEqualTo(200);
        }
        Http.Response r = ingest("series", "s4", folded(50));
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.text()).isEqualTo(envelope("too_many_requests",
                "per-tenant series limit reached [tenant=series, active_series=3, new_series=1, limit=3]"));
        Http.Response p = push("series", pushOf(pprof(), "__name__", "process_cpu", "service_name", "s5"));
        assertThat(p.status()).isEqualTo(429);
        assertThat(p.text()).isEqualTo("{\"code\":\"resource_exhausted\",\"message\":"
                + "\"per-tenant series limit reached [tenant=series, active_series=3, new_series=1, limit=3]\"}");
        assertThat(ingest("series", "s2", folded(50)).status()).as("known series still ingest").isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(ingest("vip", "v" + i, folded(50)).status()).isEqualTo(200);
        }
    }
}
