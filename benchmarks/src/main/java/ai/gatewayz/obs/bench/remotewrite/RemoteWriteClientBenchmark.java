package ai.gatewayz.obs.bench.remotewrite;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.remotewrite.RemoteWriteClient;
import ai.gatewayz.obs.remotewrite.RemoteWriteOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Remote-write client throughput in samples per second: each operation appends 20 000 samples of
 * ruler-shaped series (a {@code loki:} recording-rule name, provider × model labels, 2 000 series)
 * and waits until all were acknowledged by a loopback receiver that only reads the body, so the
 * number is the client's cost (queueing, protobuf encoding, snappy, HTTP) end to end. One shard;
 * divide by the cores the run had for samples/s per core.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RemoteWriteClientBenchmark -p protocol=V1,V2
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RemoteWriteClientBenchmark {
    static final int BATCH = 20_000;
    static final int SERIES = 2000;

    @Param({"V1", "V2"})
    public String protocol;

    SinkReceiver receiver;
    RemoteWriteClient client;
    Labels[] series;
    long t = System.currentTimeMillis();

    @Setup(Level.Trial)
    public void setup() throws Exception {
        receiver = new SinkReceiver(false);
        client = new RemoteWriteClient(RemoteWriteOptions.defaults(receiver.url())
                .withProtocol(RemoteWriteOptions.Protocol.valueOf(protocol)).withQueue(1, 50_000, 2000, 5), Clock.systemUTC());
        series = new Labels[SERIES];
        String[] providers = {"openai", "anthropic", "google", "mistral", "groq", "together", "fireworks", "deepinfra"};
        for (int i = 0; i < SERIES; i++) {
            series[i] = Labels.of("__name__", "loki:gateway_requests:rate5m", "provider", providers[i % providers.length],
                    "model", "model-" + (i / providers.length), "status", i % 10 == 0 ? "error" : "ok", "tenant", "gz");
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long appendAndDeliver() {
        t += 1000;
        for (int i = 0; i < BATCH; i++) {
            client.append(series[i % SERIES], t + i / SERIES, i * 0.5);
        }
        if (!client.flush(Duration.ofSeconds(30))) {
            throw new IllegalStateException("not delivered in 30 s");
        }
        return client.stats().samplesSent();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long dropped = client.stats().droppedQueueFull();
        client.close();
        receiver.close();
        if (dropped > 0) {
            throw new IllegalStateException("dropped " + dropped + " samples: queue too small for the benchmark");
        }
    }
}
