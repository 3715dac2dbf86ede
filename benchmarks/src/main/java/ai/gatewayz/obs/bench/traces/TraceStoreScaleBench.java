package ai.gatewayz.obs.bench.traces;

import ai.gatewayz.obs.traces.disk.DiskOptions;
import ai.gatewayz.obs.traces.disk.DiskTraceStorage;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.Resource;
import ai.gatewayz.obs.traces.model.Scope;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import ai.gatewayz.obs.traces.search.SearchRequest;
import ai.gatewayz.obs.traces.search.TraceSearch;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * trace-store's disk engine at scale: {@code traces} 10-span gateway traces (the same shape as
 * {@link TraceStoreBench}'s, built as spans rather than OTLP exports so a million fit in the run)
 * spread over 24 h, appended through the WAL, cut every 1,000 traces and compacted per hour; then
 * trace by id p50/p99 over random stored ids (bloom filter, binary search of the in-memory index,
 * one page) and TraceQL searches over the whole 24 h and the last hour. Prints the load average, as
 * the machine is shared. Not run in CI. Usage: {@code java -cp benchmarks.jar
 * ai.gatewayz.obs.bench.traces.TraceStoreScaleBench [traces=1000000] [lookups=5000] [searchRuns=3]}.
 */
public final class TraceStoreScaleBench {
    private static final String[] NAMES = {"POST /v1/chat/completions", "auth.verify_key", "redis GET", "tokens.count",
        "provider.attempt", "HTTP POST", "provider.attempt", "HTTP POST", "provider.attempt", "response.stream"};
    private static final String[] PROVIDERS = {"openai", "anthropic", "google", "mistral"};
    private static final String[] MODELS = {"gpt-4o", "claude-3-5-sonnet", "gemini-1.5-pro", "mistral-large"};

    private TraceStoreScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int traces = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int searchRuns = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        long hours = 24;
        long spacing = hours * 3_600_000_000_000L / traces;
        long t0 = System.currentTimeMillis() * 1_000_000L - hours * 3_600_000_000_000L - 60_000_000_000L;
        long[] hi = new long[traces];
        long[] lo = new long[traces];
        Random rnd = new Random(7);
        Resource[] resources = new Resource[4];
        for (int h = 0; h < 4; h++) {
            resources[h] = new Resource(List.of(Attr.of("service.name", "gatewayz-backend"), Attr.of("deployment.environment", "prod"),
                    Attr.of("service.version", "2.4.1"), Attr.of("host.name", "gw-" + h)), 0, "");
        }
        Scope scope = new Scope("gatewayz", "2.4.1", List.of(), 0, "");
        var bean = ManagementFactory.getThreadMXBean();
        log("load average at start: " + loadAverage());
        Path dir = Files.createTempDirectory("trace-scale");
        try (DiskTraceStorage storage = DiskTraceStorage.open(DiskOptions.defaults(dir), Clock.systemUTC())) {
            long appendCpu = 0;
            long c0 = bean.getCurrentThreadCpuTime();
            for (int from = 0; from < traces; from += 1000) {
                List<Span> batch = new ArrayList<>(10_000);
                for (int t = from; t < Math.min(traces, from + 1000); t++) {
                    TraceId id = new TraceId(rnd.nextLong(), rnd.nextLong());
                    hi[t] = id.hi();
                    lo[t] = id.lo();
                    batch.addAll(trace(rnd, id, t0 + t * spacing, resources[rnd.nextInt(4)], scope));
                }
                long a0 = bean.getCurrentThreadCpuTime();
                for (int k = 0; k < batch.size(); k += 500) {
                    storage.append("t", batch.subList(k, Math.min(batch.size(), k + 500)));
                }
                storage.cut(true);
                appendCpu += bean.getCurrentThreadCpuTime() - a0;
                if (from % 100_000 == 0) {
                    log("stored " + from + " traces, load average " + loadAverage());
                }
            }
            long spans = traces * 10L;
            log(String.format("append + cut: %.4f CPU-s per 1k spans (total with span building %.0f CPU-s); %d blocks, %.1f B/span",
                    appendCpu / 1e9 / (spans / 1000.0), (bean.getCurrentThreadCpuTime() - c0) / 1e9, storage.blockCount("t"),
                    storage.blockBytes("t") / (double) spans));
            long k0 = bean.getCurrentThreadCpuTime();
            storage.compact();
            log(String.format("compaction: %.4f CPU-s per 1k spans; %d blocks, %.1f B/span after compaction (%d traces, %d spans)",
                    (bean.getCurrentThreadCpuTime() - k0) / 1e9 / (spans / 1000.0), storage.blockCount("t"),
                    storage.blockBytes("t") / (double) spans, traces, spans));
            log("load average before lookups: " + loadAverage());
            Random pick = new Random(1);
            long[] lat = new long[lookups];
            long[] cpu = new long[lookups];
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < lat.length; i++) {
                    int k = pick.nextInt(traces);
                    TraceId id = new TraceId(hi[k], lo[k]);
                    long cs = bean.getCurrentThreadCpuTime();
                    long s = System.nanoTime();
                    int n = storage.trace("t", id, 0, Long.MAX_VALUE).size();
                    lat[i] = System.nanoTime() - s;
                    cpu[i] = bean.getCurrentThreadCpuTime() - cs;
                    if (n != 10) {
                        throw new IllegalStateException("trace " + id + " has " + n + " spans");
                    }
                }
                Arrays.sort(lat);
                Arrays.sort(cpu);
                log(String.format("trace by id, %s round, %d stored traces, %d lookups: wall p50 %.3f ms, p99 %.3f ms, max %.3f ms; "
                        + "thread CPU p50 %.3f ms, p99 %.3f ms; load %s", round == 0 ? "first (cold JIT)" : "second", traces, lookups,
                        lat[lookups / 2] / 1e6, lat[lookups * 99 / 100] / 1e6, lat[lookups - 1] / 1e6, cpu[lookups / 2] / 1e6,
                        cpu[lookups * 99 / 100] / 1e6, loadAverage()));
            }
            long end = t0 + hours * 3_600_000_000_000L + 60_000_000_000L;
            storage.scan("t", 0, 1, (id, sp) -> true); // the shared-trace index is built once per set of blocks
            for (String q : new String[] {
                "{ span.gen_ai.system = \"cohere\" }",
                "{ resource.service.name = \"gatewayz-backend\" && status = error }",
                "{ span.gen_ai.system = \"openai\" && duration > 1990ms }",
            }) {
                for (long[] range : new long[][] {{t0, end}, {end - 3_600_000_000_000L, end}}) {
                    double[] ms = new double[searchRuns];
                    double[] cms = new double[searchRuns];
                    long[] p0 = storage.scanPages();
                    TraceSearch.Result r = null;
                    for (int k = 0; k < searchRuns; k++) {
                        long cs = bean.getCurrentThreadCpuTime();
                        long s = System.nanoTime();
                        r = TraceSearch.search(storage, "t", new SearchRequest(q, null, 0, 0, range[0], range[1], 20, 3));
                        ms[k] = (System.nanoTime() - s) / 1e6;
                        cms[k] = (bean.getCurrentThreadCpuTime() - cs) / 1e6;
                    }
                    long[] p1 = storage.scanPages();
                    Arrays.sort(ms);
                    Arrays.sort(cms);
                    log(String.format("search %s: %d inspected, %d results, pages decoded %d / skipped %d per query; wall p50 %.1f ms, max of %d "
                            + "%.1f ms; thread CPU p50 %.1f ms; load %s: %s", range[0] == t0 ? "24 h" : "last 1 h", r.inspectedTraces(),
                            r.traces().size(), (p1[0] - p0[0]) / searchRuns, (p1[1] - p0[1]) / searchRuns, ms[searchRuns / 2], searchRuns,
                            ms[searchRuns - 1], cms[searchRuns / 2], loadAverage(), q));
                }
            }
        } finally {
            try (Stream<Path> w = Files.walk(dir)) {
                w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void log(String s) {
        System.out.println(s);
        System.out.flush();
    }

    private static List<Span> trace(Random rnd, TraceId id, long start, Resource resource, Scope scope) {
        List<Span> out = new ArrayList<>(10);
        long root = rnd.nextLong() | 1;
        long dur = 50_000_000L + rnd.nextInt(2_000_000_000);
        long prev = root;
        String tier = rnd.nextInt(5) == 0 ? "free" : "pro";
        for (int i = 0; i < 10; i++) {
            long sid = i == 0 ? root : rnd.nextLong() | 1;
            int p = rnd.nextInt(PROVIDERS.length);
            long parent = i == 0 ? 0 : NAMES[i].equals("HTTP POST") ? prev : root;
            List<Attr> attrs;
            int status = 0;
            String msg = "";
            if (NAMES[i].equals("provider.attempt")) {
                prev = sid;
                attrs = List.of(Attr.of("gen_ai.system", PROVIDERS[p]), Attr.of("gen_ai.request.model", MODELS[p]),
                        Attr.of("gen_ai.usage.input_tokens", 100 + rnd.nextInt(2000)), Attr.of("gen_ai.usage.output_tokens", 10 + rnd.nextInt(800)),
                        Attr.of("gatewayz.attempt", i / 2));
                if (rnd.nextInt(10) == 0) {
                    status = Span.STATUS_ERROR;
                    msg = "upstream 503";
                }
            } else {
                attrs = List.of(Attr.of("http.method", "POST"), Attr.of("http.status_code", 200), Attr.of("http.route", "/v1/chat/completions"),
                        Attr.of("user.tier", tier));
            }
            long s = start + i * 1_000_000L;
            out.add(new Span(id, sid, parent, "", 0, NAMES[i], i == 0 ? Span.KIND_SERVER : Span.KIND_CLIENT, s, s + (i == 0 ? dur : dur / 10),
                    attrs, 0, List.of(), 0, List.of(), 0, status, msg, resource, scope));
        }
        return out;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
