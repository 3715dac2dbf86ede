package ai.gatewayz.obs.bench.remotewrite;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.remotewrite.RemoteWriteClient;
import ai.gatewayz.obs.remotewrite.RemoteWriteOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Remote-write client cost in samples per CPU-second of the client alone: the appending thread plus
 * the shard threads ({@code remote-write-*}), from {@code ThreadMXBean}, so the loopback receiver
 * that shares the machine ({@link SinkReceiver}, reads the body, answers 204) is not counted.
 * Ruler-shaped series (a {@code loki:} name, provider × model, 2 000 series), appended with
 * {@code appendAll} in batches of 2 000 and waited for; with {@code log} every batch also goes
 * through the queue log (a temporary directory). Rounds: 1 warm-up, then the measured ones.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.gatewayz.obs.bench.remotewrite.RemoteWriteCpuHarness \
 *      [V1|V2] [memory|log] [samples=2000000] [shards=1]
 * </pre>
 */
public final class RemoteWriteCpuHarness {
    private RemoteWriteCpuHarness() {
    }

    public static void main(String[] args) throws Exception {
        RemoteWriteOptions.Protocol protocol = RemoteWriteOptions.Protocol.valueOf(args.length > 0 ? args[0] : "V1");
        boolean log = args.length > 1 && args[1].equals("log");
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 2_000_000;
        int shards = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        Labels[] series = new Labels[2000];
        String[] providers = {"openai", "anthropic", "google", "mistral", "groq", "together", "fireworks", "deepinfra"};
        for (int i = 0; i < series.length; i++) {
            series[i] = Labels.of("__name__", "loki:gateway_requests:rate5m", "provider", providers[i % providers.length],
                    "model", "model-" + (i / providers.length), "status", i % 10 == 0 ? "error" : "ok", "tenant", "gz");
        }
        Path dir = log ? Files.createTempDirectory("rw-queue-bench") : null;
        try (SinkReceiver receiver = new SinkReceiver(false);
                RemoteWriteClient client = new RemoteWriteClient(RemoteWriteOptions.defaults(receiver.url())
                        .withProtocol(protocol).withQueue(shards, 50_000, 2000, 5), Clock.systemUTC(), dir)) {
            long t = System.currentTimeMillis() - 3_600_000;
            long[] ts = new long[series.length];
            long[] vs = new long[series.length];
            for (int round = 0; round < 4; round++) {
                long cpu0 = clientCpu(tmx);
                long wall0 = System.nanoTime();
                for (int sent = 0; sent < samples; sent += series.length) {
                    t += 1000;
                    for (int i = 0; i < series.length; i++) {
                        ts[i] = t;
                        vs[i] = Double.doubleToRawLongBits(sent + i * 0.5);
                    }
                    while (client.pending() > 40_000L * shards) {
                        Thread.onSpinWait();
                    }
                    client.appendAll(series, ts, vs, series.length);
                }
                if (!client.flush(Duration.ofSeconds(120))) {
                    throw new IllegalStateException("not delivered in 120 s");
                }
                double cpu = (clientCpu(tmx) - cpu0) / 1e9;
                double wall = (System.nanoTime() - wall0) / 1e9;
                System.out.printf("%s round=%d protocol=%s queue=%s shards=%d samples=%d wall=%.2fs client-cpu=%.2fs"
                        + " samples/s=%.0f samples/client-cpu-s=%.0f dropped=%d%n", round == 0 ? "warmup" : "measure",
                        round, protocol, log ? "log" : "memory", shards, samples, wall, cpu, samples / wall, samples / cpu,
                        client.stats().droppedQueueFull());
            }
        } finally {
            if (dir != null) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** CPU time of this thread and the client's shard threads, ns. */
    private static long clientCpu(ThreadMXBean tmx) {
        long sum = tmx.getCurrentThreadCpuTime();
        for (ThreadInfo ti : tmx.getThreadInfo(tmx.getAllThreadIds())) {
            if (ti != null && ti.getThreadName().startsWith("remote-write-")) {
                sum += Math.max(0, tmx.getThreadCpuTime(ti.getThreadId()));
            }
        }
        return sum;
    }
}
