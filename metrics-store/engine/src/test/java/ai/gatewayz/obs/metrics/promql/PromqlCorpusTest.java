package ai.gatewayz.obs.metrics.promql;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.Peers;
import ai.gatewayz.obs.testkit.promqltest.EvalOutcome;
import ai.gatewayz.obs.testkit.promqltest.EvalOutcome.Status;
import ai.gatewayz.obs.testkit.promqltest.PromqlScriptRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs Prometheus's own promqltest corpus (3.x files at the top level) through the runner (with
 * the range-mode re-check of every instant eval) and
 * writes target/promql-compliance.md listing every skipped or failing eval with its reason. The
 * pass rate over "core" evals (no native histograms, no experimental feature, per EVAL-INDEX.tsv)
 * must not drop below the recorded level.
 */
class PromqlCorpusTest {
    /** Ratchet: raise when the engine improves; the goal is 0.95. */
    static final double MIN_CORE_PASS_RATE = 0.95;

    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    @Test
    void referenceCorpus() throws IOException {
        Report report = runCorpus(InProcessPromqlTestEngine::new, "promql-compliance.md");
        assertThat(report.corePassRate()).as(report.summary()).isGreaterThanOrEqualTo(MIN_CORE_PASS_RATE);
    }

    /**
     * The corpus over the on-disk TSDB, head only: every eval must end as it does over the memory
     * storage (the reference), so the storages cannot drift apart.
     */
    @Test
    void referenceCorpusOnTheTsdbHead() throws IOException {
        Report memory = runCorpus(InProcessPromqlTestEngine::new, "promql-compliance.md");
        Report head = runCorpus(() -> tsdbEngine(false), "promql-compliance-tsdb-head.md");
        assertThat(head.outcomes()).isEqualTo(memory.outcomes());
    }

    /** As above with every load cut into blocks of 15 min (and compacted) before the evals run. */
    @Test
    void referenceCorpusOnTsdbBlocks() throws IOException {
        Report memory = runCorpus(InProcessPromqlTestEngine::new, "promql-compliance.md");
        Report blocks = runCorpus(() -> tsdbEngine(true), "promql-compliance-tsdb-blocks.md");
        assertThat(blocksWritten.get()).as("loads whose data was read from blocks").isGreaterThan(50);
        assertThat(blocks.outcomes()).isEqualTo(memory.outcomes());
    }

    private final java.util.concurrent.atomic.AtomicInteger blocksWritten = new java.util.concurrent.atomic.AtomicInteger();

    private final java.util.concurrent.atomic.AtomicInteger dirs = new java.util.concurrent.atomic.AtomicInteger();

    private InProcessPromqlTestEngine tsdbEngine(boolean blocks) {
        ai.gatewayz.obs.metrics.tsdb.TsdbOptions o = ai.gatewayz.obs.metrics.tsdb.TsdbOptions.defaults()
                .withOutOfOrderWindow(java.time.Duration.ofDays(3650));
        if (blocks) {
            o = o.withBlocks(java.time.Duration.ofMinutes(15), 480);
        }
        ai.gatewayz.obs.metrics.tsdb.TsdbOptions opts = o;
        return new InProcessPromqlTestEngine(new ai.gatewayz.obs.metrics.promql.engine.PromqlEngine(
                ai.gatewayz.obs.metrics.promql.engine.QueryOptions.DEFAULTS),
                () -> ai.gatewayz.obs.metrics.tsdb.Tsdb.open(tmp.resolve("db" + dirs.incrementAndGet()), opts,
                        ai.gatewayz.obs.testkit.TestClock.atMillis(0)),
                s -> {
                    if (blocks) {
                        ai.gatewayz.obs.metrics.tsdb.Tsdb db = (ai.gatewayz.obs.metrics.tsdb.Tsdb) s;
                        db.maintain();
                        if (!db.blocks().isEmpty()) {
                            blocksWritten.incrementAndGet();
                        }
                    }
                });
    }

    private static Report runCorpus(java.util.function.Supplier<InProcessPromqlTestEngine> engines, String reportName)
            throws IOException {
        Path dir = Peers.corpus("promqltest");
        Map<String, String[]> index = readIndex(dir.resolve("EVAL-INDEX.tsv"));
        List<EvalOutcome> all = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        for (Path f : files) {
            InProcessPromqlTestEngine engine = engines.get();
            PromqlScriptRunner runner = new PromqlScriptRunner(engine, true);
            all.addAll(runner.run(f.getFileName().toString(), Files.readString(f)));
            engine.storage().close();
        }
        Report report = Report.of(all, index);
        Path out = Path.of("target", reportName);
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.markdown());
        System.out.println(reportName + ": " + report.summary());
        return report;
    }

    @Test
    void ownScripts() throws IOException {
        Path dir = Path.of("src", "test", "resources", "promql");
        List<EvalOutcome> failed = new ArrayList<>();
        int count = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".test")).sorted().toList()) {
                PromqlScriptRunner runner = new PromqlScriptRunner(new InProcessPromqlTestEngine(), true);
                for (EvalOutcome o : runner.run(f.getFileName().toString(), Files.readString(f))) {
                    count++;
                    if (o.status() != Status.PASS) {
                        failed.add(o);
                    }
                }
            }
        }
        assertThat(count).isGreaterThan(40);
        assertThat(failed).as(failed.toString()).isEmpty();
    }

    static Map<String, String[]> readIndex(Path tsv) throws IOException {
        Map<String, String[]> m = new HashMap<>();
        for (String line : Files.readAllLines(tsv)) {
            String[] f = line.split("\t");
            if (f[0].equals("file")) {
                continue;
            }
            m.put(f[0] + ":" + f[1], f);
        }
        return m;
    }

    /** Pass/skip/fail accounting and the markdown report. */
    record Report(List<EvalOutcome> all, Map<String, String[]> index) {
        static Report of(List<EvalOutcome> all, Map<String, String[]> index) {
            return new Report(all, index);
        }

        /** Every eval as "file:line status" (reasons may name storage-specific details). */
        List<String> outcomes() {
            return all.stream().map(o -> o.key() + " " + o.status()).toList();
        }

        boolean isCore(EvalOutcome o) {
            String[] f = index.get(o.key());
            return f != null && f[4].equals("0") && f[6].equals("-");
        }

        String category(EvalOutcome o) {
            String[] f = index.get(o.key());
            if (f == null) {
                return "unindexed";
            }
            if (!f[4].equals("0")) {
                return "native histograms";
            }
            if (!f[6].equals("-")) {
                return "experimental: " + f[6];
            }
            return "core";
        }

        double corePassRate() {
            long core = all.stream().filter(this::isCore).count();
            long pass = all.stream().filter(o -> isCore(o) && o.status() == Status.PASS).count();
            return core == 0 ? 0 : (double) pass / core;
        }

        String summary() {
            long core = all.stream().filter(this::isCore).count();
            long corePass = all.stream().filter(o -> isCore(o) && o.status() == Status.PASS).count();
            long pass = all.stream().filter(o -> o.status() == Status.PASS).count();
            long skip = all.stream().filter(o -> o.status() == Status.SKIP).count();
            long nh = all.stream().filter(o -> category(o).equals("native histograms")).count();
            long nhPass = all.stream().filter(o -> category(o).equals("native histograms") && o.status() == Status.PASS).count();
            long nhSkip = all.stream().filter(o -> category(o).equals("native histograms") && o.status() == Status.SKIP).count();
            java.util.function.Predicate<EvalOutcome> nhStable = o -> {
                String[] f = index.get(o.key());
                return f != null && !f[4].equals("0") && f[6].equals("-");
            };
            long nhs = all.stream().filter(nhStable).count();
            long nhsPass = all.stream().filter(o -> nhStable.test(o) && o.status() == Status.PASS).count();
            long nhsSkip = all.stream().filter(o -> nhStable.test(o) && o.status() == Status.SKIP).count();
            return String.format(java.util.Locale.ROOT,
                    "promqltest corpus: %d evals, %d pass, %d fail, %d skipped; core (no native histograms, no experimental flag): %d/%d = %.1f%%;"
                            + " native histograms: %d/%d = %.1f%% (%d of them skipped); native histograms without an"
                            + " experimental flag: %d/%d = %.1f%% (%d skipped: custom buckets), %.1f%% of those run",
                    all.size(), pass, all.size() - pass - skip, skip, corePass, core, 100.0 * corePass / Math.max(1, core),
                    nhPass, nh, 100.0 * nhPass / Math.max(1, nh), nhSkip, nhsPass, nhs, 100.0 * nhsPass / Math.max(1, nhs),
                    nhsSkip, 100.0 * nhsPass / Math.max(1, nhs - nhsSkip));
        }

        String markdown() {
            StringBuilder sb = new StringBuilder("# PromQL compliance: Prometheus promqltest corpus\n\n");
            sb.append("Generated by `PromqlCorpusTest` (metrics-store/engine). ").append(summary()).append("\n\n");
            Map<String, int[]> perFile = new TreeMap<>();
            for (EvalOutcome o : all) {
                int[] c = perFile.computeIfAbsent(o.file(), k -> new int[4]);
                c[o.status().ordinal()]++;
                if (isCore(o)) {
                    c[3]++;
                }
            }
            sb.append("| file | pass | fail | skip | core evals |\n|---|---:|---:|---:|---:|\n");
            perFile.forEach((f, c) -> sb.append("| ").append(f).append(" | ").append(c[0]).append(" | ").append(c[1])
                    .append(" | ").append(c[2]).append(" | ").append(c[3]).append(" |\n"));
            sb.append("\n## Every eval not passing\n\n| eval | category | status | reason |\n|---|---|---|---|\n");
            for (EvalOutcome o : all) {
                if (o.status() == Status.PASS) {
                    continue;
                }
                sb.append("| ").append(o.key()).append(" `").append(esc(o.expr())).append("` | ").append(category(o))
                        .append(" | ").append(o.status()).append(" | ").append(esc(o.reason())).append(" |\n");
            }
            return sb.toString();
        }

        private static String esc(String s) {
            if (s == null) {
                return "";
            }
            String t = s.replace("|", "\\|").replace("\n", " ").replace("`", "'");
            return t.length() > 240 ? t.substring(0, 240) + "..." : t;
        }
    }
}
