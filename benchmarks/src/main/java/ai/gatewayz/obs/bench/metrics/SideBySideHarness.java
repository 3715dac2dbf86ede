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
 *      [metrics-store.jar] [series=10000] [steps=1920]
 * </pre>
 *
 * <p>metrics-store runs with the JVM flags it is deployed with (the Dockerfile's
 * {@code JAVA_TOOL_OPTIONS}: serial GC, compact object headers, 16 MiB initial heap), overridable
 * with {@code SBS_JVM_FLAGS} (e.g. {@code -Xms32m} to see a smaller initial heap). Memory is measured the same way for every system: resident set after ingest
 * (3 s settle) minus resident set after start (2 s settle), divided by the number of series; no
 * system is asked to collect garbage or trim first. Many series with few samples each keep the
 * per-series figure about the series rather than about allocator and heap-sizing noise.
 */
public final class SideBySideHarness {
    /**
     * The Dockerfile's JAVA_TOOL_OPTIONS, verbatim: a small initial heap that grows with the data
     * (as ./suite starts it), the maximum a share of the machine's memory as in a container.
     */
    static final String DEPLOY_JVM_FLAGS = "-Xms16m -XX:MaxRAMPercentage=70 -XX:+UseSerialGC"
            + " -XX:+UseCompactObjectHeaders -Xss512k -XX:+ExitOnOutOfMemoryError";
    /** Share of each lane's requests sent before the steady-state CPU measurement starts. */
    static final double WARMUP_FRACTION = 0.2;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * One system's figures. {@code cpuSeconds} covers the whole replay (cold: includes a JIT's
     * warm-up); {@code steadySamples}/{@code steadyCpuSeconds} cover the replay after the first
     * {@link #WARMUP_FRACTION} of each lane's requests, measured identically for every system.
     */
    record Result(String system, long samples, double cpuSeconds, double wallSeconds, long diskBytes, String diskNote,
            long rssDeltaBytes, long restartMillis, long steadySamples, double steadyCpuSeconds) {
        double perCore() {
            return samples / cpuSeconds;
        }

        double steadyPerCore() {
            return steadySamples / steadyCpuSeconds;
        }

        double bytesPerSample() {
            return diskBytes / (double) samples;
        }
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "metrics-store/server/target/metrics-store.jar");
        int series = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 1920;
        List<List<byte[]>> payloads = encode(series, steps);
        long samples = (long) series * steps;
        System.out.printf("payloads: %d series x %d steps (15 s apart, %.1f h) = %d samples, %d requests%n",
                series, steps, steps * 15 / 3600.0, samples, payloads.get(0).size() + payloads.get(1).size());
        List<Result> results = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String extra = System.getenv().getOrDefault("SBS_JAVA_OPTS", "");
        String jvmFlags = System.getenv().getOrDefault("SBS_JVM_FLAGS", DEPLOY_JVM_FLAGS);
        List<String> launch = List.of("-jar", jar.toAbsolutePath().toString());
        if (System.getenv("SBS_AOT") != null) {
            launch = aotLaunch(jar, jvmFlags);
        }
        List<String> launchArgs = launch;
        System.out.println("metrics-store JVM flags: " + jvmFlags);
        results.add(run("metrics-store", samples, payloads, "/api/v1/write", "/-/ready", (dir, port) -> {
            List<String> c = new ArrayList<>(List.of(java));
            c.addAll(List.of(jvmFlags.trim().split("\\s+")));
            if (!extra.isBlank()) {
                c.addAll(List.of(extra.trim().split("\\s+")));
            }
            c.addAll(launchArgs);
            c.addAll(List.of("--server.port=" + port, "--suite.data-dir=" + dir,
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
        System.out.println("| system | samples/s per core, steady | samples/s per core, cold | wall samples/s | bytes/sample on disk | RSS per series | restart-to-ready after kill -9 |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf("| %s | %.0f | %.0f | %.0f | %.2f (%s) | %.0f B | %d ms |%n", r.system(), r.steadyPerCore(), r.perCore(), r.samples() / r.wallSeconds(),
                    r.bytesPerSample(), r.diskNote(), r.rssDeltaBytes() / (double) series, r.restartMillis());
        }
        printBlockMeasures();
        Result ours = results.getFirst();
        for (Result r : results.subList(1, results.size())) {
            System.out.printf("ratios metrics-store / %s: ingest per core steady %.2fx, cold %.2fx, bytes/sample %.2fx, memory/series %.2fx, restart %.2fx%n",
                    r.system(), ours.steadyPerCore() / r.steadyPerCore(), ours.perCore() / r.perCore(), ours.bytesPerSample() / r.bytesPerSample(),
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
        if (System.getenv("SBS_JCMD") != null && name.equals("metrics-store")) {
            jcmd(p.pid(), "VM.native_memory baseline");
        }
        long rssBefore = rss(p.pid());
        long cpuBefore = cpuTicks(p.pid());
        java.util.Map<String, Long> threadsBefore = threadTicks(p.pid());
        long t0 = System.nanoTime();
        AtomicLong failures = new AtomicLong();
        int totalRequests = lanes.stream().mapToInt(List::size).sum();
        int warmRequests = 0;
        for (List<byte[]> lane : lanes) {
            warmRequests += (int) (lane.size() * WARMUP_FRACTION);
        }
        replay(lanes, 0, WARMUP_FRACTION, port, writePath, failures);
        long cpuWarm = cpuTicks(p.pid());
        java.util.Map<String, Long> threadsWarm = threadTicks(p.pid());
        replay(lanes, WARMUP_FRACTION, 1, port, writePath, failures);
        double wall = (System.nanoTime() - t0) / 1e9;
        long cpuEnd = cpuTicks(p.pid());
        double cpu = (cpuEnd - cpuBefore) / 100.0;
        double steadyCpu = (cpuEnd - cpuWarm) / 100.0;
        long steadySamples = samples * (totalRequests - warmRequests) / totalRequests;
        if (System.getenv("SBS_THREADS") != null) {
            printThreads(name + " warm-up", threadsBefore, threadsWarm);
            printThreads(name + " steady", threadsWarm, threadTicks(p.pid()));
        }
        Thread.sleep(3000);
        long rssAfter = rss(p.pid());
        System.out.printf("%s: ingested in %.1f s wall, %.1f CPU-s (%.1f CPU-s for the last %d samples), %d failed requests, RSS %d -> %d MiB%n",
                name, wall, cpu, steadyCpu, steadySamples, failures.get(), rssBefore >> 20, rssAfter >> 20);
        if (System.getenv("SBS_JCMD") != null && name.equals("metrics-store")) {
            // Diagnostics only, after the measurement: where a JVM's resident memory went.
            for (String diag : List.of("GC.heap_info", "VM.native_memory summary.diff")) {
                jcmd(p.pid(), diag);
            }
        }
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
        // Where the restart went, in the server's own words (JVM + framework start vs WAL replay).
        try (Stream<String> lines = Files.lines(dir.resolve("out.log"))) {
            List<String> startLines = lines.filter(l -> l.contains("TSDB opened") || l.contains("Started ")).toList();
            startLines.subList(Math.max(0, startLines.size() - 2), startLines.size())
                    .forEach(l -> System.out.println("  " + name + " restart: " + l.substring(Math.max(0, l.indexOf(" - ") + 3))));
        }
        third.destroy();
        third.waitFor();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        return new Result(name, samples, cpu, wall, bytes, diskNote, rssAfter - rssBefore, restart, steadySamples, steadyCpu);
    }

    /** Sends the requests of each lane from fraction {@code from} to {@code to} of it, lanes in parallel. */
    static void replay(List<List<byte[]>> lanes, double from, double to, int port, String writePath, AtomicLong failures)
            throws InterruptedException {
        List<Thread> senders = new ArrayList<>();
        for (List<byte[]> lane : lanes) {
            List<byte[]> part = lane.subList((int) (lane.size() * from), (int) (lane.size() * to));
            senders.add(Thread.ofPlatform().start(() -> {
                for (byte[] body : part) {
                    if (!send("http://127.0.0.1:" + port + writePath, body)) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : senders) {
            t.join();
        }
    }

    static void jcmd(long pid, String command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        argv.addAll(List.of(command.split(" ")));
        Process j = new ProcessBuilder(argv).redirectErrorStream(true).start();
        System.out.println(new String(j.getInputStream().readAllBytes()));
        j.waitFor();
    }

    static void printThreads(String label, java.util.Map<String, Long> before, java.util.Map<String, Long> after) {
        java.util.Map<String, Long> delta = new java.util.TreeMap<>();
        after.forEach((k, v) -> delta.merge(k.substring(0, k.indexOf('#')).replaceAll("[0-9]+", "N"), v - before.getOrDefault(k, 0L), Long::sum));
        delta.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .forEach(e -> System.out.printf("  %s thread CPU: %-20s %.2f s%n", label, e.getKey(), e.getValue() / 100.0));
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

    /**
     * {@code SBS_AOT=1}: starts metrics-store as the image does, from a JDK ahead-of-time cache
     * trained by deploy/aot-cache.sh with the same JVM flags (unpacked class path).
     */
    static List<String> aotLaunch(Path jar, String jvmFlags) throws IOException, InterruptedException {
        Path out = Files.createTempDirectory("sbs-aot");
        List<String> argv = new ArrayList<>(List.of("deploy/aot-cache.sh", jar.toAbsolutePath().toString(), out.toString()));
        argv.addAll(List.of(jvmFlags.trim().split("\\s+")));
        ProcessBuilder pb = new ProcessBuilder(argv).inheritIO();
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (pb.start().waitFor() != 0) {
            throw new IllegalStateException("deploy/aot-cache.sh failed (run the harness from the repository root)");
        }
        return List.of("-XX:AOTCache=" + out.resolve("app.aot"), "-jar", out.resolve(jar.getFileName()).toString());
    }

    public static Process start(List<String> cmd, Path dir, int port, String readyPath) throws Exception {
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

    public static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** CPU ticks per thread (name + tid) of a process, from /proc/PID/task. */
    static java.util.Map<String, Long> threadTicks(long pid) {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.put(comm + "#" + t.getFileName(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException e) {
                    // thread ended
                }
            }
        } catch (IOException e) {
            // process ended
        }
        return out;
    }

    public static long rss(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    public static long diskBytes(Path dir) {
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

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
