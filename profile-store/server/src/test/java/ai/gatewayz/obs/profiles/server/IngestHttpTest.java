package ai.gatewayz.obs.profiles.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.proto.pyroscope.PushV1;
import ai.gatewayz.obs.proto.pyroscope.QuerierV1;
import ai.gatewayz.obs.proto.pyroscope.TypesV1;
import ai.gatewayz.obs.testkit.Peers;
import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The ingest checklist of wire-protocols.md §5.5 over HTTP: statuses exactly per contract, every
 * body format, JFR from a real JDK recording, the Connect push in both encodings, tenants, and
 * fuzzed bodies that must never produce a 5xx.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "profiles.storage.engine=memory")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestHttpTest {
    static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";

    @LocalServerPort
    int port;

    Http http() {
        return new Http(port);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    Http.Response ingest(String tenant, String query, String contentType, byte[] body) {
        return http().post("/ingest?" + query, contentType, body, "X-Scope-OrgID", tenant);
    }

    QuerierV1.FlameGraph flame(String tenant, String type, String selector) throws Exception {
        Http.Response r = http().post("/querier.v1.QuerierService/SelectMergeStacktraces", "application/proto",
                QuerierV1.SelectMergeStacktracesRequest.newBuilder().setProfileTypeID(type).setLabelSelector(selector)
                        .setStart(0).setEnd(4_000_000_000_000L).build().toByteArray(), "X-Scope-OrgID", tenant);
        assertThat(r.status()).isEqualTo(200);
        return QuerierV1.SelectMergeStacktracesResponse.parseFrom(r.body()).getFlamegraph();
    }

    record Case(String name, String query, String contentType, byte[] body, int status, String message) {
    }

    @Test
    void statusesFollowTheContract() {
        byte[] folded = "a;b 1\n".getBytes(StandardCharsets.UTF_8);
        List<Case> cases = List.of(
                new Case("missing name", "from=1700000000", "text/plain", folded, 400, "missing required parameter [name=]"),
                new Case("empty name", "name=", "text/plain", folded, 400, "missing required parameter [name=]"),
                new Case("invalid label name", "name=" + enc("app{bad-name=x}"), "text/plain", folded, 400,
                        "cannot parse name: invalid label name bad-name [name=app{bad-name=x}]"),
                new Case("reserved label", "name=" + enc("app{__name__=x}"), "text/plain", folded, 400,
                        "cannot parse name: reserved label name __name__ [name=app{__name__=x}]"),
                new Case("unclosed labels", "name=" + enc("app{a=b"), "text/plain", folded, 400,
                        "cannot parse name: missing closing '}' [name=app{a=b]"),
                new Case("unknown format", "name=app&format=xml", "text/plain", folded, 400, "unknown profile format [format=xml]"),
                new Case("trie format", "name=app&format=trie", "binary/octet-stream", folded, 422, "unsupported profile format [format=trie]"),
                new Case("tree content type", "name=app", "binary/octet-stream+tree", folded, 422, "unsupported profile format [format=tree]"),
                new Case("bad from", "name=app&from=yesterday", "text/plain", folded, 400, "invalid parameter [from=yesterday]"),
                new Case("bad sampleRate", "name=app&sampleRate=0", "text/plain", folded, 400, "invalid parameter [sampleRate=0]"),
                new Case("bad units", "name=app&units=furlongs", "text/plain", folded, 400, "invalid parameter [units=furlongs]"),
                new Case("bad aggregation", "name=app&aggregationType=max", "text/plain", folded, 400, "invalid parameter [aggregationType=max]"),
                new Case("bad folded line", "name=app", "text/plain", "a;b x\n".getBytes(StandardCharsets.UTF_8), 400,
                        "cannot parse folded stack line [line=1, text=a;b x]"),
                new Case("garbage pprof", "name=app&format=pprof", "application/octet-stream",
                        "not a profile".getBytes(StandardCharsets.UTF_8), 422, null),
                new Case("garbage jfr", "name=app&format=jfr", "application/octet-stream",
                        "not a recording".getBytes(StandardCharsets.UTF_8), 422, null),
                new Case("ok folded", "name=app", "text/plain", folded, 200, null));
        for (Case c : cases) {
            Http.Response r = ingest("statuses", c.query(), c.contentType(), c.body());
            assertThat(r.status()).as(c.name()).isEqualTo(c.status());
            if (c.message() != null) {
                assertThat(r.text()).as(c.name()).contains("\"error\":\"" + c.message().replace("\"", "\\\"") + "\"");
            }
        }
    }

    @Test
    void foldedAndLinesBodies() throws Exception {
        assertThat(ingest("folded", "name=" + enc("svc{env=prod}") + "&from=1700000000&until=1700000010", "text/plain",
                "a;b;c 3\na;b 2\n".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        QuerierV1.FlameGraph g = flame("folded", CPU, "{service_name=\"svc\", env=\"prod\"}");
        assertThat(g.getTotal()).isEqualTo(50_000_000L); // (3 + 2) samples × 10 ms at 100 Hz
        assertThat(ingest("lines", "name=svc&format=lines&units=objects", "text/plain",
                "a;b\na;b\na;c\n".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        assertThat(flame("lines", "memory:alloc_objects:count:space:bytes", "{}").getTotal()).isEqualTo(3);
    }

    @Test
    void fromAndUntilDigitCountsMapToTheSameInstant() throws Exception {
        for (String from : List.of("1700000000", "1700000000000", "1700000000000000", "1700000000000000000")) {
            assertThat(ingest("times-" + from.length(), "name=t&from=" + from, "text/plain", "a 1\n".getBytes(StandardCharsets.UTF_8))
                    .status()).isEqualTo(200);
            Http.Response r = http().post("/querier.v1.QuerierService/GetProfileStats", "application/json", "{}".getBytes(),
                    "X-Scope-OrgID", "times-" + from.length());
            assertThat(r.text()).isEqualTo("{\"dataIngested\":true,\"oldestProfileTime\":\"1700000000000\",\"newestProfileTime\":\"1700000000000\"}");
        }
    }

    @Test
    void pprofRawGzipAndMultipartCarryTheCorpusTotals() throws Exception {
        Path corpus = Peers.corpus("pprof");
        byte[] gz = Files.readAllBytes(corpus.resolve("google-pprof/proto/sample.cpu"));
        byte[] raw = Files.readAllBytes(corpus.resolve("derived/uncompressed/sample.cpu.pb"));
        assertThat(ingest("pprof-gz", "name=go&format=pprof", "application/octet-stream", gz).status()).isEqualTo(200);
        assertThat(ingest("pprof-raw", "name=go&format=pprof", "application/octet-stream", raw).status()).isEqualTo(200);
        String boundary = "b0undary";
        assertThat(ingest("pprof-mp", "name=go", "multipart/form-data; boundary=" + boundary,
                Http.multipart(boundary, "profile", "profile.pprof", gz)).status()).isEqualTo(200);
        for (String t : List.of("pprof-gz", "pprof-raw", "pprof-mp")) {
            assertThat(flame(t, CPU, "{service_name=\"go\"}").getTotal()).as(t).isEqualTo(1_760_000_000L);
            assertThat(flame(t, "process_cpu:samples:count:cpu:nanoseconds", "{}").getTotal()).as(t).isEqualTo(176);
        }
        // a cumulative profile minus itself is empty: prev_profile deltas
        assertThat(ingest("pprof-delta", "name=go", "multipart/form-data; boundary=" + boundary,
                Http.multipart(boundary, "profile", "p", gz, "prev_profile", "p", gz)).status()).isEqualTo(200);
        assertThat(flame("pprof-delta", CPU, "{}").getTotal()).isZero();
        // a pprof whose string_table[0] is not empty is inconsistent: 422
        byte[] bad = ai.gatewayz.obs.proto.pprof.PprofProto.Profile.newBuilder().addStringTable("x").build().toByteArray();
        Http.Response r = ingest("pprof-bad", "name=go&format=pprof", "application/octet-stream", bad);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text()).contains("string_table[0] must be empty");
        assertThat(ingest("pprof-mp-missing", "name=go", "multipart/form-data; boundary=" + boundary,
                Http.multipart(boundary, "other", null, gz)).status()).isEqualTo(400);
    }

    @Test
    void pushInBinaryAndJson() throws Exception {
        byte[] gz = Files.readAllBytes(Peers.corpus("pprof").resolve("parca/two-stacks.pb.gz"));
        PushV1.PushRequest req = PushV1.PushRequest.newBuilder().addSeries(PushV1.RawProfileSeries.newBuilder()
                .addLabels(TypesV1.LabelPair.newBuilder().setName("__name__").setValue("process_cpu"))
                .addLabels(TypesV1.LabelPair.newBuilder().setName("service_name").setValue("pushed"))
                .addSamples(PushV1.RawSample.newBuilder().setRawProfile(ByteString.copyFrom(gz)).setID("7c9e6679-7425-40de-944b-e07fc1f90ae7")))
                .build();
        Http.Response bin = http().post("/push.v1.PusherService/Push", "application/proto", req.toByteArray(), "X-Scope-OrgID", "push-bin");
        assertThat(bin.status()).isEqualTo(200);
        assertThat(bin.body()).isEmpty();
        String json = com.google.protobuf.util.JsonFormat.printer().print(req);
        Http.Response js = http().post("/push.v1.PusherService/Push", "application/json", json.getBytes(StandardCharsets.UTF_8),
                "X-Scope-OrgID", "push-json");
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.text()).isEqualTo("{}");
        assertThat(flame("push-bin", CPU, "{service_name=\"pushed\"}").getTotal()).isEqualTo(flame("push-json", CPU, "{}").getTotal())
                .isPositive();
        Http.Response badBody = http().post("/push.v1.PusherService/Push", "application/proto", new byte[] {(byte) 0xff, 0x01});
        assertThat(badBody.status()).isEqualTo(400);
        assertThat(badBody.text()).startsWith("{\"code\":\"invalid_argument\",\"message\":\"cannot decode request message");
    }

    @Test
    void tenantsAreIsolated() throws Exception {
        assertThat(ingest("tenant-a", "name=iso", "text/plain", "only;a 1\n".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        assertThat(flame("tenant-a", CPU, "{service_name=\"iso\"}").getTotal()).isPositive();
        assertThat(flame("tenant-b", CPU, "{service_name=\"iso\"}").getTotal()).isZero();
    }

    @Test
    void jfrFromARealJdkRecordingWithLabels(@TempDir Path tmp) throws Exception {
        Path jfr = tmp.resolve("rec.jfr");
        try (jdk.jfr.Recording rec = new jdk.jfr.Recording()) {
            rec.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(10));
            rec.start();
            long end = System.nanoTime() + 1_500_000_000L;
            double x = 0;
            while (System.nanoTime() < end) {
                x += Math.sqrt(x + 1);
            }
            assertThat(x).isPositive();
            rec.stop();
            rec.dump(jfr);
        }
        byte[] recording = Files.readAllBytes(jfr);
        String boundary = "jfrb";
        for (boolean compress : new boolean[] {false, true}) {
            String tenant = "jfr-" + compress;
            Http.Response r = ingest(tenant, "name=" + enc("javaapp{env=test}") + "&format=jfr&from=1700000000&until=1700000010"
                    + "&spyName=javaspy&sampleRate=100&units=samples&aggregationType=sum", "multipart/form-data; boundary=" + boundary,
                    Http.multipart(boundary, "jfr", "jfr", compress ? gzip(recording) : recording));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            QuerierV1.FlameGraph g = flame(tenant, CPU, "{service_name=\"javaapp\", env=\"test\", pyroscope_spy=\"javaspy\"}");
            assertThat(g.getTotal()).isPositive();
            assertThat(g.getTotal() % 10_000_000L).isZero();
        }
    }

    @Test
    void fuzzedBodiesNeverGive5xx() throws Exception {
        Random r = new Random(7);
        byte[] seed = Files.readAllBytes(Peers.corpus("pprof").resolve("derived/uncompressed/two-stacks.pb"));
        List<String[]> targets = List.of(
                new String[] {"/ingest?name=fuzz&format=pprof", "application/octet-stream"},
                new String[] {"/ingest?name=fuzz&format=jfr", "application/octet-stream"},
                new String[] {"/ingest?name=fuzz", "multipart/form-data; boundary=zz"},
                new String[] {"/ingest?name=fuzz", "text/plain"},
                new String[] {"/push.v1.PusherService/Push", "application/proto"},
                new String[] {"/push.v1.PusherService/Push", "application/json"},
                new String[] {"/querier.v1.QuerierService/SelectMergeStacktraces", "application/proto"},
                new String[] {"/querier.v1.QuerierService/SelectSeries", "application/json"},
                new String[] {"/querier.v1.QuerierService/Series", "application/proto"},
                new String[] {"/querier.v1.QuerierService/SelectHeatmap", "application/proto"},
                new String[] {"/querier.v1.QuerierService/AnalyzeQuery", "application/proto"},
                new String[] {"/querier.v1.QuerierService/SelectMergeProfile", "application/proto"},
                new String[] {"/querier.v1.QuerierService/Diff", "application/proto"});
        for (int i = 0; i < 195; i++) {
            byte[] body = seed.clone();
            int flips = 1 + r.nextInt(8);
            for (int f = 0; f < flips; f++) {
                body[r.nextInt(body.length)] = (byte) r.nextInt(256);
            }
            if (r.nextBoolean()) {
                body = java.util.Arrays.copyOf(body, r.nextInt(body.length));
            }
            String[] t = targets.get(i % targets.size());
            Http.Response resp = http().post(t[0], t[1], i % 3 == 0 ? gzip(body) : body);
            assertThat(resp.status()).as("%s #%d: %s", t[0], i, resp.text()).isLessThan(500);
        }
    }
}
