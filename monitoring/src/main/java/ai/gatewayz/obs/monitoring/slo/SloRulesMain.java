package ai.gatewayz.obs.monitoring.slo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates the SLO rule file from the SLO definition file:
 * {@code SloRulesMain deploy/slo/slos.yml deploy/rules/gatewayz-slo.yml} (run from the repository
 * root; docs/slos.md shows the Maven command). Exit code 0 on success, 1 on an invalid definition.
 */
public final class SloRulesMain {
    /** How the definition file is named in the generated header (relative, machine-independent). */
    public static final String SOURCE = "deploy/slo/slos.yml";

    private SloRulesMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SloRulesMain SLOS_YML OUTPUT_RULES_YML");
            System.exit(2);
        }
        try {
            Files.writeString(Path.of(args[1]), generate(Path.of(args[0])), StandardCharsets.UTF_8);
        } catch (ai.gatewayz.obs.common.SuiteException e) {
            System.err.println(args[0] + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** The rule file text for a definition file. */
    public static String generate(Path definition) throws IOException {
        return SloRuleRenderer.render(SloDefinitionParser.parse(Files.readString(definition, StandardCharsets.UTF_8)), SOURCE);
    }
}
