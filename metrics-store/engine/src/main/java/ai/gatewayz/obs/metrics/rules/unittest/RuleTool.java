package ai.gatewayz.obs.metrics.rules.unittest;

import ai.gatewayz.obs.metrics.rules.RuleEngineProvider;
import ai.gatewayz.obs.rules.RuleError;
import ai.gatewayz.obs.rules.RuleFileException;
import ai.gatewayz.obs.rules.RuleFileParser;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleParseOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * A promtool-compatible command line for rule files, so users can check and unit-test rules
 * without Prometheus installed:
 * <pre>
 *   java -cp metrics-store.jar ai.gatewayz.obs.metrics.rules.unittest.RuleTool check rules FILE...
 *   java -cp metrics-store.jar ai.gatewayz.obs.metrics.rules.unittest.RuleTool test rules [--run REGEX] [--ignore-unknown-fields] FILE...
 * </pre>
 * Exit codes as promtool: 0 success, 1 failure or invalid input. The PromQL engine is found through
 * {@link RuleEngineProvider} on the class path.
 */
public final class RuleTool {
    private RuleTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, provider()));
    }

    static RuleEngineProvider provider() {
        return ServiceLoader.load(RuleEngineProvider.class).findFirst().orElse(null);
    }

    /** Runs a command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, RuleEngineProvider provider) {
        if (args.length < 2 || !args[1].equals("rules") || !(args[0].equals("check") || args[0].equals("test"))) {
            err.println("usage: RuleTool check rules [--lint-fatal] FILE... | test rules [--run REGEX] [--ignore-unknown-fields] FILE...");
            return 2;
        }
        Pattern runFilter = null;
        boolean ignoreUnknown = false;
        boolean lintFatal = false;
        List<Path> files = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--run" -> runFilter = Pattern.compile(args[++i]);
                case "--ignore-unknown-fields" -> ignoreUnknown = true;
                case "--lint-fatal" -> lintFatal = true;
                case "--lint=duplicate-rules", "--lint=none" -> {
                }
                default -> files.add(Path.of(args[i]));
            }
        }
        if (provider == null) {
            err.println("no PromQL engine on the class path (no " + RuleEngineProvider.class.getName() + " service)");
            return 1;
        }
        return args[0].equals("check") ? check(files, ignoreUnknown, lintFatal, out, err, provider)
                : test(files, runFilter, ignoreUnknown, out, err, provider);
    }

    private static int check(List<Path> files, boolean ignoreUnknown, boolean lintFatal, PrintStream out, PrintStream err,
            RuleEngineProvider provider) {
        int code = 0;
        RuleParseOptions po = RuleParseOptions.defaults(provider.validator()).withIgnoreUnknownFields(ignoreUnknown);
        for (Path f : files) {
            out.println("Checking " + f);
            try {
                List<RuleGroupSpec> groups = RuleFileParser.parse(f.toString(), Files.readString(f), po);
                int n = groups.stream().mapToInt(g -> g.rules().size()).sum();
                List<String> dups = duplicates(groups);
                if (!dups.isEmpty()) {
                    out.println(dups.size() + " duplicate rule(s) found.");
                    dups.forEach(out::println);
                    out.println("Might cause inconsistency while recording expressions.");
                    if (lintFatal) {
                        code = Math.max(code, 3);
                    }
                }
                out.println("  SUCCESS: " + n + " rules found");
            } catch (RuleFileException e) {
                err.println("  FAILED:");
                for (RuleError x : e.errors()) {
                    err.println(x);
                }
                code = 1;
            } catch (IOException e) {
                err.println("  FAILED:\n" + e.getMessage());
                code = 1;
            }
            out.println();
        }
        return code;
    }

    /** Rules with the same name and labels anywhere in the file (promtool's duplicate-rules lint). */
    static List<String> duplicates(List<RuleGroupSpec> groups) {
        java.util.Map<String, Integer> seen = new java.util.TreeMap<>();
        for (RuleGroupSpec g : groups) {
            for (var r : g.rules()) {
                String key = "Metric: " + r.name() + "\nLabel(s):" + new java.util.TreeMap<>(r.labels()).entrySet().stream()
                        .map(e -> "\n\t" + e.getKey() + ": " + e.getValue()).reduce("", String::concat);
                seen.merge(key, 1, Integer::sum);
            }
        }
        List<String> out = new ArrayList<>();
        seen.forEach((k, n) -> {
            for (int i = 1; i < n; i++) {
                out.add(k);
            }
        });
        return out;
    }

    private static int test(List<Path> files, Pattern runFilter, boolean ignoreUnknown, PrintStream out, PrintStream err,
            RuleEngineProvider provider) {
        RuleTestRunner runner = new RuleTestRunner(new RuleTestRunner.Options(provider.engine(), provider.validator(),
                runFilter, ignoreUnknown));
        int code = 0;
        for (Path f : files) {
            out.println("Unit Testing:  " + f);
            RuleTestRunner.FileResult r = runner.run(f);
            if (r.outcome() == RuleTestRunner.Outcome.PASS) {
                out.println("  SUCCESS");
            } else {
                code = 1;
                if (r.outcome() == RuleTestRunner.Outcome.ERROR) {
                    err.println("  FAILED:");
                }
                r.messages().forEach(err::println);
            }
            out.println();
        }
        return code;
    }
}
