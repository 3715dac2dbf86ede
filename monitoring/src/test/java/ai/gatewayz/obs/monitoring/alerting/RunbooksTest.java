package ai.gatewayz.obs.monitoring.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.monitoring.sim.SimFeed;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleSpec;
import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every runbook_url of the bundled rules resolves to a section of docs/runbooks.md (GitHub's anchor
 * of a heading: lower case, spaces to hyphens, punctuation dropped), and every section has the
 * three parts the issue asks for: what it means, the first three things to look at, how to silence.
 */
class RunbooksTest {
    static final String BASE = "https://github.com/gatewayz/observability-suite/blob/main/docs/runbooks.md#";

    static Map<String, String> sections() throws IOException {
        String md = Files.readString(Peers.sourceRoot().resolve("docs/runbooks.md"));
        Map<String, String> out = new LinkedHashMap<>();
        String[] parts = md.split("(?m)^## ");
        for (int i = 1; i < parts.length; i++) {
            String heading = parts[i].lines().findFirst().orElse("");
            out.put(anchor(heading), parts[i]);
        }
        return out;
    }

    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    @Test
    void everyRunbookUrlOfTheRulesHasItsSection() throws IOException {
        Map<String, String> sections = sections();
        Set<String> used = new TreeSet<>();
        for (RuleGroupSpec g : SimFeed.bundledGroups()) {
            for (RuleSpec r : g.rules()) {
                if (!r.isAlerting()) {
                    continue;
                }
                String url = r.annotations().get("runbook_url");
                assertThat(url).as(r.alert() + " runbook_url").startsWith(BASE);
                String a = url.substring(BASE.length());
                assertThat(sections).as(r.alert() + " -> #" + a).containsKey(a);
                used.add(a);
            }
        }
        assertThat(used).hasSize(18);
        assertThat(sections.keySet()).as("no section for an alert that does not exist").containsExactlyInAnyOrderElementsOf(used);
    }

    @Test
    void everySectionSaysWhatToLookAtAndHowToSilence() throws IOException {
        for (Map.Entry<String, String> e : sections().entrySet()) {
            String s = e.getValue();
            assertThat(s).as(e.getKey()).contains("First three things to look at:").contains("\n1. ").contains("\n2. ")
                    .contains("\n3. ").contains("Silence: `amtool silence add alertname=");
            Matcher d = Pattern.compile("/d/(gatewayz-[a-z-]+)").matcher(s);
            assertThat(d.find()).as(e.getKey() + " links a dashboard").isTrue();
        }
    }

    @Test
    void theAnchorRuleIsGithubs() {
        assertThat(anchor("GatewayZAPIDown")).isEqualTo("gatewayzapidown");
        assertThat(anchor("Provider outage (5xx)")).isEqualTo("provider-outage-5xx");
    }
}
