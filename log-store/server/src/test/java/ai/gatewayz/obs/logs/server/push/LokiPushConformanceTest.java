package ai.gatewayz.obs.logs.server.push;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.server.LokiHttp;
import ai.gatewayz.obs.logs.server.StoredLogs;
import ai.gatewayz.obs.logs.server.StoredLogs.Row;
import ai.gatewayz.obs.logs.storage.TenantLogStorages;
import ai.gatewayz.obs.proto.loki.LokiPush;
import com.google.protobuf.Timestamp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xerial.snappy.Snappy;

/**
 * Replays the Loki push checklist LK-1 … LK-15 of contracts/wire-protocols.md §3.7 against the
 * server on its on-disk storage, asserting exact statuses; stored data is read back through the
 * storage seam (the query API has its own conformance test).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "log.push.tenants.slow.ingestion-rate=100B", "log.push.tenants.slow.ingestion-burst=100B"})
class LokiPushConformanceTest {
    @TempDir
    static Path data;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry r) {
        r.add("suite.data-dir", () -> data.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    TenantLogStorages storages;

    LokiHttp http;
    String tenant;
    static int counter;

    @BeforeEach
    void client() {
        http = new LokiHttp(port);
        tenant = "lk-" + (++counter);
    }

    private static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    private LokiHttp.Response push(String json) {
        return http.postJson("/loki/api/v1/push", json, tenant);
    }

    private static String v1(String stream, long ts, String line) {
        return "{\"streams\":[{\"stream\":" + stream + ",\"values\":[[\"" + ts + "\",\"" + line + "\"]]}]}";
    }

    private List<Row> stored() {
        return StoredLogs.all(storages, tenant);
    }

    @Test
    void lk01JsonPushIs204WithEmptyBodyAndKeepsTheNanosecondTimestamp() {
        long ts = now() - 123_456_789L;
        LokiHttp.Response r = push(v1("{\"app\":\"api\"}", ts, "GET /health 200"));
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(stored()).extracting(Row::ts, Row::line).containsExactly(org.assertj.core.groups.Tuple.tuple(ts, "GET /health 200"));
    }

    @Test
    void lk02StructuredMetadataIsStoredAsMetadataNotLabels() {
        long ts = now();
        assertThat(push("{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[[\"" + ts
                + "\",\"slow query\",{\"trace_id\":\"4bf92f3577b34da6\",\"user\":\"u1\"}]]}]}").status()).isEqualTo(204);
        Row row = stored().getFirst();
        assertThat(row.stream()).isEqualTo(Labels.of("app", "api", "service_name", "api"));
        assertThat(row.md().get("trace_id")).isEqualTo("4bf92f3577b34da6");
        assertThat(row.md().get("user")).isEqualTo("u1");
    }

    @Test
    void lk03NumericTimestampIs400() {
        LokiHttp.Response r = push("{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[[" + now() + ",\"x\"]]}]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).startsWith("malformed JSON push body [detail=timestamp must be a string of nanoseconds");
    }

    @Test
    void lk04GzipAndDeflateJsonAre204() throws IOException {
        byte[] body = v1("{\"app\":\"gz\"}", now(), "zipped").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream o = new GZIPOutputStream(gz)) {
            o.write(body);
        }
        ByteArrayOutputStream df = new ByteArrayOutputStream();
        try (DeflaterOutputStream o = new DeflaterOutputStream(df)) {
            o.write(v1("{\"app\":\"df\"}", now(), "deflated").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(http.post("/loki/api/v1/push", gz.toByteArray(), Map.of("Content-Type", "application/json",
                "Content-Encoding", "gzip", "X-Scope-OrgID", tenant)).status()).isEqualTo(204);
        assertThat(http.post("/loki/api/v1/push", df.toByteArray(), Map.of("Content-Type", "application/json",
                "Content-Encoding", "deflate", "X-Scope-OrgID", tenant)).status()).isEqualTo(204);
        assertThat(stored()).extracting(Row::line).containsExactlyInAnyOrder("zipped", "deflated");
    }

    private static byte[] protoBody(String labels, long ts, String line) throws IOException {
        LokiPush.PushRequest req = LokiPush.PushRequest.newBuilder().addStreams(LokiPush.StreamAdapter.newBuilder()
                .setLabels(labels).addEntries(LokiPush.EntryAdapter.newBuilder()
                        .setTimestamp(Timestamp.newBuilder().setSeconds(ts / 1_000_000_000L).setNanos((int) (ts % 1_000_000_000L)))
                        .setLine(line))).build();
        return Snappy.compress(req.toByteArray());
    }

    @Test
    void lk05SnappyProtobufWithAndWithoutContentTypeAndWithSnappyEncoding() throws IOException {
        long ts = now();
        assertThat(http.post("/loki/api/v1/push", protoBody("{app=\"p\"}", ts, "one"),
                Map.of("Content-Type", "application/x-protobuf", "X-Scope-OrgID", tenant)).status()).isEqualTo(204);
        assertThat(http.post("/loki/api/v1/push", protoBody("{app=\"p\"}", ts + 1, "two"),
                Map.of("X-Scope-OrgID", tenant)).status()).isEqualTo(204);
        assertThat(http.post("/loki/api/v1/push", protoBody("{app=\"p\"}", ts + 2, "three"),
                Map.of("Content-Type", "application/x-protobuf", "Content-Encoding", "snappy", "X-Scope-OrgID", tenant))
                .status()).isEqualTo(204);
        assertThat(stored()).extracting(Row::ts).containsExactly(ts, ts + 1, ts + 2);
    }

    @Test
    void lk06BadSelectorsAre400() throws IOException {
        StringBuilder sixteen = new StringBuilder("{");
        for (int i = 0; i < 16; i++) {
            sixteen.append(i == 0 ? "" : ", ").append("l").append(i).append("=\"v\"");
        }
        sixteen.append('}');
        Map<String, String> cases = new HashMap<>();
        cases.put("{}", "error at least one label pair is required per stream");
        cases.put("{app=", "error parsing labels '{app=' with error: parse error at line 1, col 6: syntax error: unexpected $end, expecting STRING");
        cases.put("{a=\"1\", a=\"2\"}", "stream '{a=\"1\", a=\"2\"}' has duplicate label name: 'a'");
        cases.put(sixteen.toString(), "entry for stream '" + sixteen + "' has 16 label names; limit 15");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            LokiHttp.Response r = http.post("/loki/api/v1/push", protoBody(c.getKey(), now(), "x"),
                    Map.of("Content-Type", "application/x-protobuf", "X-Scope-OrgID", tenant));
            assertThat(r.status()).as(c.getKey()).isEqualTo(400);
            assertThat(r.body()).as(c.getKey()).isEqualTo(c.getValue() + "\ntotal ignored: 1 out of 1\n");
        }
        assertThat(stored()).isEmpty();
    }

    @Test
    void lk07LongLineAndLongLabelValueAre400() {
        assertThat(push(v1("{\"app\":\"a\"}", now(), "x".repeat(256 * 1024 + 1))).status()).isEqualTo(400);
        assertThat(push(v1("{\"app\":\"a\"}", now(), "x".repeat(256 * 1024))).status()).isEqualTo(204);
        assertThat(push(v1("{\"app\":\"" + "v".repeat(2049) + "\"}", now(), "x")).status()).isEqualTo(400);
    }

    @Test
    void lk08TooOldAndTooNewAre400() {
        LokiHttp.Response old = push(v1("{\"app\":\"a\"}", now() - Duration.ofDays(8).toNanos(), "old"));
        assertThat(old.status()).isEqualTo(400);
        assertThat(old.body()).contains("has timestamp too old");
        LokiHttp.Response future = push(v1("{\"app\":\"a\"}", now() + Duration.ofMinutes(11).toNanos(), "new"));
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.body()).contains("has timestamp too new");
    }

    @Test
    void lk09OutOfOrderWindowIsOneHour() {
        long t = now();
        assertThat(push(v1("{\"app\":\"a\"}", t, "newest")).status()).isEqualTo(204);
        assertThat(push(v1("{\"app\":\"a\"}", t - Duration.ofMinutes(30).toNanos(), "30m")).status()).isEqualTo(204);
        LokiHttp.Response r = push(v1("{\"app\":\"a\"}", t - Duration.ofHours(2).toNanos(), "2h"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("too far behind");
    }

    @Test
    void lk10MixedRequestIs400AndTheValidStreamIsStored() {
        LokiHttp.Response r = push("{\"streams\":[{\"stream\":{\"app\":\"ok\"},\"values\":[[\"" + now()
                + "\",\"kept\"]]},{\"stream\":{},\"values\":[[\"" + now() + "\",\"dropped\"]]}]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(stored()).extracting(Row::line).containsExactly("kept");
    }

    @Test
    void lk11DuplicatesAreStoredOnce() {
        long t = now();
        assertThat(push(v1("{\"app\":\"a\"}", t, "dup")).status()).isEqualTo(204);
        assertThat(push(v1("{\"app\":\"a\"}", t, "dup")).status()).isEqualTo(204);
        assertThat(stored()).hasSize(1);
    }

    @Test
    void lk12TenantsAreIsolatedAndNoHeaderMeansTheDefaultTenant() {
        String a = tenant + "-a";
        String b = tenant + "-b";
        assertThat(http.postJson("/loki/api/v1/push", v1("{\"app\":\"a\"}", now(), "only a"), a).status()).isEqualTo(204);
        assertThat(StoredLogs.all(storages, a)).hasSize(1);
        assertThat(StoredLogs.all(storages, b)).isEmpty();
        int before = StoredLogs.all(storages, "anonymous").size();
        assertThat(http.postJson("/loki/api/v1/push", v1("{\"app\":\"anon\"}", now(), "no header " + tenant), null).status())
                .isEqualTo(204);
        assertThat(StoredLogs.all(storages, "anonymous")).hasSize(before + 1);
    }

    @Test
    void lk13RateLimitIs429AndAStorageFaultIs503() {
        LokiHttp.Response first = http.postJson("/loki/api/v1/push", v1("{\"app\":\"a\"}", now(), "x".repeat(90)), "slow");
        assertThat(first.status()).isEqualTo(204);
        LokiHttp.Response second = http.postJson("/loki/api/v1/push", v1("{\"app\":\"a\"}", now(), "y".repeat(90)), "slow");
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.body()).startsWith("Ingestion rate limit exceeded for user slow (limit: 100 bytes/sec)");
        // A real storage fault: the tenant's WAL is closed under the server.
        storages.forTenant(tenant).close();
        LokiHttp.Response broken = push(v1("{\"app\":\"a\"}", now(), "lost"));
        assertThat(broken.status()).isEqualTo(503);
    }

    @Test
    void lk14LegacyV0PushIs204() {
        String body = "{\"streams\":[{\"labels\":\"{app=\\\"legacy\\\"}\",\"entries\":[{\"ts\":\""
                + java.time.Instant.now().toString() + "\",\"line\":\"v0 line\"}]}]}";
        assertThat(http.postJson("/api/prom/push", body, tenant).status()).isEqualTo(204);
        assertThat(stored()).extracting(Row::line).containsExactly("v0 line");
    }

    @Test
    void lk15SuccessIsExactly204AndFuzzedBodiesNeverGive5xx() throws IOException {
        assertThat(push(v1("{\"app\":\"a\"}", now(), "x")).status()).isEqualTo(204);
        Random rnd = new Random(7);
        byte[] json = v1("{\"app\":\"a\"}", now(), "fuzz").getBytes(StandardCharsets.UTF_8);
        byte[] proto = protoBody("{app=\"a\"}", now(), "fuzz");
        for (int i = 0; i < 300; i++) {
            byte[] b = (i % 2 == 0 ? json : proto).clone();
            for (int f = 0; f < 1 + rnd.nextInt(3); f++) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            String[] encodings = {null, "gzip", "deflate", "snappy"};
            Map<String, String> h = new HashMap<>(Map.of("X-Scope-OrgID", tenant));
            if (i % 2 == 0) {
                h.put("Content-Type", "application/json");
            }
            String enc = encodings[rnd.nextInt(encodings.length)];
            if (enc != null) {
                h.put("Content-Encoding", enc);
            }
            LokiHttp.Response r = http.post("/loki/api/v1/push", b, h);
            assertThat(r.status()).as("fuzz case %d", i).isIn(204, 400, 413, 415, 429);
        }
    }
}
