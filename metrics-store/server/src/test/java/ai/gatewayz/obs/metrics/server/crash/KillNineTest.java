package ai.gatewayz.obs.metrics.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.model.Values;
import ai.gatewayz.obs.metrics.server.write.RwClient;
import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the whole server process: sustained remote-write ingest, {@code kill -9} in the
 * middle, restart on the same DATA_DIR, and every acknowledged (204) sample is read back exactly.
 * Then the WAL tail is torn and corrupted on disk, and the restart recovers cleanly, logging what
 * was dropped.
 */
class KillNineTest {
    private static final int SERIES_PER_WRITER = 20;
    private static final int WRITERS = 3;

    @TempDir
    Path dir;

    /** writer → acknowledged batch numbers. */
    private final Map<Integer, List<Integer>> acked = new ConcurrentHashMap<>();

    private static double value(int writer, int batch, int s) {
        if (batch % 10 == 9) {
            return Values.STALE_NAN;
        }
        return batch * 1000.0 + s + writer / 8.0;
    }

    private static long ts(int batch) {
        return System.currentTimeMillis() / 1000 * 1000 - 3_600_000L + batch * 10L;
    }

    private RemoteWriteV1.WriteRequest batch(int writer, int batch, long t) {
        RemoteWriteV1.WriteRequest.Builder b = RemoteWriteV1.WriteRequest.newBuilder();
        for (int s = 0; s < SERIES_PER_WRITER; s++) {
            b.addTimeseries(RwClient.series("__name__", "crash_metric", "writer", Integer.toString(writer), "s", Integer.toString(s))
                    .addSamples(RwClient.sample(t, value(writer, batch, s))));
        }
        return b.build();
    }

    @Test
    void everyAcknowledgedSampleSurvivesKillNineAndATornWalIsRepaired() throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("server.log");
        long base = ts(0);
        ChildServer server = ChildServer.start(data, log, Map.of("METRICS_STORAGE_WAL_SEGMENT_SIZE", "256KB",
                "METRICS_STORAGE_CHECKPOINT_SEGMENTS", "4"));
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            acked.put(writer, java.util.Collections.synchronizedList(new ArrayList<>()));
            RwClient client = new RwClient(server.url());
            Thread th = Thread.ofPlatform().start(() -> {
                for (int b = 0; !stop.get() && b < 100_000; b++) {
                    try {
                        HttpResponse<String> r = client.write("crash", batch(writer, b, base + b * 10L));
                        if (r.statusCode() == 204) {
                            acked.get(writer).add(b);
                        } else {
                            throw new AssertionError("unexpected status " + r.statusCode() + ": " + r.body());
                        }
                    } catch (RuntimeException e) {
                        return; // the server died under us: this batch was never acknowledged
                    }
                }
            });
            writers.add(th);
        }
        // Let ingest run until a few thousand batches were acknowledged, then kill mid-stream.
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && acked.values().stream().mapToInt(List::size).sum() < 1500) {
            Thread.sleep(20);
        }
        server.kill9();
        stop.set(true);
        for (Thread t : writers) {
            t.join(30_000);
        }
        int total = acked.values().stream().mapToInt(List::size).sum();
        assertThat(total).as("acknowledged batches before the kill").isGreaterThan(100);

        ChildServer restarted = ChildServer.start(data, log, Map.of());
        System.out.println("restart-to-ready after kill -9: " + restarted.readyMillis + " ms for " + total * SERIES_PER_WRITER
                + " acknowledged samples");
        try {
            RwClient client = new RwClient(restarted.url());
            for (int w = 0; w < WRITERS; w++) {
                String raw = client.readRaw("crash", "crash_metric{writer=\"" + w + "\",s=\"7\"}");
                for (int b : acked.get(w)) {
                    String bits = String.format("%016x", Double.doubleToRawLongBits(value(w, b, 7)));
                    assertThat(raw).as("writer %d batch %d", w, b).contains("[" + (base + b * 10L) + ",").contains(bits);
                    assertThat(raw).contains("[" + (base + b * 10L) + ",\"" + (b % 10 == 9 ? "NaN" : "") );
                }
            }
            // It keeps accepting writes after the recovery.
            assertThat(client.write("crash", batch(0, 200_000, base + 200_000L * 10)).statusCode()).isEqualTo(204);
        } finally {
            restarted.kill9();
        }

        // Tear the newest WAL segment of the tenant and scribble over its tail.
        Path wal = data.resolve("tenants").resolve("crash").resolve("wal");
        Path newest;
        try (Stream<Path> s = Files.list(wal)) {
            newest = s.filter(p -> p.getFileName().toString().matches("\\d{8}")).filter(p -> p.toFile().length() > 64)
                    .max(Path::compareTo).orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            long len = f.length();
            f.seek(len - 40);
            f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
            f.setLength(len - 7);
        }
        ChildServer recovered = ChildServer.start(data, log, Map.of());
        try {
            assertThat(Files.readString(log)).contains("WAL tail was corrupt and has been repaired").contains("droppedBytes=");
            RwClient client = new RwClient(recovered.url());
            String raw = client.readRaw("crash", "crash_metric{writer=\"1\",s=\"3\"}");
            int firstAcked = acked.get(1).getFirst();
            assertThat(raw).contains("[" + (base + firstAcked * 10L) + ",");
            assertThat(client.write("crash", batch(1, 300_000, base + 300_000L * 10)).statusCode()).isEqualTo(204);
        } finally {
            recovered.close();
        }
    }

    /** A native histogram for batch {@code b}: integer counts growing with b, a float histogram every 7th batch. */
    private static RemoteWriteV1.Histogram histogram(int b, long t) {
        RemoteWriteV1.Histogram.Builder h = RemoteWriteV1.Histogram.newBuilder().setTimestamp(t).setSchema(3)
                .setZeroThreshold(1e-9).addPositiveSpans(RemoteWriteV1.BucketSpan.newBuilder().setOffset(-4).setLength(3))
                .setSum(b * 0.125);
        if (b % 7 == 6) {
            return h.setCountFloat(b * 3 + 1.5).setZeroCountFloat(1.5).addAllPositiveCounts(List.of((double) b, (double) b, b + 0.5))
                    .setResetHint(RemoteWriteV1.Histogram.ResetHint.GAUGE).build();
        }
        return h.setCountInt(3L * b + 1).setZeroCountInt(1).addAllPositiveDeltas(List.of((long) b, 0L, 0L)).build();
    }

    @Test
    void everyAcknowledgedNativeHistogramSurvivesKillNine() throws Exception {
        Path data = dir.resolve("data-h");
        Path log = dir.resolve("server-h.log");
        long base = ts(0);
        ChildServer server = ChildServer.start(data, log, Map.of("METRICS_STORAGE_WAL_SEGMENT_SIZE", "64KB",
                "METRICS_STORAGE_CHECKPOINT_SEGMENTS", "2"));
        List<Integer> ok = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        RwClient client = new RwClient(server.url());
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int b = 0; !stop.get() && b < 100_000; b++) {
                RemoteWriteV1.WriteRequest.Builder req = RemoteWriteV1.WriteRequest.newBuilder();
                for (int s = 0; s < 5; s++) {
                    req.addTimeseries(RwClient.series("__name__", "crash_hist", "s", Integer.toString(s))
                            .addHistograms(histogram(b, base + b * 10L)));
                }
                try {
                    HttpResponse<String> r = client.write("crash", req.build());
                    if (r.statusCode() != 204) {
                        throw new AssertionError("unexpected status " + r.statusCode() + ": " + r.body());
                    }
                    ok.add(b);
                } catch (RuntimeException e) {
                    return; // the server died under us
                }
            }
        });
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && ok.size() < 600) {
            Thread.sleep(20);
        }
        server.kill9();
        stop.set(true);
        writer.join(30_000);
        assertThat(ok.size()).as("acknowledged batches before the kill").isGreaterThan(50);

        ChildServer restarted = ChildServer.start(data, log, Map.of());
        try {
            String raw = new RwClient(restarted.url()).readRaw("crash", "crash_hist{s=\"3\"}");
            for (int b : ok) {
                RemoteWriteV1.Histogram h = histogram(b, 0);
                String count = b % 7 == 6 ? "{float schema:3 count:" + (b * 3 + 1.5) : "{schema:3 count:" + (3.0 * b + 1);
                assertThat(raw).as("batch %d", b).contains("[" + (base + b * 10L) + ",\"" + count + " sum:" + h.getSum() + " ");
            }
        } finally {
            restarted.close();
        }
    }
}
