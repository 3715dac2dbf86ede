package ai.gatewayz.obs.metrics.ingest;

import static ai.gatewayz.obs.metrics.ingest.WireRequestTest.label;
import static ai.gatewayz.obs.metrics.ingest.WireRequestTest.sample;
import static ai.gatewayz.obs.metrics.ingest.WireRequestTest.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.metrics.ingest.WireRequestTest.Wire;
import ai.gatewayz.obs.metrics.limits.IngestionRateLimiter;
import ai.gatewayz.obs.metrics.limits.LimitsRegistry;
import ai.gatewayz.obs.metrics.limits.TenantLimits;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.StorageErrors;
import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import ai.gatewayz.obs.testkit.TestClock;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;

/**
 * The in-place decoder and the series cache against the generated-classes path of the same
 * receiver: every body is written twice, once as is and once with an empty unknown group appended
 * (which only the generated classes decode), and both must store the same samples and answer the
 * same result. A second round of the same labels then goes through the cache.
 */
class RemoteWriteFastPathTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final String V2 = "application/x-protobuf;proto=io.prometheus.write.v2.Request";
    private final TestClock clock = TestClock.atMillis(NOW);

    /** Records every call; refs are handed out per label set and checked on the way back in. */
    static final class RecordingStorage implements Storage {
        final List<String> log = new ArrayList<>();
        final Map<Labels, Long> refs = new java.util.HashMap<>();
        long refHits;

        @Override
        public Appender appender() {
            return new Appender() {
                final List<String> pending = new ArrayList<>();

                @Override
                public long append(long ref, Labels labels, long t, double v) {
                    if (t < NOW - 3_600_000) {
                        throw StorageErrors.outOfBounds(labels, t);
                    }
                    long r = refs.computeIfAbsent(labels, l -> (long) refs.size() + 1);
                    if (ref != 0) {
                        assertThat(ref).as("a cached ref names the same series").isEqualTo(r);
                        refHits++;
                    }
                    pending.add("sample " + labels + " " + t + " " + v);
                    return r;
                }

                @Override
                public long appendExemplar(long ref, Labels labels, Exemplar e) {
                    pending.add("exemplar " + labels + " " + e);
                    return ref;
                }

                @Override
                public void updateMetadata(Labels labels, Metadata md) {
                    pending.add("metadata " + labels + " " + md);
                }

                @Override
                public void commit() {
                    log.addAll(pending);
                    log.add("commit");
                }

                @Override
                public void rollback() {
                    log.add("rollback");
                }
            };
        }

        @Override
        public Querier querier(long mint, long maxt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SeriesExemplars> exemplars(long mint, long maxt, List<List<LabelMatcher>> m) {
            return List.of();
        }

        @Override
        public Map<String, List<Metadata>> metadata(String metric, int limit) {
            return Map.of();
        }

        @Override
        public void close() {
        }
    }

    private RemoteWriteReceiver receiver() {
        return new RemoteWriteReceiver(IngestOptions.defaults(),
                new LimitsRegistry(new TenantLimits(0, 4, 20, 30, 0, 0), Map.of()), new IngestionRateLimiter(clock), clock);
    }

    static Wire ts(Wire... labels) {
        Wire t = w();
        for (Wire l : labels) {
            t.msg(1, l);
        }
        return t;
    }

    static Stream<Arguments> v1Bodies() {
        return Stream.of(
                Arguments.of("valid series, unsorted labels, empty value dropped",
                        w().msg(1, ts(label("z", "1"), label("__name__", "m"), label("e", "")).msg(2, sample(NOW, 1)).msg(2, sample(NOW + 1, 2)))),
                Arguments.of("missing metric name", w().msg(1, ts(label("a", "b")).msg(2, sample(NOW, 1)))
                        .msg(1, ts(label("__name__", "ok")).msg(2, sample(NOW, 1)))),
                Arguments.of("duplicate label name", w().msg(1, ts(label("__name__", "m"), label("a", "1"), label("a", "2")).msg(2, sample(NOW, 1)))),
                Arguments.of("empty label name", w().msg(1, ts(label("__name__", "m"), label("", "1")).msg(2, sample(NOW, 1)))),
                Arguments.of("label name too long", w().msg(1, ts(label("__name__", "m"), label("a".repeat(25), "1")).msg(2, sample(NOW, 1)))),
                Arguments.of("label value too long", w().msg(1, ts(label("__name__", "m"), label("a", "v".repeat(40))).msg(2, sample(NOW, 1)))),
                Arguments.of("too many labels", w().msg(1, ts(label("__name__", "m"), label("a", "1"), label("b", "1"), label("c", "1"),
                        label("d", "1")).msg(2, sample(NOW, 1)))),
                Arguments.of("sample in the future and one too old", w().msg(1, ts(label("__name__", "m"))
                        .msg(2, sample(NOW + 3_600_000, 1)).msg(2, sample(NOW - 7_200_000, 2)).msg(2, sample(NOW, 3)))),
                Arguments.of("series without samples", w().msg(1, ts(label("__name__", "m")))),
                Arguments.of("exemplar and metadata", w().msg(1, ts(label("__name__", "m")).msg(2, sample(NOW, 1))
                        .msg(3, w().msg(1, label("trace_id", "abc")).fixed64(2, Double.doubleToRawLongBits(2)).tag(3, 0).varint(NOW)))
                        .msg(3, w().tag(1, 0).varint(1).str(2, "m").str(4, "a help").str(5, "s"))
                        .msg(3, w().tag(1, 0).varint(2))),
                Arguments.of("UTF-8 names and values", w().msg(1, ts(label("__name__", "métrique"), label("ville", "Zürich €"))
                        .msg(2, sample(NOW, 1)))),
                Arguments.of("same labels in two series of one request", w().msg(1, ts(label("__name__", "m")).msg(2, sample(NOW, 1)))
                        .msg(1, ts(label("__name__", "m")).msg(2, sample(NOW + 5, 2)))));
    }

    private static byte[] snappy(byte[] raw) {
        try {
            return Snappy.compress(raw);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Outcome(List<String> log, WriteResult result) {
    }

    private Outcome write(RemoteWriteReceiver r, String contentType, byte[] raw) {
        RecordingStorage s = new RecordingStorage();
        WriteResult res = r.write("t", s, contentType, "snappy", snappy(raw));
        return new Outcome(s.log, res);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("v1Bodies")
    void v1FastPathMatchesGeneratedPathAndCache(String name, Wire body) {
        byte[] fast = body.build();
        byte[] slow = w().raw(fast.length == 0 ? new int[0] : toInts(fast)).tag(15, 3).tag(15, 4).build();
        Outcome viaGenerated = write(receiver(), null, slow);
        RemoteWriteReceiver r = receiver();
        Outcome viaFast = write(r, null, fast);
        assertThat(viaFast).isEqualTo(viaGenerated);
        // Same receiver, same storage, twice: the second round takes the series cache.
        RecordingStorage s = new RecordingStorage();
        WriteResult first = r.write("t", s, null, "snappy", snappy(fast));
        List<String> firstLog = List.copyOf(s.log);
        s.log.clear();
        WriteResult second = r.write("t", s, null, "snappy", snappy(fast));
        assertThat(first).isEqualTo(viaGenerated.result());
        assertThat(second).isEqualTo(first);
        assertThat(s.log).isEqualTo(firstLog);
    }

    private static int[] toInts(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }

    static Stream<Arguments> v2Bodies() {
        return Stream.of(
                Arguments.of("valid with metadata", symbols().msg(5, w().tag(1, 2).varint(4).raw(1, 2, 3, 4).msg(2, sample(NOW, 1))
                        .msg(5, w().tag(1, 0).varint(2).tag(3, 0).varint(5)))),
                Arguments.of("odd refs", symbols().msg(5, w().tag(1, 2).varint(3).raw(1, 2, 3).msg(2, sample(NOW, 1)))),
                Arguments.of("ref out of range", symbols().msg(5, w().tag(1, 2).varint(2).raw(1, 9).msg(2, sample(NOW, 1)))),
                Arguments.of("no samples", symbols().msg(5, w().tag(1, 2).varint(2).raw(1, 2))),
                Arguments.of("metadata ref out of range", symbols().msg(5, w().tag(1, 2).varint(2).raw(1, 2).msg(2, sample(NOW, 1))
                        .msg(5, w().tag(3, 0).varint(77)))),
                Arguments.of("missing metric name", symbols().msg(5, w().tag(1, 2).varint(2).raw(3, 4).msg(2, sample(NOW, 1)))),
                Arguments.of("symbols[0] not empty", w().str(4, "x").str(4, "__name__").msg(5, w().tag(1, 2).varint(2).raw(1, 0)
                        .msg(2, sample(NOW, 1)))));
    }

    private static Wire symbols() {
        return w().str(4, "").str(4, "__name__").str(4, "m").str(4, "job").str(4, "j").str(4, "help");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("v2Bodies")
    void v2FastPathMatchesGeneratedPathAndCache(String name, Wire body) {
        byte[] fast = body.build();
        byte[] slow = w().raw(toInts(fast)).tag(15, 3).tag(15, 4).build();
        Outcome viaGenerated = write(receiver(), V2, slow);
        RemoteWriteReceiver r = receiver();
        assertThat(write(r, V2, fast)).isEqualTo(viaGenerated);
        RecordingStorage s = new RecordingStorage();
        WriteResult first = r.write("t", s, V2, "snappy", snappy(fast));
        List<String> firstLog = List.copyOf(s.log);
        s.log.clear();
        assertThat(r.write("t", s, V2, "snappy", snappy(fast))).isEqualTo(first);
        assertThat(s.log).isEqualTo(firstLog);
    }

    @Test
    void knownSeriesAreResolvedFromTheCacheWithTheirRef() {
        RemoteWriteReceiver r = receiver();
        RecordingStorage s = new RecordingStorage();
        byte[] body = w().msg(1, ts(label("__name__", "m"), label("a", "1")).msg(2, sample(NOW, 1)))
                .msg(1, ts(label("__name__", "m"), label("a", "2")).msg(2, sample(NOW, 1))).build();
        r.write("t", s, null, null, snappy(body));
        assertThat(s.refHits).isZero();
        r.write("t", s, null, null, snappy(body));
        assertThat(s.refHits).isEqualTo(2);
        // A 2.0 body with the same labels shares the entries.
        byte[] v2 = w().str(4, "").str(4, "__name__").str(4, "m").str(4, "a").str(4, "1")
                .msg(5, w().tag(1, 2).varint(4).raw(1, 2, 3, 4).msg(2, sample(NOW + 1, 1))).build();
        r.write("t", s, V2, null, snappy(v2));
        assertThat(s.refHits).isEqualTo(3);
        // Another storage for the tenant (reopened) starts a new cache: no ref from the old one is offered.
        RecordingStorage other = new RecordingStorage();
        r.write("t", other, null, null, snappy(body));
        assertThat(other.refHits).isZero();
    }

    @Test
    void malformedProtobufAnswersTheGeneratedParsersMessage() {
        byte[] truncated = w().tag(1, 2).varint(50).raw(0x0A, 0x00).build();
        String expected;
        try {
            RemoteWriteV1.WriteRequest.parseFrom(truncated);
            throw new AssertionError("expected a parse failure");
        } catch (InvalidProtocolBufferException e) {
            expected = IngestErrors.malformedProtobuf("prometheus.WriteRequest", e.getMessage()).getMessage();
        }
        String msg = expected;
        assertThatThrownBy(() -> receiver().write("t", new RecordingStorage(), null, null, snappy(truncated)))
                .isInstanceOf(SuiteException.class).hasMessage(msg);
        byte[] badUtf8 = w().msg(1, ts(w().str(1, "__name__").bytes(2, new byte[] {(byte) 0xC0, (byte) 0xAF})).msg(2, sample(NOW, 1))).build();
        assertThatThrownBy(() -> receiver().write("t", new RecordingStorage(), null, null, snappy(badUtf8)))
                .isInstanceOf(SuiteException.class).hasMessageContaining("prometheus.WriteRequest").hasMessageContaining("UTF-8");
    }
}
