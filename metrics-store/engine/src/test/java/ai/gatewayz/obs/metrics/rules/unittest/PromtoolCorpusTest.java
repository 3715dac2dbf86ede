package ai.gatewayz.obs.metrics.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.metrics.rules.StorageQueryFunc;
import ai.gatewayz.obs.metrics.rules.testsupport.TestEngines;
import ai.gatewayz.obs.rules.ExpressionValidator;
import ai.gatewayz.obs.rules.RuleFileException;
import ai.gatewayz.obs.rules.RuleFileParser;
import ai.gatewayz.obs.rules.RuleParseOptions;
import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The promtool corpus (corpora/prometheus-rules/promtool-testdata) through our runner and checker,
 * each case compared with EXPECTED.tsv (upstream outcome) and, where installed, with Debian's
 * promtool 2.42. Engine and validator are injected: today the test-support ones, so cases whose
 * expressions are beyond them are reported as NEEDS_ENGINE (never counted as passing). When the
 * PromQL engine registers a {@code RuleEngineProvider} service, {@link TestEngines} picks it up and the
 * same table runs for real.
 */
class PromtoolCorpusTest {
    static final StorageQueryFunc ENGINE = TestEngines.engine();
    static final ExpressionValidator VALIDATOR = TestEngines.validator();

    enum Verdict { MATCH, NEEDS_ENGINE, UNSUPPORTED_FEATURE, MISMATCH }

    record Case(String command, String file, String upstream, String promtool242, String notes) {
    }

    static List<Case> cases(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("EXPECTED.tsv"));
        List<Case> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t", -1);
            out.add(new Case(f[0], f[1], f[2], f[3], f[4]));
        }
        return out;
    }

    /** One invocation of our runner: which args and what upstream expects from them (true = pass). */
    record Invocation(String run, boolean ignoreUnknown, boolean expectPass) {
    }

    static List<Invocation> invocations(Case c) {
        String u = c.upstream();
        return switch (c.file()) {
            case "rules_run.yml" -> List.of(new Invocation(null, false, false), new Invocation("correct", false, true),
                    new Invocation("wrong", false, false));
            case "rules_run_fuzzy.yml" -> List.of(new Invocation("correct", false, true), new Invocation("wrong", false, false));
            case "rules_run_extrafields.yml" -> List.of(new Invocation(null, true, true));
            default -> List.of(new Invocation(null, false, u.startsWith("pass")));
        };
    }

    @Test
    void testRulesCorpus() throws IOException {
        Path dir = Peers.corpus("prometheus-rules").resolve("promtool-testdata");
        List<String> report = new ArrayList<>();
        int match = 0;
        int needsEngine = 0;
        int unsupported = 0;
        List<String> mismatches = new ArrayList<>();
        for (Case c : cases(dir)) {
            if (!c.command().equals("test rules")) {
                continue;
            }
            for (Invocation inv : invocations(c)) {
                RuleTestRunner runner = new RuleTestRunner(new RuleTestRunner.Options(ENGINE, VALIDATOR,
                        inv.run() == null ? null : Pattern.compile(inv.run()), inv.ignoreUnknown()));
                RuleTestRunner.FileResult r = runner.run(dir.resolve(c.file()));
                String all = String.join("\n", r.messages());
                Verdict v;
                if (all.contains("needs real PromQL")) {
                    v = Verdict.NEEDS_ENGINE;
                    needsEngine++;
                } else if (all.contains("native histogram")) {
                    v = Verdict.UNSUPPORTED_FEATURE;
                    unsupported++;
                } else if ((r.outcome() == RuleTestRunner.Outcome.PASS) == inv.expectPass()) {
                    v = Verdict.MATCH;
                    match++;
                } else {
                    v = Verdict.MISMATCH;
                    mismatches.add(c.file() + " " + inv + ": " + r.outcome() + "\n" + all);
                }
                report.add(String.format("%-28s %-18s %-8s %s", c.file(), inv.run() == null ? "" : "--run " + inv.run(),
                        r.outcome(), v));
            }
        }
        System.out.println("promtool test-rules corpus (engine: " + ENGINE.getClass().getSimpleName() + ")\n"
                + String.join("\n", report) + "\nMATCH=" + match + " NEEDS_ENGINE=" + needsEngine
                + " UNSUPPORTED_FEATURE=" + unsupported);
        assertThat(mismatches).isEmpty();
        assertThat(match).isPositive();
    }

    @Test
    void checkRulesCorpusAgreesWithExpected() throws IOException {
        Path dir = Peers.corpus("prometheus-rules").resolve("promtool-testdata");
        List<String> mismatches = new ArrayList<>();
        for (Case c : cases(dir)) {
            if (!c.command().equals("check rules")) {
                continue;
            }
            boolean ok = ourCheck(dir.resolve(c.file()));
            // the 2.42 column is what a Prometheus-2.x-compatible checker must say
            boolean expectedOk = !c.promtool242().startsWith("error");
            if (ok != expectedOk) {
                mismatches.add(c.file() + ": ours=" + (ok ? "ok" : "error") + " expected(2.42)=" + c.promtool242());
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void duplicateRuleLintAsExpected() throws IOException {
        Path dir = Peers.corpus("prometheus-rules").resolve("promtool-testdata");
        ai.gatewayz.obs.metrics.rules.RuleEngineProvider p = new ai.gatewayz.obs.metrics.rules.RuleEngineProvider() {
            @Override
            public StorageQueryFunc engine() {
                return ENGINE;
            }

            @Override
            public ExpressionValidator validator() {
                return VALIDATOR;
            }
        };
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(out);
        // EXPECTED.tsv: lint error (exit 3) with --lint-fatal
        assertThat(RuleTool.run(new String[] {"check", "rules", "--lint-fatal",
            dir.resolve("prometheus-rules.lint.yml").toString()}, ps, ps, p)).isEqualTo(3);
        // EXPECTED.tsv: duplicate `job:test:count_over_time1m` reported
        out.reset();
        assertThat(RuleTool.run(new String[] {"check", "rules", dir.resolve("rules_duplicates.yml").toString()}, ps, ps, p))
                .isZero();
        assertThat(out.toString()).contains("duplicate rule(s) found.").contains("Metric: job:test:count_over_time1m");
    }

    @Test
    void checkRulesVerdictsMatchDebianPromtool() throws Exception {
        Path promtool = Peers.binary("promtool");
        Path dir = Peers.corpus("prometheus-rules").resolve("promtool-testdata");
        List<String> mismatches = new ArrayList<>();
        for (Case c : cases(dir)) {
            if (!c.command().equals("check rules")) {
                continue;
            }
            Process p = new ProcessBuilder(promtool.toString(), "check", "rules", c.file()).directory(dir.toFile())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            boolean theirs = p.exitValue() == 0;
            boolean ours = ourCheck(dir.resolve(c.file()));
            if (theirs != ours) {
                mismatches.add(c.file() + ": promtool=" + p.exitValue() + " ours=" + (ours ? "ok" : "error"));
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void testRulesVerdictsMatchDebianPromtoolWhereOurEngineCanRunThem() throws Exception {
        Path promtool = Peers.binary("promtool");
        Path dir = Peers.corpus("prometheus-rules").resolve("promtool-testdata");
        List<String> compared = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (Case c : cases(dir)) {
            if (!c.command().equals("test rules")) {
                continue;
            }
            Process p = new ProcessBuilder(promtool.toString(), "test", "rules", c.file()).directory(dir.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            boolean promtoolLoaded = !out.contains("not found in type") && !out.contains("field ");
            RuleTestRunner.FileResult ours = new RuleTestRunner(new RuleTestRunner.Options(ENGINE, VALIDATOR, null, false))
                    .run(dir.resolve(c.file()));
            String msgs = String.join("\n", ours.messages());
            if (!promtoolLoaded || msgs.contains("needs real PromQL") || msgs.contains("native histogram")) {
                continue;
            }
            boolean theirsPass = p.exitValue() == 0;
            if (c.upstream().startsWith("pass") && c.promtool242().startsWith("fail")) {
                // documented divergence (EXPECTED.tsv): we follow upstream, 2.42 behaved differently
                compared.add(c.file() + " (divergent by design: " + c.promtool242() + ")");
                assertThat(oursPassIs(ours)).as(c.file()).isTrue();
                continue;
            }
            boolean oursPass = ours.outcome() == RuleTestRunner.Outcome.PASS;
            compared.add(c.file());
            if (theirsPass != oursPass) {
                mismatches.add(c.file() + ": promtool exit=" + p.exitValue() + " ours=" + ours.outcome() + "\n" + out + "\n" + msgs);
            }
        }
        System.out.println("compared with promtool 2.42: " + compared);
        assertThat(mismatches).isEmpty();
    }

    private static boolean oursPassIs(RuleTestRunner.FileResult r) {
        return r.outcome() == RuleTestRunner.Outcome.PASS;
    }

    private static boolean ourCheck(Path file) throws IOException {
        try {
            RuleFileParser.parse(file.getFileName().toString(), Files.readString(file),
                    RuleParseOptions.defaults(VALIDATOR).withLegacyNames());
            return true;
        } catch (RuleFileException e) {
            return false;
        }
    }
}
