package ai.gatewayz.obs.bench.traces;

import ai.gatewayz.obs.bench.metrics.SideBySideHarness;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * trace-store and Zipkin's server (io.zipkin:zipkin-server exec jar from Maven Central, in-memory
 * storage) side by side on this machine, fed the same OpenTelemetry SDK spans: trace-store through
 * the SDK's OTLP exporter (HTTP/protobuf, or gRPC with {@code TSZ_PROTOCOL=grpc}), Zipkin through
 * the SDK's Zipkin exporter (JSON v2). Per system: spans/s per CPU-second of the server process
 * (steady: after the first fifth of the exports), wall spans/s, resident memory per span after
 * ingest, bytes on disk per span (trace-store; Zipkin keeps everything in memory), trace-by-id
 * p50/p99 and search p50/p99 over the same ids and equivalent queries; then the ratios. Last,
 * trace-store alone takes pre-encoded OTLP protobuf exports over HTTP ({@code TSZ_ONLY=pre} runs
 * only that).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.gatewayz.obs.bench.traces.TraceStoreVsZipkin \
 *      [trace-store.jar] [zipkin-server-exec.jar] [traces=20000]
 * </pre>
 *
 * <p>Both servers run with the same JVM flags (the Dockerfile's, {@link SideBySideHarness#DEPLOY_JVM_FLAGS}
 * but a fixed 1 GiB maximum heap so Zipkin's in-memory store has room). Loopback only; not run in CI.
 */
public final class TraceStoreVsZipkin {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int TRACES_PER_EXPORT = 50;
    private static final String JVM_FLAGS = "-Xms16m -Xmx1g -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -Xss512k";

    private TraceStoreVsZipkin() {
    }

    /** One system's figures. */
    record Result(String system, long spans, double cpuSeconds, double steadyCpuSeconds, long steadySpans, double wallSeconds,
            long rssDelta, long diskBytes, double[] byId, double[] search, long failures) {
        double steadyPerCore() {
            return steadySpans / steadyCpuSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Path ours = Path.of(args.length > 0 ? args[0] : "trace-store/server/target/trace-store.jar");
        Path zipkin = Path.of(args.length > 1 ? args[1] : System.getProperty("user.home")
                + "/.m2/repository/io/zipkin/zipkin-server/3.5.1/zipkin-server-3.5.1-exec.jar");
        int traces = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        String protocol = System.getenv().getOrDefault("TSZ_PROTOCOL", "http");
        long now = System.currentTimeMillis() * 1_000_000L;
        List<List<SpanData>> batches = generate(traces, now - 3_600_000_000_000L);
        List<String> ids = new ArrayList<>();
        for (List<SpanData> b : batches) {
            for (int i = 0; i < b.size(); i += 10) {
                ids.add(b.get(i).getTraceId());
            }
        }
        long spans = traces * 10L;
        System.out.printf("spans: %d traces x 10 spans, %d exports of %d traces%n", traces, batches.size(), TRACES_PER_EXPORT);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        if ("pre".equals(System.getenv("TSZ_ONLY"))) {
            preEncoded(ours, java, traces);
            return;
        }
        long startS = (now - 3_700_000_000_000L) / 1_000_000_000L;
        long endS = now / 1_000_000_000L + 60;
        String traceql = "{ resource.service.name = \"gatewayz-backend\" && span.gen_ai.system = \"openai\" && duration > 1500ms }";

        List<Result> results = new ArrayList<>();
        results.add(run("trace-store (" + protocol + ")", spans, batches, ids, (dir, port) -> {
            List<String> c = new ArrayList<>(List.of(java));
            c.addAll(List.of(JVM_FLAGS.split(" ")));
            c.addAll(List.of("-jar", ours.toAbsolutePath().toString(), "--server.port=" + port[0], "--suite.data-dir=" + dir,
                    "--server.address=127.0.0.1", "--traces.http-port=" + port[1], "--traces.grpc-port=" + port[2],
                    "--traces.max-live-traces=1000000", "--traces.ingest-rate=1GB", "--traces.ingest-burst=2GB"));
            return c;
        }, port -> protocol.equals("grpc")
                ? OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + port[2]).setTimeout(Duration.ofSeconds(30)).build()
                : OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + port[1] + "/v1/traces").setTimeout(Duration.ofSeconds(30)).build(),
                "/-/ready", id -> "/api/v2/traces/" + id, "application/protobuf",
                "/api/search?limit=20&start=" + startS + "&end=" + endS + "&q=" + URLEncoder.encode(traceql, StandardCharsets.UTF_8), true));
        long endMs = endS * 1000;
        results.add(run("zipkin-server 3.5.1 (mem)", spans, batches, ids, (dir, port) -> {
            List<String> c = new ArrayList<>(List.of(java));
            c.addAll(List.of(JVM_FLAGS.split(" ")));
            c.addAll(List.of("-jar", zipkin.toAbsolutePath().toString(), "--server.port=" + port[0]));
            return c;
        }, port -> ZipkinSpanExporter.builder().setEndpoint("http://127.0.0.1:" + port[0] + "/api/v2/spans")
                .setReadTimeout(Duration.ofSeconds(30)).build(),
                "/health", id -> "/api/v2/trace/" + id, "application/json",
                "/api/v2/traces?serviceName=gatewayz-backend&annotationQuery=" + URLEncoder.encode("gen_ai.system=openai", StandardCharsets.UTF_8)
                        + "&minDuration=1500000&limit=20&endTs=" + endMs + "&lookback=" + 3_800_000L, false));

        System.out.println();
        System.out.println("| system | spans/s per core, steady | spans/s wall | RSS per span | disk per span | trace by id p50 / p99 | search p50 / p99 | failed exports |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf("| %s | %.0f | %.0f | %.0f B | %s | %.2f / %.2f ms | %.1f / %.1f ms | %d |%n", r.system(), r.steadyPerCore(),
                    r.spans() / r.wallSeconds(), r.rssDelta() / (double) r.spans(),
                    r.diskBytes() < 0 ? "n/a (in memory)" : String.format("%.1f B", r.diskBytes() / (double) r.spans()),
                    r.byId()[0], r.byId()[1], r.search()[0], r.search()[1], r.failures());
        }
        Result a = results.get(0);
        Result z = results.get(1);
        System.out.printf("ratios trace-store / zipkin: ingest per core %.2fx, RSS per span %.2fx, trace by id p50 %.2fx p99 %.2fx, "
                + "search p50 %.2fx p99 %.2fx%n", a.steadyPerCore() / z.steadyPerCore(), a.rssDelta() / (double) z.rssDelta(),
                a.byId()[0] / z.byId()[0], a.byId()[1] / z.byId()[1], a.search()[0] / z.search()[0], a.search()[1] / z.search()[1]);
        preEncoded(ours, java, traces);
    }

    /**
     * trace-store alone fed pre-encoded OTLP protobuf exports (TraceStoreBench's gateway traces,
     * as many per export as the SDK lanes) over HTTP from two threads, so the client's encoding cost is out of the
     * picture: spans/s per server core and server CPU-seconds per 1k spans, after a 20% warm-up.
     */
    static void preEncoded(Path jar, String javaBin, int traces) throws Exception {
        Random rnd = new Random(7);
        long t0 = System.currentTimeMillis() * 1_000_000L - 3_600_000_000_000L;
        List<byte[]> bodies = new ArrayList<>();
        long wire = 0;
        for (int i = 0; i < traces; i += TRACES_PER_EXPORT) {
            var req = io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.newBuilder();
            for (int k = 0; k < TRACES_PER_EXPORT; k++) {
                req.addAllResourceSpans(TraceStoreBench.export(rnd, t0 + (i + k) * 10_000_000L).getResourceSpansList());
            }
            byte[] b = req.build().toByteArray();
            wire += b.length;
            bodies.add(b);
        }
        Path dir = Files.createTempDirectory("tsz-pre");
        int[] ports = {SideBySideHarness.freePort(), SideBySideHarness.freePort()};
        List<String> c = new ArrayList<>(List.of(javaBin));
        c.addAll(List.of(JVM_FLAGS.split(" ")));
        c.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--server.port=" + ports[0], "--suite.data-dir=" + dir,
                "--server.address=127.0.0.1", "--traces.http-port=" + ports[1], "--traces.grpc-port=-1",
                "--traces.max-live-traces=1000000", "--traces.ingest-rate=1GB", "--traces.ingest-burst=2GB"));
        Process p = SideBySideHarness.start(c, dir, ports[0], "/-/ready");
        try {
            Thread.sleep(2000);
            int warm = bodies.size() / 5;
            AtomicLong failures = new AtomicLong();
            post(bodies.subList(0, warm), ports[1], failures);
            long cpu0 = SideBySideHarness.cpuTicks(p.pid());
            long w0 = System.nanoTime();
            post(bodies.subList(warm, bodies.size()), ports[1], failures);
            double wall = (System.nanoTime() - w0) / 1e9;
            double cpu = (SideBySideHarness.cpuTicks(p.pid()) - cpu0) / 100.0;
            long spans = (bodies.size() - warm) * TRACES_PER_EXPORT * 10L;
            System.out.printf("trace-store, pre-encoded OTLP/HTTP protobuf (%.0f B/span on the wire): %.0f spans/s per server core, "
                    + "%.4f server CPU-s per 1k spans, %.0f spans/s wall, %d failed%n", wire / (traces * 10.0), spans / cpu,
                    cpu / (spans / 1000.0), spans / wall, failures.get());
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            try (var w = Files.walk(dir)) {
                w.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void post(List<byte[]> bodies, int port, AtomicLong failures) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int lane = 0; lane < 2; lane++) {
                int l = lane;
                fs.add(pool.submit(() -> {
                    for (int i = l; i < bodies.size(); i += 2) {
                        try {
                            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                                    .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)))
                                    .build(), HttpResponse.BodyHandlers.discarding());
                            if (r.statusCode() != 200) {
                                failures.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Starts a system, replays every batch through its exporter on two threads, then measures memory, disk and queries. */
    static Result run(String name, long spans, List<List<SpanData>> batches, List<String> ids,
            java.util.function.BiFunction<Path, int[], List<String>> cmd, Function<int[], SpanExporter> exporterFor, String readyPath,
            Function<String, String> byIdPath, String accept, String searchPath, boolean onDisk) throws Exception {
        Path dir = Files.createTempDirectory("tsz-" + name.replaceAll("[^a-z0-9]+", "-"));
        int[] ports = {SideBySideHarness.freePort(), SideBySideHarness.freePort(), SideBySideHarness.freePort()};
        Process p = SideBySideHarness.start(cmd.apply(dir, ports), dir, ports[0], readyPath);
        try {
            Thread.sleep(2000);
            long rss0 = SideBySideHarness.rss(p.pid());
            long cpu0 = SideBySideHarness.cpuTicks(p.pid());
            long t0 = System.nanoTime();
            AtomicLong failures = new AtomicLong();
            SpanExporter exporter = exporterFor.apply(ports);
            int warm = batches.size() / 5;
            replay(exporter, batches.subList(0, warm), failures);
            long cpuWarm = SideBySideHarness.cpuTicks(p.pid());
            replay(exporter, batches.subList(warm, batches.size()), failures);
            long wall = System.nanoTime() - t0;
            long cpu1 = SideBySideHarness.cpuTicks(p.pid());
            exporter.shutdown().join(10, TimeUnit.SECONDS);
            long steadySpans = spans - warm * (long) TRACES_PER_EXPORT * 10;
            Thread.sleep(3000);
            long rss1 = SideBySideHarness.rss(p.pid());
            double[] byId = latencies(ports[0], ids, byIdPath, accept, 1000, true);
            double[] search = latencies(ports[0], ids, id -> searchPath, "application/json", 30, false);
            System.out.printf("%s: %d spans in %.1f s, server CPU %.1f s (steady %.1f s), RSS +%d MiB%n", name, spans, wall / 1e9,
                    (cpu1 - cpu0) / 100.0, (cpu1 - cpuWarm) / 100.0, (rss1 - rss0) >> 20);
            long disk = -1;
            if (onDisk) {
                p.destroy(); // graceful: live traces are cut to blocks
                p.waitFor(60, TimeUnit.SECONDS);
                disk = SideBySideHarness.diskBytes(dir.resolve("blocks"));
                System.out.printf("%s: blocks %d bytes, WAL and all %d bytes after a graceful stop%n", name, disk,
                        SideBySideHarness.diskBytes(dir));
            }
            return new Result(name, spans, (cpu1 - cpu0) / 100.0, (cpu1 - cpuWarm) / 100.0, steadySpans, wall / 1e9, rss1 - rss0, disk,
                    byId, search, failures.get());
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            try (var w = Files.walk(dir)) {
                w.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void replay(SpanExporter exporter, List<List<SpanData>> batches, AtomicLong failures) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int lane = 0; lane < 2; lane++) {
                int l = lane;
                fs.add(pool.submit(() -> {
                    for (int i = l; i < batches.size(); i += 2) {
                        CompletableResultCode r = exporter.export(batches.get(i)).join(60, TimeUnit.SECONDS);
                        if (!r.isSuccess()) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** p50 and p99 in ms of {@code n} GETs (ids picked at random); every answer must be 200 and, for trace by id, non-empty. */
    private static double[] latencies(int port, List<String> ids, Function<String, String> path, String accept, int n, boolean byId)
            throws Exception {
        Random pick = new Random(3);
        double[] ms = new double[n];
        for (int i = 0; i < n + 5; i++) {
            String id = ids.get(pick.nextInt(ids.size()));
            long s = System.nanoTime();
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path.apply(id)))
                    .header("Accept", accept).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
            long e = System.nanoTime() - s;
            if (r.statusCode() != 200 || (byId && r.body().length < 100)) {
                throw new IllegalStateException(path.apply(id) + " -> " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
            }
            if (i >= 5) {
                ms[i - 5] = e / 1e6; // the first five warm the path
            }
        }
        Arrays.sort(ms);
        return new double[] {ms[n / 2], ms[Math.min(n - 1, n * 99 / 100)]};
    }

    /** Gateway-shaped traces (TraceStoreBench's shape) made by the SDK itself, grouped per export. */
    static List<List<SpanData>> generate(int traces, long t0Nanos) {
        List<SpanData> all = new ArrayList<>(traces * 10);
        SpanExporter collect = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                all.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        Resource res = Resource.create(Attributes.builder().put("service.name", "gatewayz-backend").put("deployment.environment", "prod")
                .put("service.version", "2.4.1").put("host.name", "gw-1").build());
        String[] providers = {"openai", "anthropic", "google", "mistral"};
        String[] models = {"gpt-4o", "claude-3-5-sonnet", "gemini-1.5-pro", "mistral-large"};
        Random rnd = new Random(7);
        try (SdkTracerProvider provider = SdkTracerProvider.builder().setResource(res).addSpanProcessor(SimpleSpanProcessor.create(collect))
                .build()) {
            Tracer tracer = provider.get("gatewayz", "2.4.1");
            for (int t = 0; t < traces; t++) {
                long start = t0Nanos + t * 10_000_000L;
                long dur = 50_000_000L + rnd.nextInt(2_000_000_000);
                Span root = tracer.spanBuilder("POST /v1/chat/completions").setSpanKind(SpanKind.SERVER)
                        .setStartTimestamp(start, TimeUnit.NANOSECONDS).setNoParent().startSpan();
                root.setAttribute("http.method", "POST").setAttribute("http.status_code", 200L).setAttribute("http.route", "/v1/chat/completions")
                        .setAttribute("user.tier", "pro");
                Context rc = Context.root().with(root);
                String[] names = {"auth.verify_key", "redis GET", "tokens.count", "provider.attempt", "HTTP POST", "provider.attempt",
                    "HTTP POST", "provider.attempt", "response.stream"};
                Context attempt = rc;
                for (int i = 0; i < names.length; i++) {
                    long s = start + (i + 1) * 1_000_000L;
                    boolean http = names[i].equals("HTTP POST");
                    Span sp = tracer.spanBuilder(names[i]).setSpanKind(SpanKind.CLIENT).setParent(http ? attempt : rc)
                            .setStartTimestamp(s, TimeUnit.NANOSECONDS).startSpan();
                    if (names[i].equals("provider.attempt")) {
                        int p = rnd.nextInt(providers.length);
                        sp.setAttribute("gen_ai.system", providers[p]).setAttribute("gen_ai.request.model", models[p])
                                .setAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), 100L + rnd.nextInt(2000))
                                .setAttribute(AttributeKey.longKey("gen_ai.usage.output_tokens"), 10L + rnd.nextInt(800))
                                .setAttribute(AttributeKey.longKey("gatewayz.attempt"), (long) (i / 2));
                        if (rnd.nextInt(10) == 0) {
                            sp.setStatus(StatusCode.ERROR, "upstream 503");
                        }
                        attempt = Context.root().with(sp);
                    } else {
                        sp.setAttribute("http.method", "POST").setAttribute("http.status_code", 200L);
                    }
                    sp.end(s + (names[i].equals("provider.attempt") ? dur : dur / 10), TimeUnit.NANOSECONDS);
                }
                root.end(start + dur, TimeUnit.NANOSECONDS);
            }
        }
        List<List<SpanData>> batches = new ArrayList<>();
        // the collector saw spans as they ended: regroup per trace so one export carries whole traces
        java.util.Map<String, List<SpanData>> byTrace = new java.util.LinkedHashMap<>();
        for (SpanData s : all) {
            byTrace.computeIfAbsent(s.getTraceId(), k -> new ArrayList<>(10)).add(s);
        }
        List<SpanData> cur = new ArrayList<>();
        int n = 0;
        for (List<SpanData> tr : byTrace.values()) {
            cur.addAll(tr);
            if (++n % TRACES_PER_EXPORT == 0) {
                batches.add(cur);
                cur = new ArrayList<>();
            }
        }
        if (!cur.isEmpty()) {
            batches.add(cur);
        }
        return batches;
    }
}
