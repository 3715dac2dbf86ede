package ai.gatewayz.obs.logs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.EntryIterator;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.SelectHints;
import ai.gatewayz.obs.logs.storage.StreamSet;
import ai.gatewayz.obs.logs.storage.memory.MemoryTenantLogStorages;
import ai.gatewayz.obs.proto.loki.LokiPush;
import ai.gatewayz.obs.testkit.TestClock;
import com.google.protobuf.Timestamp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;

class PushReceiverTest {
    private static final long NOW_MS = 1_700_000_000_000L;
    private static final long NOW = NOW_MS * 1_000_000L;
    private final TestClock clock = TestClock.atMillis(NOW_MS);
    private final MemoryTenantLogStorages storages = new MemoryTenantLogStorages(clock);
    private PushReceiver receiver = new PushReceiver(storages, t -> IngestLimits.defaults(), clock, 100L << 20);

    private PushResult json(String body) {
        return receiver.push("t", "application/json", null, body.getBytes(StandardCharsets.UTF_8), false);
    }

    private static String v1(String stream, long ts, String line) {
        return "{\"streams\":[{\"stream\":" + stream + ",\"values\":[[\"" + ts + "\"," + quote(line) + "]]}]}";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private record Row(Labels stream, long ts, String line, Labels md) {
    }

    private List<Row> read(String tenant) {
        List<Row> out = new ArrayList<>();
        try (LogQuerier q = storages.forTenant(tenant).querier()) {
            StreamSet s = q.select(List.of(), SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE, Direction.FORWARD));
            while (s.next()) {
                EntryIterator it = s.entries();
                while (it.next()) {
                    out.add(new Row(s.labels(), it.timestampNanos(), it.line(), it.metadata()));
                }
            }
        }
        return out;
    }

    @Test
    void jsonPushStoresNanosecondTimestampMetadataServiceNameAndDetectedLevel() {
        PushResult r = json("{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[[\"" + (NOW + 123)
                + "\",\"level=error msg=boom\",{\"trace_id\":\"4bf92f35\"}]]}]}");
        assertThat(r.status()).isEqualTo(204);
        assertThat(read("t")).containsExactly(new Row(Labels.of("app", "api", "service_name", "api"), NOW + 123,
                "level=error msg=boom", Labels.of("trace_id", "4bf92f35", "detected_level", "error")));
    }

    @Test
    void queryShapedMetadataTakesStructuredMetadataAndIgnoresParsed() {
        assertThat(json("{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[[\"" + NOW
                + "\",\"x\",{\"structuredMetadata\":{\"user\":\"u1\"},\"parsed\":{\"p\":\"1\"}}]]}]}").status()).isEqualTo(204);
        assertThat(read("t").getFirst().md()).isEqualTo(Labels.of("user", "u1", "detected_level", "unknown"));
    }

    static Stream<Arguments> rejected() {
        String big = "x".repeat(256 * 1024 + 1);
        StringBuilder sixteen = new StringBuilder("{");
        for (int i = 0; i < 16; i++) {
            sixteen.append(i == 0 ? "" : ",").append("\"l").append(i).append("\":\"v\"");
        }
        sixteen.append('}');
        return Stream.of(
                Arguments.of("empty labels", v1("{}", NOW, "a"), "error at least one label pair is required per stream"),
                Arguments.of("bad label name", v1("{\"1x\":\"a\"}", NOW, "a"),
                        "error parsing labels '{1x=\"a\"}' with error: invalid label name '1x'"),
                Arguments.of("duplicate label", v1("{\"a\":\"1\",\"a\":\"2\"}", NOW, "a"),
                        "stream '{a=\"1\", a=\"2\"}' has duplicate label name: 'a'"),
                Arguments.of("sixteen labels", v1(sixteen.toString(), NOW, "a"), "has 16 label names; limit 15"),
                Arguments.of("long label value", v1("{\"a\":\"" + "v".repeat(2049) + "\"}", NOW, "a"),
                        "has label value too long"),
                Arguments.of("long line", v1("{\"a\":\"b\"}", NOW, big),
                        "Max entry size '262144' bytes exceeded for stream '{a=\"b\", service_name=\"unknown_service\"}' while adding an entry with length '262145' bytes"),
                Arguments.of("eight days old", v1("{\"a\":\"b\"}", NOW - Duration.ofDays(8).toNanos(), "a"),
                        "entry for stream '{a=\"b\", service_name=\"unknown_service\"}' has timestamp too old: 2023-11-06T22:13:20Z, oldest acceptable timestamp is: 2023-11-07T22:13:20Z"),
                Arguments.of("eleven minutes ahead", v1("{\"a\":\"b\"}", NOW + Duration.ofMinutes(11).toNanos(), "a"),
                        "entry for stream '{a=\"b\", service_name=\"unknown_service\"}' has timestamp too new: 2023-11-14T22:24:20Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void invalidPushesAre400WithLokisMessage(String name, String body, String message) {
        PushResult r = json(body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).contains(message).endsWith("total ignored: 1 out of 1");
        assertThat(read("t")).isEmpty();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("numeric timestamp", "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[1700000000000000000,\"x\"]]}]}",
                        "malformed JSON push body [detail=timestamp must be a string of nanoseconds, got 1700000000000000000]"),
                Arguments.of("not json", "{\"streams\":", "malformed JSON push body"),
                Arguments.of("line not string", "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",5]]}]}",
                        "malformed JSON push body [detail=values[i][1] must be a string line]"),
                Arguments.of("timestamp not integer", "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1.5\",\"x\"]]}]}",
                        "malformed JSON push body [detail=timestamp is not an integer of nanoseconds: 1.5]"),
                Arguments.of("streams not array", "{\"streams\":{}}", "malformed JSON push body [detail=streams must be an array]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void undecodableBodiesThrowBadData(String name, String body, String message) {
        assertThatThrownBy(() -> json(body)).isInstanceOf(SuiteException.class)
                .satisfies(e -> assertThat(((SuiteException) e).kind()).isEqualTo(ErrorKind.BAD_DATA))
                .hasMessageContaining(message);
    }

    @Test
    void outOfOrderInsideTheHourIsAcceptedBeyondIsTooFarBehind() {
        assertThat(json(v1("{\"a\":\"b\"}", NOW, "newest")).status()).isEqualTo(204);
        assertThat(json(v1("{\"a\":\"b\"}", NOW - Duration.ofMinutes(30).toNanos(), "half hour")).status()).isEqualTo(204);
        PushResult r = json(v1("{\"a\":\"b\"}", NOW - Duration.ofHours(2).toNanos(), "two hours"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).contains("too far behind");
        assertThat(read("t")).extracting(Row::line).containsExactly("half hour", "newest");
    }

    @Test
    void mixedPushStoresTheValidStreamAndAnswers400() {
        String body = "{\"streams\":[{\"stream\":{\"a\":\"ok\"},\"values\":[[\"" + NOW + "\",\"good\"]]},"
                + "{\"stream\":{},\"values\":[[\"" + NOW + "\",\"bad\"]]}]}";
        PushResult r = json(body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).isEqualTo("error at least one label pair is required per stream\ntotal ignored: 1 out of 2");
        assertThat(read("t")).extracting(Row::line).containsExactly("good");
    }

    @Test
    void duplicatesAreStoredOnce() {
        json(v1("{\"a\":\"b\"}", NOW, "same"));
        json(v1("{\"a\":\"b\"}", NOW, "same"));
        assertThat(read("t")).hasSize(1);
    }

    @Test
    void tenantRateLimitRefusesTheWholePushWith429AndRefillsWithTime() {
        receiver = new PushReceiver(storages, t -> IngestLimits.defaults().withRate(1000, 1000), clock, 100L << 20);
        assertThat(json(v1("{\"a\":\"b\"}", NOW, "x".repeat(900))).status()).isEqualTo(204);
        assertThatThrownBy(() -> json(v1("{\"a\":\"b\"}", NOW + 1, "y".repeat(900))))
                .isInstanceOf(SuiteException.class)
                .satisfies(e -> assertThat(((SuiteException) e).kind()).isEqualTo(ErrorKind.TOO_MANY_REQUESTS))
                .hasMessage("Ingestion rate limit exceeded for user t (limit: 1000 bytes/sec) while attempting to ingest '1' lines totaling '900' bytes, reduce log volume or contact your Loki administrator to see if the limit can be increased");
        clock.advance(Duration.ofSeconds(1));
        assertThat(json(v1("{\"a\":\"b\"}", NOW + 2, "y".repeat(900))).status()).isEqualTo(204);
    }

    @Test
    void activeStreamLimitAnswers429ForNewStreamsOnly() {
        receiver = new PushReceiver(storages, t -> IngestLimits.defaults().withMaxActiveStreams(2), clock, 100L << 20);
        assertThat(json(v1("{\"a\":\"1\"}", NOW, "x")).status()).isEqualTo(204);
        assertThat(json(v1("{\"a\":\"2\"}", NOW, "x")).status()).isEqualTo(204);
        PushResult r = json(v1("{\"a\":\"3\"}", NOW, "x"));
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.message()).startsWith("Maximum active stream limit exceeded when trying to create stream {a=\"3\", service_name=\"unknown_service\"}");
        assertThat(json(v1("{\"a\":\"1\"}", NOW + 1, "y")).status()).isEqualTo(204);
    }

    @Test
    void tenantsAreIsolated() {
        receiver.push("a", "application/json", null, v1("{\"x\":\"y\"}", NOW, "for a").getBytes(StandardCharsets.UTF_8), false);
        assertThat(read("a")).hasSize(1);
        assertThat(read("b")).isEmpty();
    }

    @Test
    void gzipAndDeflateJsonAndV0AreAccepted() throws IOException {
        byte[] body = v1("{\"a\":\"gz\"}", NOW, "gzipped").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(body);
        }
        assertThat(receiver.push("t", "application/json; charset=utf-8", "gzip", gz.toByteArray(), false).status()).isEqualTo(204);
        java.util.zip.Deflater d = new java.util.zip.Deflater();
        d.setInput(v1("{\"a\":\"df\"}", NOW, "deflated").getBytes(StandardCharsets.UTF_8));
        d.finish();
        byte[] buf = new byte[4096];
        int n = d.deflate(buf);
        assertThat(receiver.push("t", "application/json", "deflate", java.util.Arrays.copyOf(buf, n), false).status()).isEqualTo(204);
        String v0 = "{\"streams\":[{\"labels\":\"{a=\\\"v0\\\"}\",\"entries\":[{\"ts\":\"2023-11-14T22:13:20.000000001Z\",\"line\":\"legacy\"}]}]}";
        assertThat(receiver.push("t", "application/json", null, v0.getBytes(StandardCharsets.UTF_8), true).status()).isEqualTo(204);
        assertThat(read("t")).extracting(Row::line).containsExactlyInAnyOrder("gzipped", "deflated", "legacy");
        assertThat(read("t")).filteredOn(r -> r.line().equals("legacy")).extracting(Row::ts).containsExactly(NOW + 1);
        assertThatThrownBy(() -> receiver.push("t", "application/json", "br", body, false))
                .hasMessage("unsupported Content-Encoding [encoding=br]");
    }

    @Test
    void snappyProtobufWithAndWithoutContentType() throws IOException {
        LokiPush.PushRequest req = LokiPush.PushRequest.newBuilder().addStreams(LokiPush.StreamAdapter.newBuilder()
                .setLabels("{app=\"proto\", level=\"info\"}")
                .addEntries(LokiPush.EntryAdapter.newBuilder()
                        .setTimestamp(Timestamp.newBuilder().setSeconds(NOW_MS / 1000).setNanos(987_654_321))
                        .setLine("from protobuf")
                        .addStructuredMetadata(LokiPush.LabelPairAdapter.newBuilder().setName("trace_id").setValue("abc"))))
                .build();
        byte[] body = Snappy.compress(req.toByteArray());
        assertThat(receiver.push("t", "application/x-protobuf", null, body, false).status()).isEqualTo(204);
        assertThat(receiver.push("t", null, "snappy", body, false).status()).isEqualTo(204);
        assertThat(read("t")).containsExactly(new Row(Labels.of("app", "proto", "level", "info", "service_name", "proto"),
                NOW_MS / 1000 * 1_000_000_000L + 987_654_321, "from protobuf",
                Labels.of("trace_id", "abc", "detected_level", "info")));
    }

    @Test
    void fuzzedBodiesNeverEscapeAsAnythingButBadDataOrUnsupported() {
        Random rnd = new Random(42);
        String seed = "{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[[\"" + NOW + "\",\"line\",{\"k\":\"v\"}]]}]}";
        byte[] proto = null;
        try {
            proto = Snappy.compress(LokiPush.PushRequest.newBuilder().addStreams(LokiPush.StreamAdapter.newBuilder()
                    .setLabels("{a=\"b\"}").addEntries(LokiPush.EntryAdapter.newBuilder().setLine("l"))).build().toByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        for (int i = 0; i < 3000; i++) {
            byte[] base = i % 2 == 0 ? seed.getBytes(StandardCharsets.UTF_8) : proto;
            byte[] b = base.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            if (rnd.nextInt(5) == 0) {
                b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            }
            String ct = i % 2 == 0 ? "application/json" : "application/x-protobuf";
            try {
                PushResult r = receiver.push("fuzz", ct, null, b, false);
                assertThat(r.status()).isIn(204, 400, 429);
            } catch (SuiteException e) {
                assertThat(e.kind()).isIn(ErrorKind.BAD_DATA, ErrorKind.PAYLOAD_TOO_LARGE, ErrorKind.TOO_MANY_REQUESTS);
            }
        }
    }

    @Test
    void storageFaultIs503() {
        PushReceiver broken = new PushReceiver(new ai.gatewayz.obs.logs.storage.TenantLogStorages() {
            @Override
            public ai.gatewayz.obs.logs.storage.LogStorage forTenant(String tenant) {
                return new FailingStorage();
            }

            @Override
            public java.util.Set<String> tenants() {
                return java.util.Set.of();
            }

            @Override
            public void close() {
            }
        }, t -> IngestLimits.defaults(), clock, 1 << 20);
        assertThatThrownBy(() -> broken.push("t", "application/json", null,
                v1("{\"a\":\"b\"}", NOW, "x").getBytes(StandardCharsets.UTF_8), false))
                .isInstanceOf(SuiteException.class)
                .satisfies(e -> assertThat(((SuiteException) e).kind()).isEqualTo(ErrorKind.UNAVAILABLE));
        assertThat(LabelMatcher.eq("a", "b")).isNotNull();
    }

    /** Stands in for a disk that refuses writes: the only way to make a real WAL fail on demand in a unit test. */
    static final class FailingStorage implements ai.gatewayz.obs.logs.storage.LogStorage {
        @Override
        public ai.gatewayz.obs.logs.storage.LogAppender appender() {
            return new ai.gatewayz.obs.logs.storage.LogAppender() {
                @Override
                public void append(Labels stream, ai.gatewayz.obs.logs.storage.LogEntry entry) {
                }

                @Override
                public void commit() {
                    throw new java.io.UncheckedIOException(new IOException("No space left on device"));
                }

                @Override
                public void rollback() {
                }
            };
        }

        @Override
        public LogQuerier querier() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
