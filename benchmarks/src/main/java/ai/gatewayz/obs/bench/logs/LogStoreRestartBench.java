package ai.gatewayz.obs.bench.logs;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.disk.DiskLogStorage;
import ai.gatewayz.obs.logs.storage.disk.DiskStorageOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Restart-to-ready after kill -9 with 5,000 active streams, and resident heap per active stream:
 * a child process fills a disk storage's head and WAL (5,000 streams × 20 entries of ~200 B),
 * reports the heap its head holds per stream after a full GC, acknowledges and waits; the parent
 * kills it with SIGKILL and times opening the storage (WAL replay) until the first query answers.
 * Usage: {@code java -cp benchmarks.jar ai.gatewayz.obs.bench.logs.LogStoreRestartBench <dir> [streams]}. Not run in CI.
 */
public final class LogStoreRestartBench {
    private static final int ENTRIES = 20;

    private LogStoreRestartBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int streams = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        if (args.length > 2 && args[2].equals("child")) {
            child(dir, streams);
            return;
        }
        LogStoreBench.deleteTree(dir);
        Files.createDirectories(dir);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                LogStoreRestartBench.class.getName(), dir.toString(), Integer.toString(streams), "child").redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("WARNING") || line.startsWith("SLF4J")) {
                    continue;
                }
                System.out.println("child: " + line);
                if (line.startsWith("ready")) {
                    p.toHandle().destroyForcibly(); // SIGKILL
                }
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        for (int run = 0; run < 3; run++) {
            long t0 = System.nanoTime();
            try (DiskLogStorage s = DiskLogStorage.open("t", dir, DiskStorageOptions.defaults(), Clock.systemUTC())) {
                int n;
                try (var q = s.querier()) {
                    n = q.series(List.of(), Long.MIN_VALUE, Long.MAX_VALUE).size();
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                System.out.printf(Locale.ROOT, "restart-to-ready (open + WAL replay of %d entries + first query, run %d): %.0f ms, %d streams%n",
                        s.recovery().entriesReplayed(), run + 1, ms, n);
            }
        }
    }

    private static void child(Path dir, int streams) {
        long now = System.currentTimeMillis() * 1_000_000L;
        var mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = mem.getHeapMemoryUsage().getUsed();
        DiskLogStorage s = DiskLogStorage.open("t", dir, DiskStorageOptions.defaults(), Clock.systemUTC());
        StringBuilder pad = new StringBuilder();
        for (int e = 0; e < ENTRIES; e++) {
            LogAppender a = s.appender();
            for (int i = 0; i < streams; i++) {
                pad.setLength(0);
                pad.append("{\"level\":\"info\",\"msg\":\"request completed\",\"route\":\"/v1/chat/completions\",\"status\":200,")
                        .append("\"latency_ms\":").append(e * 7 + i % 1000).append(",\"trace_id\":\"").append(Long.toHexString(now + i * 31L + e))
                        .append("0000000000000000\",\"user\":\"u").append(i).append("\"}");
                a.append(Labels.of("app", "svc-" + (i % 50), "pod", "pod-" + i, "env", "prod"), LogEntry.of(now + e * 1_000_000L + i, pad.toString()));
            }
            a.commit();
        }
        System.gc();
        long after = mem.getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "head: %d streams x %d entries, heap %.1f MB: %.0f B per active stream (%.0f B per entry)%n", streams, ENTRIES,
                (after - before) / 1e6, (after - before) / (double) streams, (after - before) / (double) (streams * ENTRIES));
        System.out.println("ready");
        System.out.flush();
        try {
            Thread.sleep(600_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        s.close();
    }
}
