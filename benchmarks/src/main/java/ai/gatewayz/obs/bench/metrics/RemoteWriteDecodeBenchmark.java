package ai.gatewayz.obs.bench.metrics;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.ingest.IngestOptions;
import ai.gatewayz.obs.metrics.ingest.RemoteWriteReceiver;
import ai.gatewayz.obs.metrics.limits.IngestionRateLimiter;
import ai.gatewayz.obs.metrics.limits.LimitsRegistry;
import ai.gatewayz.obs.metrics.limits.TenantLimits;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xerial.snappy.Snappy;

/**
 * Remote-write decoding of a Prometheus-shaped batch (500 series × 1 sample, 6 labels each), in
 * samples per second: {@code decode} is snappy plus the generated protobuf classes (the old path,
 * kept as a reference); {@code receive} is the whole receiver (snappy, decoding, label validation or
 * the series cache, appends) into a storage whose appender only counts, so it measures ingest
 * without the TSDB.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RemoteWriteDecodeBenchmark {
    static final int SERIES = 500;
    byte[] body;
    RemoteWriteReceiver receiver;
    final CountingStorage sink = new CountingStorage();

    @Setup
    public void setup() throws IOException {
        RemoteWriteV1.WriteRequest.Builder b = RemoteWriteV1.WriteRequest.newBuilder();
        for (int i = 0; i < SERIES; i++) {
            b.addTimeseries(RemoteWriteV1.TimeSeries.newBuilder()
                    .addLabels(label("__name__", "http_requests_total"))
                    .addLabels(label("code", i % 5 == 0 ? "500" : "200"))
                    .addLabels(label("instance", "gateway-" + (i % 20) + ":8000"))
                    .addLabels(label("job", "gatewayz_production"))
                    .addLabels(label("model", "model-" + (i % 37)))
                    .addLabels(label("provider", "provider-" + (i % 31)))
                    .addSamples(RemoteWriteV1.Sample.newBuilder().setTimestamp(1_700_000_000_000L + i).setValue(i * 3.25)));
        }
        body = Snappy.compress(b.build().toByteArray());
        receiver = new RemoteWriteReceiver(IngestOptions.defaults(), new LimitsRegistry(TenantLimits.unlimited(), Map.of()),
                new IngestionRateLimiter(Clock.systemUTC()), Clock.systemUTC());
    }

    static RemoteWriteV1.Label label(String n, String v) {
        return RemoteWriteV1.Label.newBuilder().setName(n).setValue(v).build();
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public int decode() throws IOException {
        return RemoteWriteV1.WriteRequest.parseFrom(receiver.uncompress(body)).getTimeseriesCount();
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public long receive() {
        return receiver.write("bench", sink, "application/x-protobuf", "snappy", body).samplesWritten();
    }

    /** A storage whose appenders count samples and hand out one ref per label set. */
    static final class CountingStorage implements Storage {
        final java.util.concurrent.ConcurrentHashMap<Labels, Long> refs = new java.util.concurrent.ConcurrentHashMap<>();
        long samples;

        @Override
        public Appender appender() {
            return new Appender() {
                @Override
                public long append(long ref, Labels labels, long t, double v) {
                    samples++;
                    return ref != 0 ? ref : refs.computeIfAbsent(labels, l -> (long) refs.size() + 1);
                }

                @Override
                public long appendExemplar(long ref, Labels labels, Exemplar exemplar) {
                    return ref;
                }

                @Override
                public void updateMetadata(Labels labels, Metadata metadata) {
                }

                @Override
                public void commit() {
                }

                @Override
                public void rollback() {
                }
            };
        }

        @Override
        public Querier querier(long mint, long maxt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SeriesExemplars> exemplars(long mint, long maxt, List<List<LabelMatcher>> matcherSets) {
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
}
