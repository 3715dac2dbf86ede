package ai.gatewayz.obs.bench.metrics;

import ai.gatewayz.obs.metrics.ingest.IngestOptions;
import ai.gatewayz.obs.metrics.ingest.RemoteWriteReceiver;
import ai.gatewayz.obs.metrics.limits.IngestionRateLimiter;
import ai.gatewayz.obs.metrics.limits.LimitsRegistry;
import ai.gatewayz.obs.metrics.limits.TenantLimits;
import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import java.io.IOException;
import java.time.Clock;
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
 * Remote-write decoding of a Prometheus-shaped batch (500 series × 1 sample, 6 labels each):
 * snappy block decompression plus protobuf parsing, in samples per second.
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
}
