package ai.gatewayz.obs.bench.logs;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.explore.FieldDetector;
import ai.gatewayz.obs.logs.explore.Volumes;
import ai.gatewayz.obs.logs.ingest.IngestLimits;
import ai.gatewayz.obs.logs.ingest.PushReceiver;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.logql.LogqlRequest;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.logs.logql.parser.Parser;
import ai.gatewayz.obs.logs.observe.CommitListener;
import ai.gatewayz.obs.logs.observe.ObservedLogStorages;
import ai.gatewayz.obs.logs.patterns.PatternMiner;
import ai.gatewayz.obs.logs.patterns.PatternOptions;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.disk.DiskStorageOptions;
import ai.gatewayz.obs.logs.storage.disk.DiskTenantLogStorages;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The issue-14 performance points on log-store's engine, over 24 h of the part-1 corpus
 * ({@link LogStoreBench#generate}: JSON request logs, logfmt, stack traces, 30 streams):
 * <ul>
 * <li>ingest through the push receiver (JSON push bodies, disk storage with WAL) with pattern
 *     mining off, on its own thread (as the server runs it: a bounded queue that drops when full)
 *     and inline on the pushing thread; as MB raw per CPU second of the pushing thread (wall time on
 *     the shared machine is mostly waiting for a core) and per CPU second of the whole process;</li>
 * <li>pattern mining cost in CPU seconds per GB raw, measured on the mining thread;</li>
 * <li>p50 and p99 of {@code /index/volume}, {@code /patterns} and {@code /detected_fields} over the
 *     24 h, computed as the Drilldown endpoints compute them (query thread CPU and wall).</li>
 * </ul>
 * Loki cannot run here, so the numbers are absolute. Not run in CI. Usage:
 * {@code java -cp benchmarks.jar ai.gatewayz.obs.bench.logs.ExploreBench <dir> [rawMB] [rounds]}.
 */
public final class ExploreBench {
    private ExploreBench() {
    }

    record Run(double pushCpu, double processCpu, double wall, long dropped, double minerCpu, PatternMiner miner, DiskTenantLogStorages storages) {
    }

    enum Mode { OFF, THREAD, INLINE }

    static Run ingest(Path dir, List<byte[]> bodies, Clock clock, PatternOptions opts, Mode mode, boolean keep) throws Exception {
        LogStoreBench.deleteTree(dir);
        IngestLimits unlimited = IngestLimits.defaults().withRate(Long.MAX_VALUE / 4, Long.MAX_VALUE / 4);
        IngestLimits limits = new IngestLimits(unlimited.maxLabelNames(), unlimited.maxLabelNameLength(), unlimited.maxLabelValueLength(),
                unlimited.maxLineSize(), unlimited.rejectOldSamples(), unlimited.rejectOldSamplesMaxAge(), unlimited.creationGracePeriod(),
                Duration.ofDays(2), unlimited.maxStructuredMetadataSize(), unlimited.maxStructuredMetadataEntries(),
                unlimited.ingestionRateBytes(), unlimited.ingestionBurstBytes(), Long.MAX_VALUE / 4, Long.MAX_VALUE / 4,
                unlimited.maxActiveStreams(), true, true);
        DiskStorageOptions disk = DiskStorageOptions.defaults();
        DiskTenantLogStorages raw = new DiskTenantLogStorages(dir, t -> disk, clock);
        ObservedLogStorages storages = new ObservedLogStorages(raw);
        PatternMiner miner = new PatternMiner(opts, clock);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] inlineCpu = {0};
        switch (mode) {
            case THREAD -> {
                miner.startAsync(1024);
                storages.addListener(miner);
            }
            case INLINE -> storages.addListener((CommitListener) (tenant, entries) -> {
                long c0 = mx.getCurrentThreadCpuTime();
                miner.committed(tenant, entries);
                inlineCpu[0] += mx.getCurrentThreadCpuTime() - c0;
            });
            case OFF -> {
            }
        }
        PushReceiver receiver = new PushReceiver(storages, t -> limits, clock, 512L << 20);
        System.gc();
        long p0 = LogStoreBench.processCpu();
        long c0 = mx.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        for (byte[] b : bodies) {
            receiver.push("bench", "application/json", null, b, false);
        }
        double pushCpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        double wall = (System.nanoTime() - w0) / 1e9;
        miner.close(); // waits for the queued pushes: the mining thread's CPU is all in
        double processCpu = (LogStoreBench.processCpu() - p0) / 1e9;
        double minerCpu = mode == Mode.THREAD ? miner.miningCpuNanos() / 1e9 : inlineCpu[0] / 1e9;
        if (!keep) {
            raw.close();
            raw = null;
        }
        return new Run(pushCpu, processCpu, wall, miner.droppedLines(), minerCpu, miner, raw);
    }

    static String pct(long[] ns) {
        long[] c = ns.clone();
        Arrays.sort(c);
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms", c[c.length / 2] / 1e6, c[Math.min(c.length - 1, c.length * 99 / 100)] / 1e6);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long rawTarget = (args.length > 1 ? Long.parseLong(args[1]) : 64) << 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Files.createDirectories(dir);
        Instant now = Instant.parse("2026-01-02T00:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        long end = now.getEpochSecond() * 1_000_000_000L;
        long start = end - Duration.ofHours(24).toNanos();
        List<Labels> streams = new ArrayList<>();
        for (String app : new String[] {"gateway", "router", "billing", "auth", "worker"}) {
            for (String level : new String[] {"info", "warn", "error"}) {
                for (String env : new String[] {"prod", "staging"}) {
                    streams.add(Labels.of("app", app, "env", env, "level", level));
                }
            }
        }
        List<LogStoreBench.Entry> corpus = LogStoreBench.generate(streams, start, end, rawTarget, new Random(11));
        long raw = 0;
        for (LogStoreBench.Entry e : corpus) {
            raw += e.line().length();
        }
        List<byte[]> json = new ArrayList<>();
        LogStoreBench.encode(corpus, streams, json, new ArrayList<>());
        System.out.printf(Locale.ROOT, "corpus: %d lines, %.1f MB raw over 24 h, %d streams, %d push bodies%n", corpus.size(), raw / 1e6,
                streams.size(), json.size());
        PatternOptions opts = new PatternOptions(0.5, 300, 128, Duration.ofSeconds(10), Duration.ofHours(25));
        ingest(dir.resolve("warm"), json.subList(0, Math.min(40, json.size())), clock, opts, Mode.THREAD, false);
        ingest(dir.resolve("warm"), json.subList(0, Math.min(40, json.size())), clock, opts, Mode.INLINE, false);
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] bestProc = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double threadMiner = Double.MAX_VALUE;
        double inlineMiner = Double.MAX_VALUE;
        long dropped = 0;
        Run kept = null;
        for (int round = 0; round < rounds; round++) {
            for (Mode m : Mode.values()) {
                boolean keep = round == rounds - 1 && m == Mode.THREAD;
                Run r = ingest(dir.resolve("store"), json, clock, opts, m, keep);
                best[m.ordinal()] = Math.min(best[m.ordinal()], r.pushCpu());
                bestProc[m.ordinal()] = Math.min(bestProc[m.ordinal()], r.processCpu());
                if (m == Mode.THREAD) {
                    threadMiner = Math.min(threadMiner, r.minerCpu());
                    dropped += r.dropped();
                }
                if (m == Mode.INLINE) {
                    inlineMiner = Math.min(inlineMiner, r.minerCpu());
                }
                if (keep) {
                    kept = r;
                }
                System.out.printf(Locale.ROOT, "round %d %-6s: pushing thread %.2f CPU-s, process %.2f CPU-s, wall %.2f s, miner %.2f CPU-s,"
                        + " %d lines not mined%n", round, m, r.pushCpu(), r.processCpu(), r.wall(), r.minerCpu(), r.dropped());
            }
        }
        double mb = raw / 1e6;
        System.out.printf(Locale.ROOT, "ingest, mining off:    %.1f MB/s per pushing-thread CPU-s, %.1f MB/s per process CPU-s%n",
                mb / best[0], mb / bestProc[0]);
        System.out.printf(Locale.ROOT, "ingest, mining thread: %.1f MB/s per pushing-thread CPU-s (ratio %.2f), %.1f per process CPU-s (ratio %.2f);"
                + " %d lines not mined over %d rounds%n", mb / best[1], best[0] / best[1], mb / bestProc[1], bestProc[0] / bestProc[1], dropped, rounds);
        System.out.printf(Locale.ROOT, "ingest, mining inline: %.1f MB/s per pushing-thread CPU-s (ratio %.2f), %.1f per process CPU-s (ratio %.2f)%n",
                mb / best[2], best[0] / best[2], mb / bestProc[2], bestProc[0] / bestProc[2]);
        System.out.printf(Locale.ROOT, "pattern mining: %.2f CPU-s on the mining thread, %.2f inline, for %.3f GB = %.1f / %.1f CPU-s per GB; %d clusters%n",
                threadMiner, inlineMiner, raw / 1e9, threadMiner / (raw / 1e9), inlineMiner / (raw / 1e9), kept.miner().clusters("bench"));

        // the Drilldown calls over the whole day, as the endpoints compute them
        int n = 60;
        long[] vol = new long[n];
        long[] pat = new long[n];
        long[] det = new long[n];
        LogqlEngine engine = new LogqlEngine();
        List<LabelMatcher> all = Parser.streamMatchers("{service_name=~\".+\"}");
        List<LabelMatcher> gateway = Parser.streamMatchers("{service_name=\"gateway\"}");
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            try (LogQuerier q = kept.storages().forTenant("bench").querier()) {
                Volumes.volume(q, all, Volumes.groupNames(all, List.of()), start, end, 5000);
            }
            vol[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            kept.miner().query("bench", gateway, start, end, Duration.ofMinutes(5).toNanos(), 1000);
            pat[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            try (LogQuerier q = kept.storages().forTenant("bench").querier()) {
                LogqlResult res = engine.evaluate(q, new LogqlRequest("{service_name=\"gateway\"}", start, end, 1_000_000_000L,
                        Direction.BACKWARD, 1000));
                FieldDetector d = new FieldDetector();
                for (LogqlResult.Stream s : ((LogqlResult.Streams) res).streams()) {
                    for (LogEntry e : s.entries()) {
                        d.add(e.line(), e.metadata());
                    }
                }
                d.fields(1000);
            }
            det[i] = System.nanoTime() - t0;
        }
        System.out.println("index/volume {service_name=~\".+\"} over 24 h:      " + pct(vol));
        System.out.println("patterns {service_name=\"gateway\"} over 24 h, 5m: " + pct(pat));
        System.out.println("detected_fields {service_name=\"gateway\"} 24 h:     " + pct(det));
        kept.storages().close();
    }
}
