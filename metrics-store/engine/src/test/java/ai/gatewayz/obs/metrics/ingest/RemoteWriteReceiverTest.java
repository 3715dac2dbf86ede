package ai.gatewayz.obs.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.metrics.limits.IngestionRateLimiter;
import ai.gatewayz.obs.metrics.limits.LimitsRegistry;
import ai.gatewayz.obs.metrics.limits.TenantLimits;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import ai.gatewayz.obs.testkit.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class RemoteWriteReceiverTest {
    private static final long NOW = 1_700_000_000_000L;
    private final TestClock clock = TestClock.atMillis(NOW);

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    /** The TSDB: it treats any exact duplicate as a no-op, which makes replays idempotent. */
    private Storage tsdb() {
        return ai.gatewayz.obs.metrics.tsdb.Tsdb.open(dir, ai.gatewayz.obs.metrics.tsdb.TsdbOptions.defaults(), clock);
    }

    private RemoteWriteReceiver receiver(TenantLimits limits) {
        return new RemoteWriteReceiver(IngestOptions.defaults(), new LimitsRegistry(limits, Map.of()),
                new IngestionRateLimiter(clock), clock);
    }

    private static byte[] body(int samples) throws IOException {
        RemoteWriteV1.TimeSeries.Builder ts = RemoteWriteV1.TimeSeries.newBuilder()
                .addLabels(RemoteWriteV1.Label.newBuilder().setName("__name__").setValue("m"));
        for (int i = 0; i < samples; i++) {
            ts.addSamples(RemoteWriteV1.Sample.newBuilder().setTimestamp(NOW - samples + i).setValue(i));
        }
        return Snappy.compress(RemoteWriteV1.WriteRequest.newBuilder().addTimeseries(ts).build().toByteArray());
    }

    @Test
    void contentTypesSelectTheSchemaCaseInsensitively() {
        assertThat(RemoteWriteReceiver.protocolOf(null)).isEqualTo(RemoteWriteReceiver.Protocol.V1);
        assertThat(RemoteWriteReceiver.protocolOf("application/x-protobuf")).isEqualTo(RemoteWriteReceiver.Protocol.V1);
        assertThat(RemoteWriteReceiver.protocolOf("APPLICATION/x-protobuf ;  proto=io.prometheus.write.v2.Request"))
                .isEqualTo(RemoteWriteReceiver.Protocol.V2);
        assertThat(RemoteWriteReceiver.protocolOf("application/x-protobuf;proto=\"prometheus.WriteRequest\""))
                .isEqualTo(RemoteWriteReceiver.Protocol.V1);
        assertThatThrownBy(() -> RemoteWriteReceiver.protocolOf("text/plain"))
                .isInstanceOfSatisfying(SuiteException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_MEDIA_TYPE));
    }

    @Test
    void storageFailureIsRetryable503AndTheReplayIsIdempotent() throws IOException {
        Storage real = tsdb();
        boolean[] fail = {true};
        Storage flaky = new DelegatingStorage(real) {
            @Override
            public Appender appender() {
                Appender a = real.appender();
                return new Appender() {
                    @Override
                    public long append(long ref, Labels labels, long t, double v) {
                        return a.append(ref, labels, t, v);
                    }

                    @Override
                    public long appendExemplar(long ref, Labels labels, Exemplar exemplar) {
                        return a.appendExemplar(ref, labels, exemplar);
                    }

                    @Override
                    public void updateMetadata(Labels labels, Metadata metadata) {
                        a.updateMetadata(labels, metadata);
                    }

                    @Override
                    public void commit() {
                        if (fail[0]) {
                            a.rollback();
                            throw new UncheckedIOException(new IOException("disk full"));
                        }
                        a.commit();
                    }

                    @Override
                    public void rollback() {
                        a.rollback();
                    }
                };
            }
        };
        RemoteWriteReceiver r = receiver(TenantLimits.unlimited());
        byte[] b = body(5);
        assertThatThrownBy(() -> r.write("t", flaky, null, "snappy", b))
                .isInstanceOfSatisfying(SuiteException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                .hasMessageContaining("disk full");
        fail[0] = false;
        assertThat(r.write("t", flaky, null, "snappy", b).samplesWritten()).isEqualTo(5);
        assertThat(r.write("t", flaky, null, "snappy", b).ok()).isTrue();
        try (Querier q = real.querier(0, Long.MAX_VALUE)) {
            var set = q.select(false, List.of(LabelMatcher.eq("__name__", "m")));
            set.next();
            var it = set.at().iterator(null);
            int n = 0;
            while (it.next()) {
                n++;
            }
            assertThat(n).isEqualTo(5);
        }
    }

    @Test
    void rateLimitRefillsInVirtualTime() throws IOException {
        RemoteWriteReceiver r = receiver(new TenantLimits(0, 0, 0, 0, 10, 10));
        Storage s = tsdb();
        assertThat(r.write("t", s, null, null, body(10)).ok()).isTrue();
        assertThatThrownBy(() -> r.write("t", s, null, null, body(10)))
                .isInstanceOfSatisfying(SuiteException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TOO_MANY_REQUESTS));
        clock.advance(Duration.ofSeconds(1));
        assertThat(r.write("u", s, null, null, body(10)).ok()).isTrue(); // another tenant has its own bucket
        assertThat(r.write("t", s, null, null, body(10)).ok()).isTrue(); // admitted again after the refill; duplicates are no-ops
    }

    /** Forwards everything to another storage. */
    private abstract static class DelegatingStorage implements Storage {
        private final Storage d;

        DelegatingStorage(Storage d) {
            this.d = d;
        }

        @Override
        public Querier querier(long mint, long maxt) {
            return d.querier(mint, maxt);
        }

        @Override
        public List<SeriesExemplars> exemplars(long mint, long maxt, List<List<LabelMatcher>> m) {
            return d.exemplars(mint, maxt, m);
        }

        @Override
        public Map<String, List<Metadata>> metadata(String metric, int limit) {
            return d.metadata(metric, limit);
        }

        @Override
        public void close() {
            d.close();
        }
    }
}
