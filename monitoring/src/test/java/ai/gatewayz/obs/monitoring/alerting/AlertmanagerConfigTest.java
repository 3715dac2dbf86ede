package ai.gatewayz.obs.monitoring.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.alerts.config.AlertmanagerConfig;
import ai.gatewayz.obs.alerts.config.ConfigLoader;
import ai.gatewayz.obs.alerts.config.EmailConfig;
import ai.gatewayz.obs.alerts.config.Route;
import ai.gatewayz.obs.alerts.dispatch.Inhibitor;
import ai.gatewayz.obs.alerts.model.Alert;
import ai.gatewayz.obs.alerts.notify.EmailTemplates;
import ai.gatewayz.obs.alerts.notify.Notification;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.monitoring.sim.SimFeed;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleSpec;
import ai.gatewayz.obs.testkit.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/alertmanager/alertmanager.yml against the bundled rules: Debian's amtool 0.25 accepts it and
 * routes every bundled alert (with a provider and model where its scope has them) to the same
 * receiver as alert-router's routing tree; every route is reached by some alert; the two inhibition
 * rules silence what they promise and nothing else; and the rendered email names the culprit and
 * links the runbook and dashboard.
 */
class AlertmanagerConfigTest {
    static final Path DIR = Peers.sourceRoot().resolve("deploy/alertmanager");
    static final Map<String, String> ENV = Map.of("SMTP_HOST", "smtp.example.com:587", "SMTP_FROM", "alerts@example.com",
            "SMTP_USER", "alerts", "SMTP_PASSWORD", "secret", "ALERT_EMAIL_OPS", "ops@example.com",
            "ALERT_EMAIL_CRIT", "oncall@example.com", "ALERT_WEBHOOK_TARGET", "relay.example.com:8080/hooks/gatewayz",
            "GRAFANA_URL", "https://grafana.example.com");
    static AlertmanagerConfig prod;
    static Path expanded;

    @BeforeAll
    static void load(@TempDir Path tmp) throws Exception {
        prod = new ConfigLoader(ENV::get).loadFile(DIR.resolve("alertmanager.yml"));
        // amtool does not expand the environment: give it the file alert-router sees after expansion
        String text = Files.readString(DIR.resolve("alertmanager.yml"));
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+)}").matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(ENV.get(m.group(1))));
        }
        expanded = tmp.resolve("alertmanager.yml");
        Files.writeString(expanded, m.appendTail(sb).toString());
    }

    /** One label set per bundled alert rule, as the rule would send it for a provider and model. */
    static Map<String, Labels> bundledAlerts() {
        Map<String, Labels> out = new LinkedHashMap<>();
        for (RuleGroupSpec g : SimFeed.bundledGroups()) {
            for (RuleSpec r : g.rules()) {
                if (!r.isAlerting()) {
                    continue;
                }
                Labels.Builder b = Labels.builder().set("alertname", r.alert());
                r.labels().forEach(b::set);
                String scope = r.labels().getOrDefault("scope", "service");
                if (!scope.equals("service")) {
                    b.set("provider", "openai");
                }
                if (scope.equals("model")) {
                    b.set("model", "openai/gpt-4o-mini");
                }
                if (r.labels().get("category").equals("suite")) {
                    b.set("instance", "metrics-store:9090");
                }
                Labels l = b.build();
                String w = l.get("long_window");
                out.put(r.alert() + "/" + l.get("severity") + (w == null || w.isEmpty() ? "" : "/" + w), l);
            }
        }
        return out;
    }

    @Test
    void amtoolAcceptsTheExpandedFileAndTheLocalOne() throws Exception {
        Path amtool = Peers.binary("amtool");
        assertThat(run(amtool.toString(), "check-config", expanded.toString()))
                .contains("SUCCESS").contains(" - 2 inhibit rules").contains(" - 2 receivers");
        assertThat(run(amtool.toString(), "check-config", DIR.resolve("alertmanager-local.yml").toString()))
                .contains("SUCCESS").contains(" - 2 inhibit rules").contains(" - 2 receivers");
        AlertmanagerConfig local = new ConfigLoader(ENV::get).loadFile(DIR.resolve("alertmanager-local.yml"));
        assertThat(local.receivers().keySet()).containsExactlyInAnyOrder("ops", "critical");
        assertThat(local.inhibitRules()).isEqualTo(prod.inhibitRules());
    }

    @Test
    void amtoolAndAlertRouterRouteEveryBundledAlertToTheSameReceiverAndEveryRouteIsReached() throws Exception {
        Path amtool = Peers.binary("amtool");
        Map<Route, String> reached = new IdentityHashMap<>();
        List<String> table = new ArrayList<>();
        for (Map.Entry<String, Labels> e : bundledAlerts().entrySet()) {
            Labels l = e.getValue();
            List<Route> routes = prod.route().match(l);
            assertThat(routes).as(l.toString()).hasSize(1);
            String ours = routes.get(0).receiver();
            List<String> cmd = new ArrayList<>(List.of(amtool.toString(), "config", "routes", "test", "--config.file=" + expanded));
            l.forEach((k, v) -> cmd.add(k + "=" + v));
            String theirs = run(cmd.toArray(String[]::new)).strip();
            assertThat(ours).as("receiver of " + l + " (amtool said " + theirs + ")").isEqualTo(theirs);
            assertThat(ours).as("severity decides the receiver for " + l)
                    .isEqualTo(l.get("severity").equals("critical") ? "critical" : "ops");
            reached.put(routes.get(0), e.getKey());
            table.add(l + " -> " + ours);
        }
        List<Route> all = new ArrayList<>();
        walk(prod.route(), all);
        for (Route r : all) {
            assertThat(reached).as("route " + r + " is reached by a bundled alert; table:\n" + String.join("\n", table)).containsKey(r);
        }
        assertThat(all).hasSize(4);
    }

    @Test
    void criticalSilencesItsOwnWarningTierAndAProviderOutageSilencesItsModelAlerts() {
        long now = 1_000_000;
        Inhibitor in = new Inhibitor(prod.inhibitRules());
        Map<String, Labels> a = bundledAlerts();
        Labels outage = a.get("ProviderHighErrorRate/critical");
        Labels modelErrors = a.get("ModelHighErrorRate/warning");
        Labels fastBurn = a.get("ProviderAvailabilityBudgetBurn/critical/1h");
        Labels slowBurn = a.get("ProviderAvailabilityBudgetBurn/warning/1d");
        Labels breaker = a.get("CircuitBreakerOpen/warning");
        assertThat(List.of(outage, modelErrors, fastBurn, slowBurn, breaker)).doesNotContainNull();
        in.observe(alert(outage, now));
        in.observe(alert(fastBurn, now));
        assertThat(in.inhibitedBy(modelErrors, now)).as("model alert of the failing provider").isNotEmpty();
        assertThat(in.inhibitedBy(with(modelErrors, "provider", "anthropic"), now)).as("another provider's model alert").isEmpty();
        assertThat(in.inhibitedBy(slowBurn, now)).as("the 1d tier of the paging SLO burn").isNotEmpty();
        assertThat(in.inhibitedBy(with(slowBurn, "provider", "anthropic"), now)).as("another provider's slow burn").isEmpty();
        assertThat(in.inhibitedBy(breaker, now)).as("a different alert of the same provider still notifies").isEmpty();
        assertThat(in.inhibitedBy(outage, now)).as("the source itself").isEmpty();
    }

    @Test
    void theEmailNamesTheCulpritAndLinksRunbookAndDashboard() {
        Labels l = bundledAlerts().get("ModelHighErrorRate/warning");
        Map<String, String> ann = Map.of("summary", "Model openai/gpt-4o-mini on openai fails 60% of calls",
                "runbook_url", "https://github.com/gatewayz/observability-suite/blob/main/docs/runbooks.md#modelhigherrorrate",
                "dashboard", "/d/gatewayz-model-usage?var-provider=openai");
        Route route = prod.route().match(l).get(0);
        Notification n = new Notification(route.receiver(), "firing", List.of(new Notification.Item("firing", l, ann, 1, 0, "", "f")),
                route.groupLabels(l), l, ann, "http://alert-router:9093", "{}:{}", 0);
        EmailConfig mail = prod.receivers().get(route.receiver()).emailConfigs().get(0);
        EmailTemplates.Rendered r = EmailTemplates.render(mail, n);
        assertThat(r.headers().get("Subject")).isEqualTo("[FIRING] ModelHighErrorRate provider=openai model=openai/gpt-4o-mini");
        assertThat(r.text()).contains("FIRING ModelHighErrorRate severity=warning provider=openai model=openai/gpt-4o-mini")
                .contains("Runbook: https://github.com/gatewayz/observability-suite/blob/main/docs/runbooks.md#modelhigherrorrate")
                .contains("Dashboard: https://grafana.example.com/d/gatewayz-model-usage?var-provider=openai");
        assertThat(prod.receivers().get(route.receiver()).webhookConfigs()).hasSize(1);
        assertThat(prod.receivers().get("critical").webhookConfigs()).hasSize(1);
    }

    static void walk(Route r, List<Route> out) {
        out.add(r);
        r.routes().forEach(c -> walk(c, out));
    }

    static Labels with(Labels l, String k, String v) {
        return l.toBuilder().set(k, v).build();
    }

    static Alert alert(Labels l, long now) {
        return new Alert(l, Map.of(), now - 60_000, now + 3_600_000, now, "", false);
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out + err).isZero();
        return out;
    }
}
