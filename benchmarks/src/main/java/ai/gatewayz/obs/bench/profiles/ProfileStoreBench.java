package ai.gatewayz.obs.bench.profiles;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.profiles.ingest.JfrConverter;
import ai.gatewayz.obs.profiles.ingest.LegacyIngest;
import ai.gatewayz.obs.profiles.model.ProfileInput;
import ai.gatewayz.obs.profiles.pprof.PprofDecoder;
import ai.gatewayz.obs.profiles.query.FlameGraph;
import ai.gatewayz.obs.profiles.query.ProfileQueries;
import ai.gatewayz.obs.profiles.query.Selectors;
import ai.gatewayz.obs.profiles.storage.DiskProfileStorage;
import ai.gatewayz.obs.profiles.storage.StorageOptions;
import ai.gatewayz.obs.profiles.storage.StorageStats;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * profile-store engine on one thread, no peer (Pyroscope cannot run here): gzip pprof uploads and
 * JDK JFR recordings decoded and appended through the WAL (profiles/s and MB/s per CPU-second);
 * bytes per profile on disk after blocks are written against the gzip pprof as uploaded, and the
 * symbol de-duplication ratio; SelectMergeStacktraces p50/p99 over 1 h and 24 h of one service at
 * 1,000 profiles per hour, first with the newest hour still the head partition (its samples are
 * read, older hours answer from merged trees), then with every hour sealed; heap and RSS. Not run
 * in CI.
 * Usage: {@code java -cp benchmarks.jar ai.gatewayz.obs.bench.profiles.ProfileStoreBench [profilesPerHour] [hours]}.
 */
public final class ProfileStoreBench {
    static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";

    private ProfileStoreBench() {
    }

    public static void main(String[] args) throws Exception {
        int perHour = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        int n = perHour * hours;
        long now = System.currentTimeMillis();
        long start = (now - hours * 3_600_000L) / 3_600_000L * 3_600_000L;
        SyntheticProfiles gen = new SyntheticProfiles(17, 3000, 150, 3000);
        // a ring of distinct uploads, re-sent with new times, keeps the harness's own heap small
        byte[][] uploads = new byte[Math.min(n, 500)][];
        long ringWire = 0;
        long rawBytes = 0;
        for (int i = 0; i < uploads.length; i++) {
            byte[] raw = gen.next(0).toByteArray();
            rawBytes += raw.length;
            uploads[i] = SyntheticProfiles.gzip(raw);
            ringWire += uploads[i].length;
        }
        long wire = 0;
        for (int i = 0; i < n; i++) {
            wire += uploads[i % uploads.length].length;
        }
        rawBytes = rawBytes * n / uploads.length;
        System.out.printf("uploads: %d gzip pprof profiles (%d distinct), %.0f B each gzip (%.0f B raw), 150 stacks of a 3,000-stack pool, "
                + "1,000 samples%n", n, uploads.length, ringWire / (double) uploads.length, rawBytes / (double) n);
        Path dir = Files.createTempDirectory("profile-bench");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        PprofDecoder pprof = new PprofDecoder(64L << 20);
        LegacyIngest ingest = new LegacyIngest(pprof, new JfrConverter(Path.of(System.getProperty("java.io.tmpdir")), 64L << 20));
        long end = start + (long) n * (3_600_000L / perHour);
        MovableClock clock = new MovableClock(now);
        try (DiskProfileStorage storage = DiskProfileStorage.open(dir, StorageOptions.DEFAULTS, clock)) {
            long step = 3_600_000L / perHour;
            int warm = Math.min(500, n / 10);
            long cpu0 = 0;
            long w0 = 0;
            for (int i = 0; i < n; i++) {
                if (i == warm) {
                    cpu0 = threads.getCurrentThreadCpuTime();
                    w0 = System.nanoTime();
                }
                long t = start + i * step;
                LegacyIngest.Params params = new LegacyIngest.Params("gatewayz-backend{environment=bench}", Long.toString(t / 1000),
                        Long.toString(t / 1000 + 10), "100", "javaspy", "samples", "sum", "pprof");
                List<ProfileInput> profiles = ingest.convert(params, "application/octet-stream", uploads[i % uploads.length], null, t * 1_000_000L);
                storage.appender("bench").append(profiles);
            }
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - w0) / 1e9;
            long measured = n - warm;
            long measuredBytes = 0;
            for (int i = warm; i < n; i++) {
                measuredBytes += uploads[i % uploads.length].length;
            }
            System.out.printf("pprof ingest: %.0f profiles/s per core (%.2f MB/s gzip in, %.2f MB/s raw), wall %.0f profiles/s%n",
                    measured / cpu, measuredBytes / cpu / 1e6, measuredBytes / cpu / 1e6 * rawBytes / wire, measured / wall);

            jfrIngest(ingest, storage, threads, now);

            clock.ms = end + 60_000; // the newest hour stays the head (grace 10 min)
            storage.maintain();
            StorageStats s = storage.stats();
            System.out.printf("stored: %d profiles, %d samples, %d series, %d partitions; %.0f B on disk per profile "
                            + "(%.2f× smaller than the gzip pprof upload, %.2f B per sample); symbol de-duplication %.1f× "
                            + "(%d references → %d stored)%n",
                    s.profiles(), s.samples(), s.series(), s.partitions(), s.bytesOnDisk() / (double) s.profiles(),
                    (wire + 0.0) / s.bytesOnDisk() * s.profiles() / n, s.bytesOnDisk() / (double) s.samples(), s.dedupRatio(),
                    s.symbolRefs(), s.symbolsStored());

            List<LabelMatcher> m = Selectors.withType("{service_name=\"gatewayz-backend\"}", CPU);
            query("1h (head partition: samples)", storage, m, end - 3_600_000L, end, 20);
            query(hours + "h (" + (hours - 1) + " sealed + head)", storage, m, end - hours * 3_600_000L, end, 20);
            clock.ms = end + 20 * 60_000L;
            storage.maintain();
            query("1h (sealed: merged trees)", storage, m, end - 3_600_000L, end, 20);
            query(hours + "h (all sealed)", storage, m, end - hours * 3_600_000L, end, 20);
            long[] series = new long[3];
            for (int i = 0; i < series.length; i++) {
                long q0 = System.nanoTime();
                ProfileQueries.selectSeries(storage.querier("bench"), m, end - hours * 3_600_000L, end, List.of("provider"), 60_000, false, 0);
                series[i] = System.nanoTime() - q0;
            }
            Arrays.sort(series);
            System.out.printf("SelectSeries %dh by provider, step 60 s: p50 %.1f ms%n", hours, series[series.length / 2] / 1e6);
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.out.printf("memory after GC: heap used %.1f MB, RSS %s%n", heap / 1e6, rss());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The storage's clock, moved by the harness so partitions seal when it says. */
    static final class MovableClock extends Clock {
        volatile long ms;

        MovableClock(long ms) {
            this.ms = ms;
        }

        @Override
        public long millis() {
            return ms;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(ms);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Wall and CPU time of the querying thread: on a loaded machine the CPU time is the figure that holds. */
    static void query(String name, DiskProfileStorage storage, List<LabelMatcher> m, long from, long to, int runs) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] ns = new long[runs];
        long[] cpu = new long[runs];
        long total = 0;
        for (int i = 0; i < runs + 2; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long q0 = System.nanoTime();
            FlameGraph g = ProfileQueries.mergeStacktraces(storage.querier("bench"), m, from, to, 16_384, null, null);
            long took = System.nanoTime() - q0;
            if (i >= 2) {
                ns[i - 2] = took;
                cpu[i - 2] = threads.getCurrentThreadCpuTime() - c0;
            }
            total = g.total();
        }
        Arrays.sort(ns);
        Arrays.sort(cpu);
        int p99 = Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1);
        System.out.printf("SelectMergeStacktraces %s (max_nodes 16384): wall p50 %.1f ms, p99 %.1f ms; CPU p50 %.1f ms, p99 %.1f ms "
                + "(%d runs, total %d)%n", name, ns[runs / 2] / 1e6, ns[p99] / 1e6, cpu[runs / 2] / 1e6, cpu[p99] / 1e6, runs, total);
    }

    /** A JDK JFR recording of a busy loop (execution samples every 10 ms), converted and appended repeatedly. */
    static void jfrIngest(LegacyIngest ingest, DiskProfileStorage storage, ThreadMXBean threads, long now) throws Exception {
        Path jfr = Files.createTempFile("bench", ".jfr");
        try (jdk.jfr.Recording rec = new jdk.jfr.Recording()) {
            rec.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            rec.start();
            long stop = System.nanoTime() + 3_000_000_000L;
            double x = 0;
            while (System.nanoTime() < stop) {
                x += Math.sqrt(x + 1);
            }
            rec.stop();
            rec.dump(jfr);
            if (x < 0) {
                throw new IllegalStateException();
            }
        }
        byte[] recording = SyntheticProfiles.gzip(Files.readAllBytes(jfr));
        Files.delete(jfr);
        int runs = 60;
        long cpu0 = 0;
        long samples = 0;
        for (int i = 0; i < runs + 10; i++) {
            if (i == 10) {
                cpu0 = threads.getCurrentThreadCpuTime();
            }
            LegacyIngest.Params params = new LegacyIngest.Params("jfr-app{environment=bench}", Long.toString(now / 1000 - 60 + i),
                    Long.toString(now / 1000 - 50 + i), "100", "javaspy", "samples", "sum", "jfr");
            List<ProfileInput> profiles = ingest.convert(params, "application/octet-stream", recording, null, now * 1_000_000L);
            if (i == 0) {
                samples = profiles.stream().mapToLong(ProfileInput::sampleCount).sum();
            }
            storage.appender("bench-jfr").append(profiles);
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf("JFR ingest (JDK recording, %d B gzip, %d distinct stacks): %.1f uploads/s per core (%.2f MB/s gzip in)%n",
                recording.length, samples, runs / cpu, runs * (double) recording.length / cpu / 1e6);
    }

    static String rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return line.substring(6).trim();
            }
        }
        return "n/a";
    }
}
