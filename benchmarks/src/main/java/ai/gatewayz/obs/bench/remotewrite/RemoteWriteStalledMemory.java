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
 *      ai.gatewayz.obs.bench.remotewrite.RemoteWriteStalledMemory [samples=1000000] [capacity=10000] [shards=4] [memory|log]
 * </pre>
 * With {@code log} the client has a queue log (a temporary directory): heap is the same, and the log
 * on disk holds only what was queued (bytes printed).
 * <pre>
 * </pre>
 */
public final class RemoteWriteStalledMemory {
    private RemoteWriteStalledMemory() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int capacity = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int shards = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        java.nio.file.Path dir = args.length > 3 && args[3].equals("log")
                ? java.nio.file.Files.createTempDirectory("rw-stalled") : null;
        Labels[] series = new Labels[10_000];
        for (int i = 0; i < series.length; i++) {
            series[i] = Labels.of("__name__", "loki:gateway_requests:rate5m", "provider", "p" + (i % 16), "model", "m" + i);
        }
        try (SinkReceiver stalled = new SinkReceiver(true)) {
            long before = heapAfterGc();
            RemoteWriteClient client = new RemoteWriteClient(RemoteWriteOptions.defaults(stalled.url())
                    .withQueue(shards, capacity, 2000, 5).withTimeout(600_000), Clock.systemUTC(), dir);
            long t = System.currentTimeMillis();
            long start = System.nanoTime();
            Labels[] batch = new Labels[1000];
            long[] bt = new long[1000];
            long[] bv = new long[1000];
            for (int i = 0; i < samples; i += batch.length) {
                for (int j = 0; j < batch.length; j++) {
                    batch[j] = series[(i + j) % series.length];
                    bt[j] = t + (i + j) / series.length;
                    bv[j] = Double.doubleToRawLongBits(i + j);
                }
                client.appendAll(batch, bt, bv, batch.length);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            long held = heapAfterGc() - before;
            RemoteWriteStats s = client.stats();
            System.out.printf("samples=%d capacity/shard=%d shards=%d pending=%d dropped=%d heap-held=%.2f MiB"
                    + " (%.0f bytes/pending sample) append-rate=%.0f/s%n", samples, capacity, shards, s.pending(),
                    s.droppedQueueFull(), held / 1048576.0, (double) held / Math.max(1, s.pending()), samples / secs);
            if (dir != null) {
                long disk;
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
                    disk = files.filter(java.nio.file.Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
                }
                System.out.printf("queue log on disk=%.2f MiB%n", disk / 1048576.0);
            }
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
