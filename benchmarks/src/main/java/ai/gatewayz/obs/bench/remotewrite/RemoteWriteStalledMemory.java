package ai.gatewayz.obs.bench.remotewrite;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.remotewrite.RemoteWriteClient;
import ai.gatewayz.obs.remotewrite.RemoteWriteOptions;
import ai.gatewayz.obs.remotewrite.RemoteWriteStats;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;

/**
 * Heap held by a remote-write client whose receiver has stalled (every request hangs): N samples
 * over 10 000 series are appended while nothing is acknowledged; then a full GC and
 * {@code MemoryMXBean} heap used, minus the same before. The client should hold its queue capacity
 * plus one batch per shard, whatever N is, and count the rest as dropped.
 *
 * <pre>
 * java -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar \
 *      ai.gatewayz.obs.bench.remotewrite.RemoteWriteStalledMemory [samples=1000000] [capacity=10000] [shards=4]
 * </pre>
 */
public final class RemoteWriteStalledMemory {
    private RemoteWriteStalledMemory() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int capacity = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int shards = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Labels[] series = new Labels[10_000];
        for (int i = 0; i < series.length; i++) {
            series[i] = Labels.of("__name__", "loki:gateway_requests:rate5m", "provider", "p" + (i % 16), "model", "m" + i);
        }
        try (SinkReceiver stalled = new SinkReceiver(true)) {
            long before = heapAfterGc();
            RemoteWriteClient client = new RemoteWriteClient(RemoteWriteOptions.defaults(stalled.url())
                    .withQueue(shards, capacity, 2000, 5).withTimeout(600_000), Clock.systemUTC());
            long t = System.currentTimeMillis();
            long start = System.nanoTime();
            for (int i = 0; i < samples; i++) {
                client.append(series[i % series.length], t + i / series.length, i);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            long held = heapAfterGc() - before;
            RemoteWriteStats s = client.stats();
            System.out.printf("samples=%d capacity/shard=%d shards=%d pending=%d dropped=%d heap-held=%.2f MiB"
                    + " (%.0f bytes/pending sample) append-rate=%.0f/s%n", samples, capacity, shards, s.pending(),
                    s.droppedQueueFull(), held / 1048576.0, (double) held / Math.max(1, s.pending()), samples / secs);
            client.close(Duration.ZERO);
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
