package ai.gatewayz.obs.bench.metrics;

import ai.gatewayz.obs.proto.prometheus.RemoteWriteV1;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.xerial.snappy.Snappy;

/**
 * Replays the same pre-encoded remote-write payloads into metrics-store, Debian's Prometheus 2.42
 * and (when installed) Debian's victoria-metrics on this machine, and reports per system: ingested
 * samples/s per CPU-second of the server process, bytes per sample on disk, resident memory per
 * active series, and restart-to-ready time after kill -9. Loopback only, bounded in size and time.
 *
 * <p>Bytes per sample on disk is measured after compaction: the default 1920 steps span 8 hours, so
 * both metrics-store and Prometheus cut persisted blocks (each does when its head spans more than
 * 3 hours); the harness waits for their blocks to settle, then divides the block directories' bytes
 * by the samples their {@code meta.json} files count. VictoriaMetrics: data dir after a graceful stop
 * divided by the samples sent.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.gatewayz.obs.bench.metrics.SideBySideHarness \
 *      [metrics-store.jar] [series=2000] [steps=1920]
 * </pre>
 */
public final class SideBySideHarness {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Result(String system, long samples, double cpuSeconds, double wallSeconds, long diskBytes, String diskNote,
            long rssDeltaBytes, long restartMillis) {
        double perCore() {
            return samples / cpuSeconds;
        }

        double bytesPerSample() {
            return diskBytes / (double) samples;
        }
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "metrics-store/server/target/metrics-store.jar");
        int series = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 1920;
        List<List<byte[]>> payloads = encode(series, steps);
        long samples = (long) series * steps;
        System.out.printf("payloads: %d series x %d steps (15 s apart, %.1f h) = %d samples, %d requests%n",
                series, steps, steps * 15 / 3600.0, samples, payloads.get(0).size() + payloads.get(1).size());
        List<Result> results = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String extra = System.getenv().getOrDefault("SBS_JAVA_OPTS", "");
        results.add(run("metrics-store", samples, payloads, "/api/v1/write", "/-/ready", (dir, port) -> {
            List<String> c = new ArrayList<>(List.of(java, "-Xmx1g"));
            if (!extra.isBlank()) {
                c.addAll(List.of(extra.trim().split("\\s+")));
            }
            c.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--server.port=" + port, "--suite.data-dir=" + dir,
                    "--metrics.scrape.enabled=false"));
            return c;
        }, dir -> blockDiskBytes("metrics-store", dir, samples), "persisted blocks after compaction"));
        boolean only = "metrics-store".equals(System.getenv("SBS_ONLY"));
        if (!only && Files.isExecutable(Path.of("/usr/bin/prometheus"))) {
            results.add(run("prometheus-2.42", samples, payloads, "/api/v1/write", "/-/ready", (dir, port) -> {
                try {
                    Files.writeString(dir.resolve("prometheus.yml"), "global: {scrape_interval: 1h}\n");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return List.of("/usr/bin/prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                        "--web.enable-remote-write-receiver");
            }, dir -> blockDiskBytes("prometheus-2.42", dir.resolve("data"), samples), "persisted blocks after compaction"));
        }
        if (!only && Files.isExecutable(Path.of("/usr/bin/victoria-metrics"))) {
            results.add(run("victoria-metrics", samples, payloads, "/api/v1/write", "/health", (dir, port) -> List.of(
                    "/usr/bin/victoria-metrics", "-storageDataPath=" + dir.resolve("data"), "-httpListenAddr=127.0.0.1:" + port,
                    "-retentionPeriod=10y"), dir -> diskBytes(dir.resolve("data")), "data dir after graceful stop"));
        } else {
            System.out.println("victoria-metrics not installed: skipped (apt-get install victoria-metrics)");
        }
        System.out.println();
        System.out.println("| system | samples/s per core | wall samples/s | bytes/sample on disk | RSS per series | restart-to-ready after kill -9 |");
        System.out.println("|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf("| %s | %.0f | %.0f | %.2f (%s) | %.0f B | %d ms |%n", r.system(), r.perCore(), r.samples() / r.wallSeconds(),
                    r.bytesPerSample(), r.diskNote(), r.rssDeltaBytes() / (double) series, r.restartMillis());
        }
        printBlockMeasures();
        Result ours = results.getFirst();
        for (Result r : results.subList(1, results.size())) {
            System.out.printf("ratios metrics-store / %s: ingest per core %.2fx, bytes/sample %.2fx, memory/series %.2fx, restart %.2fx%n",
                    r.system(), ours.perCore() / r.perCore(), ours.bytesPerSample() / r.bytesPerSample(),
                    ours.rssDeltaBytes() / (double) r.rssDeltaBytes(), ours.restartMillis() / (double) r.restartMillis());
        }
    }

    /** Two sender lanes, each a disjoint half of the series, steps in order; 1000 samples per request. */
    static List<List<byte[]>> encode(int series, int steps) throws IOException {
        Random r = new Random(11);
        long end = System.currentTimeMillis() / 15_000 * 15_000 - 60_000;
        long start = end - (long) steps * 15_000;
        double[] val = new double[series];
        for (int i = 0; i < series; i++) {
            val[i] = r.nextInt(1000);
        }
        List<List<byte[]>> lanes = List.of(new ArrayList<>(), new ArrayList<>());
        int perReq = 1000;
        for (int s = 0; s < steps; s++) {
            long t = start + s * 15_000L + r.nextInt(5);
            for (int lane = 0; lane < 2; lane++) {
                int from = lane * series / 2;
                int to = (lane + 1) * series / 2;
                for (int b = from; b < to; b += perReq) {
                    RemoteWriteV1.WriteRequest.Builder req = RemoteWriteV1.WriteRequest.newBuilder();
                    for (int i = b; i < Math.min(to, b + perReq); i++) {
                        // Counters grow by small integers; every 4th series is a gauge with two decimals.
                        val[i] = i % 4 == 0 ? Math.round((val[i] + r.nextGaussian()) * 100) / 100.0 : val[i] + r.nextInt(20);
                        req.addTimeseries(RemoteWriteV1.TimeSeries.newBuilder()
                                .addLabels(label("__name__", i % 4 == 0 ? "bench_gauge" : "bench_requests_total"))
                                .addLabels(label("instance", "gateway-" + (i % 20) + ":8000"))
                                .addLabels(label("job", "bench"))
                                .addLabels(label("series", Integer.toString(i)))
                                .addSamples(RemoteWriteV1.Sample.newBuilder().setTimestamp(t).setValue(val[i])));
                    }
                    lanes.get(lane).add(Snappy.compress(req.build().toByteArray()));
                }
            }
        }
        return lanes;
    }

    static RemoteWriteV1.Label label(String n, String v) {
        return RemoteWriteV1.Label.newBuilder().setName(n).setValue(v).build();
    }

    static Result run(String name, long samples, List<List<byte[]>> lanes, String writePath, String readyPath,
            BiFunction<Path, Integer, List<String>> cmd, java.util.function.Function<Path, Long> disk, String diskNote) throws Exception {
        Path dir = Files.createTempDirectory("side-by-side-" + name);
        int port = freePort();
        Process p = start(cmd.apply(dir, port), dir, port, readyPath);
        Thread.sleep(2000);
        long rssBefore = rss(p.pid());
        long cpuBefore = cpuTicks(p.pid());
        long t0 = System.nanoTime();
        AtomicLong failures = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        for (List<byte[]> lane : lanes) {
            senders.add(Thread.ofPlatform().start(() -> {
                for (byte[] body : lane) {
                    if (!send("http://127.0.0.1:" + port + writePath, body)) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : senders) {
            t.join();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuTicks(p.pid()) - cpuBefore) / 100.0;
        Thread.sleep(3000);
        long rssAfter = rss(p.pid());
        System.out.printf("%s: ingested in %.1f s wall, %.1f CPU-s, %d failed requests, RSS %d -> %d MiB%n", name, wall, cpu,
                failures.get(), rssBefore >> 20, rssAfter >> 20);
        awaitBlocks(name, dir);
        // Graceful stop, measure disk; then restart, kill -9, restart and time readiness.
        p.destroy();
        p.waitFor();
        long bytes = disk.apply(dir);
        Process again = start(cmd.apply(dir, port), dir, port, readyPath);
        Thread.sleep(1000);
        again.destroyForcibly();
        again.waitFor();
        long r0 = System.nanoTime();
        Process third = start(cmd.apply(dir, port), dir, port, readyPath);
        long restart = (System.nanoTime() - r0) / 1_000_000;
        third.destroy();
        third.waitFor();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        return new Result(name, samples, cpu, wall, bytes, diskNote, rssAfter - rssBefore, restart);
    }

    static boolean send(String url, byte[] body) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
                        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    return true;
                }
                if (r.statusCode() < 500) {
                    return false;
                }
            } catch (IOException e) {
                // retry
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    static Process start(List<String> cmd, Path dir, int port, String readyPath) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("out.log").toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + readyPath)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return p;
                }
            } catch (IOException e) {
                // not yet
            }
            if (!p.isAlive()) {
                throw new IllegalStateException(cmd.getFirst() + " exited: " + Files.readString(dir.resolve("out.log")));
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IllegalStateException("not ready: " + cmd);
    }

    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long rss(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    static long diskBytes(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".log")
                    && !f.getFileName().toString().equals("prometheus.yml")).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- disk after compaction

    /** Persisted-block bytes and the samples their metas count, per system (filled by {@link #blockDiskBytes}). */
    record BlockMeasure(int blocks, long bytes, long blockSamples, long sentSamples, String levels) {
        double bytesPerSample() {
            return blockSamples == 0 ? Double.NaN : bytes / (double) blockSamples;
        }
    }

    static final java.util.Map<String, BlockMeasure> BLOCKS = new java.util.LinkedHashMap<>();
    private static final java.util.regex.Pattern NUM_SAMPLES = java.util.regex.Pattern.compile("\"numSamples\"\\s*:\\s*(\\d+)");
    private static final java.util.regex.Pattern LEVEL = java.util.regex.Pattern.compile("\"level\"\\s*:\\s*(\\d+)");

    /** Block directories (holding a meta.json, not being written) anywhere under {@code root}. */
    static List<Path> blockDirs(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(f -> f.getFileName().toString().equals("meta.json")).map(Path::getParent)
                    .filter(d -> !d.getFileName().toString().contains("tmp")).sorted().toList();
        } catch (IOException e) {
            return List.of(); // a block renamed or deleted mid-walk: the caller polls again
        }
    }

    static long blockSamples(Path root) {
        long n = 0;
        for (Path d : blockDirs(root)) {
            try {
                java.util.regex.Matcher m = NUM_SAMPLES.matcher(Files.readString(d.resolve("meta.json")));
                if (m.find()) {
                    n += Long.parseLong(m.group(1));
                }
            } catch (IOException e) {
                // compacted away while reading
            }
        }
        return n;
    }

    /**
     * Waits (at most 4 minutes) until the system has persisted blocks and their sample count stayed
     * the same for 30 s: both systems cut and compact on a one-minute timer. No-op for systems
     * without blocks.
     */
    static void awaitBlocks(String name, Path dir) throws InterruptedException {
        if (name.startsWith("victoria")) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        long last = -1;
        int stable = 0;
        while (System.nanoTime() < deadline && stable < 6) {
            Thread.sleep(5000);
            long n = blockSamples(dir);
            stable = n > 0 && n == last ? stable + 1 : 0;
            last = n;
        }
        System.out.printf("%s: %d samples in persisted blocks (%s)%n", name, last, stable >= 6 ? "settled" : "timed out");
    }

    /**
     * Bytes of the persisted blocks under {@code root} after a graceful stop, scaled to all samples
     * sent so the table's bytes/sample column equals block bytes / block samples; details go to
     * {@link #BLOCKS}.
     */
    static long blockDiskBytes(String system, Path root, long sentSamples) {
        List<Path> dirs = blockDirs(root);
        long bytes = 0;
        java.util.TreeMap<Integer, Integer> levels = new java.util.TreeMap<>();
        for (Path d : dirs) {
            bytes += diskBytes(d);
            try {
                java.util.regex.Matcher m = LEVEL.matcher(Files.readString(d.resolve("meta.json")));
                if (m.find()) {
                    levels.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
                }
            } catch (IOException e) {
                // level unknown
            }
        }
        long n = blockSamples(root);
        BLOCKS.put(system, new BlockMeasure(dirs.size(), bytes, n, sentSamples, levels.toString()));
        return n == 0 ? -1 : Math.round(bytes * (sentSamples / (double) n));
    }

    static void printBlockMeasures() {
        System.out.println();
        System.out.println("| system | blocks (level=count) | block bytes | samples in blocks | of sent | bytes/sample after compaction |");
        System.out.println("|---|---|---|---|---|---|");
        BLOCKS.forEach((sys, m) -> System.out.printf("| %s | %d %s | %d | %d | %.0f%% | %.3f |%n", sys, m.blocks(), m.levels(), m.bytes(),
                m.blockSamples(), 100.0 * m.blockSamples() / m.sentSamples(), m.bytesPerSample()));
        BlockMeasure ours = BLOCKS.get("metrics-store");
        BlockMeasure prom = BLOCKS.get("prometheus-2.42");
        if (ours != null && prom != null) {
            System.out.printf("bytes/sample after compaction: metrics-store / prometheus-2.42 = %.3fx (Gorilla paper mark: 1.37)%n",
                    ours.bytesPerSample() / prom.bytesPerSample());
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
