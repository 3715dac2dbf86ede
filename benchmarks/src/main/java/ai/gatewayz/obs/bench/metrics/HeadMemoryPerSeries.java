package ai.gatewayz.obs.bench.metrics;

import ai.gatewayz.obs.metrics.ingest.IngestOptions;
import ai.gatewayz.obs.metrics.ingest.RemoteWriteReceiver;
import ai.gatewayz.obs.metrics.ingest.WriteResult;
import ai.gatewayz.obs.metrics.limits.IngestionRateLimiter;
import ai.gatewayz.obs.metrics.limits.LimitsRegistry;
import ai.gatewayz.obs.metrics.limits.TenantLimits;
import ai.gatewayz.obs.metrics.tsdb.Tsdb;
import ai.gatewayz.obs.metrics.tsdb.TsdbOptions;
import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.xerial.snappy.Snappy;

/**
 * Live heap per series of the ingest path: N series (shaped like the side-by-side harness: shared
 * {@code __name__}, {@code job}, 20 {@code instance} values and one unique label) with S samples
 * each, sent as remote-write 1.0 bodies of 1000 samples through {@link RemoteWriteReceiver} into a
 * {@link Tsdb}; then a full GC and {@code MemoryMXBean} heap used, minus the same before ingest.
 * Everything the path keeps counts: series, labels, postings, chunks, the receiver's series cache.
 *
 * <pre>
 * java -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -cp benchmarks/target/benchmarks.jar \
 *      ai.gatewayz.obs.bench.metrics.HeadMemoryPerSeries [series=100000] [samples=120]
 * </pre>
 */
public final class HeadMemoryPerSeries {
    private HeadMemoryPerSeries() {
    }

    public static void main(String[] args) throws Exception {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        Path dir = Files.createTempDirectory("head-memory");
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        Clock clock = Clock.systemUTC();
        RemoteWriteReceiver receiver = new RemoteWriteReceiver(IngestOptions.defaults(),
                new LimitsRegistry(TenantLimits.unlimited(), Map.of()), new IngestionRateLimiter(clock), clock);
        long before = usedAfterGc(mx);
        long start = clock.millis() / 15_000 * 15_000 - (long) steps * 15_000;
        long samples = 0;
        long t0 = System.nanoTime();
        try (Tsdb db = Tsdb.open(dir, TsdbOptions.defaults().withWal(128L << 20, false, 1000), clock)) {
            for (int s = 0; s < steps; s++) {
                long t = start + s * 15_000L;
                for (int from = 0; from < series; from += 1000) {
                    RemoteWriteV1.WriteRequest.Builder req = RemoteWriteV1.WriteRequest.newBuilder();
                    for (int i = from; i < Math.min(series, from + 1000); i++) {
                        req.addTimeseries(RemoteWriteV1.TimeSeries.newBuilder()
                                .addLabels(label("__name__", i % 4 == 0 ? "bench_gauge" : "bench_requests_total"))
                                .addLabels(label("instance", "gateway-" + (i % 20) + ":8000"))
                                .addLabels(label("job", "bench"))
                                .addLabels(label("series", Integer.toString(i)))
                                .addSamples(RemoteWriteV1.Sample.newBuilder().setTimestamp(t).setValue(i % 4 == 0 ? (i + s) * 0.25 : i + 3L * s)));
                    }
                    WriteResult r = receiver.write("bench", db, null, "snappy", Snappy.compress(req.build().toByteArray()));
                    if (!r.ok()) {
                        throw new IllegalStateException(r.message());
                    }
                    samples += r.samplesWritten();
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long after = usedAfterGc(mx);
            System.out.printf("series=%d samples/series=%d samples=%d ingest=%.1f s chunkBytes=%d (%.2f B/sample)%n", series, steps, samples,
                    secs, db.chunkBytes(), db.chunkBytes() / (double) samples);
            System.out.printf("live heap: %d -> %d bytes; %.0f bytes per series (%.0f excluding chunk bytes)%n", before, after,
                    (after - before) / (double) series, (after - before - db.chunkBytes()) / (double) series);
            java.lang.ref.Reference.reachabilityFence(receiver); // its series cache is part of the cost
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long usedAfterGc(MemoryMXBean mx) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mx.getHeapMemoryUsage().getUsed();
    }

    static RemoteWriteV1.Label label(String n, String v) {
        return RemoteWriteV1.Label.newBuilder().setName(n).setValue(v).build();
    }
}
