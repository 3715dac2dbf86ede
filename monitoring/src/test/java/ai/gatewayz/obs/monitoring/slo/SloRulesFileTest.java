package ai.gatewayz.obs.monitoring.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.testkit.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The committed SLO rule file is exactly what the generator makes of the committed definition. */
class SloRulesFileTest {
    private static final Path ROOT = Peers.sourceRoot();

    @Test
    void committedRuleFileEqualsAFreshGeneration() throws Exception {
        String fresh = SloRulesMain.generate(ROOT.resolve("deploy/slo/slos.yml"));
        assertThat(Files.readString(ROOT.resolve("deploy/rules/gatewayz-slo.yml")))
                .as("deploy/rules/gatewayz-slo.yml is stale: regenerate it (docs/slos.md)")
                .isEqualTo(fresh);
    }

    @Test
    void everySloAndLevelGetsOneAlertPerTier() throws Exception {
        SloDefinition def = SloDefinitionParser.parse(Files.readString(ROOT.resolve("deploy/slo/slos.yml")));
        String rules = SloRuleRenderer.render(def, "x");
        for (SloDefinition.Objective slo : def.objectives()) {
            for (SloDefinition.Level level : slo.levels()) {
                String name = SloRuleRenderer.alertName(slo, level);
                assertThat(rules.split("- alert: " + name + "\n", -1)).as(name).hasSize(def.tiers().size() + 1);
            }
        }
    }

    static Stream<Arguments> badDefinitions() {
        String tiers = "burn_rate_alerts:\n  - {severity: critical, long: 1h, short: 5m, burn_rate: 14.4, for: 2m}\n";
        String slo = "slos:\n  - {name: a, description: d, objective: 0.99, bad: x, total: y, levels: [{by: [provider], min_rate: 0, dashboard: d}]}\n";
        return Stream.of(
                Arguments.of("unknown top-level field", "period: 30d\nwindow: 1d\n" + tiers + slo,
                        "unknown field [where=file, field=window]"),
                Arguments.of("missing period", tiers + slo, "missing field [where=file, field=period]"),
                Arguments.of("short window not shorter", "period: 30d\nburn_rate_alerts:\n  - {severity: critical, long: 1h, short: 1h, burn_rate: 1, for: 2m}\n" + slo,
                        "invalid value [where=burn_rate_alerts[0], field=short, value=1h]"),
                Arguments.of("objective of 1", "period: 30d\n" + tiers + slo.replace("0.99", "1"),
                        "invalid value [where=slos[0], field=objective, value=1.0]"),
                Arguments.of("both good and bad", "period: 30d\n" + tiers + slo.replace("bad: x", "bad: x, good: z"),
                        "exactly one of good and bad must be set [slo=a]"),
                Arguments.of("bad label in by", "period: 30d\n" + tiers + slo.replace("[provider]", "[pro-vider]"),
                        "invalid value [where=slos[0].levels[0], field=by, value=pro-vider]"),
                Arguments.of("bad duration", "period: 30 days\n" + tiers + slo,
                        "invalid value [where=file, field=period, value=30 days]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDefinitions")
    void invalidDefinitionsAreRejectedNamingTheField(String name, String yaml, String message) {
        assertThatThrownBy(() -> SloDefinitionParser.parse(yaml)).isInstanceOf(SuiteException.class).hasMessage(message);
    }
}
