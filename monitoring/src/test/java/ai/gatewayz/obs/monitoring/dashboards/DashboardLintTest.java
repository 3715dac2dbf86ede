package ai.gatewayz.obs.monitoring.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.metrics.promql.parser.Parser;
import ai.gatewayz.obs.monitoring.dashboards.Dashboards.Dashboard;
import ai.gatewayz.obs.monitoring.dashboards.Dashboards.Target;
import ai.gatewayz.obs.monitoring.sim.SimFeed;
import ai.gatewayz.obs.rules.RuleGroupSpec;
import ai.gatewayz.obs.rules.RuleSpec;
import ai.gatewayz.obs.testkit.Peers;
import ai.gatewayz.obs.traces.traceql.TraceqlQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * Every JSON under grafana/dashboards is a dashboard Grafana's file provisioner accepts and whose
 * every query parses in the language of its datasource: PromQL through metrics-store's parser,
 * LogQL through log-store's, TraceQL through trace-store's, after the substitution Grafana does.
 * Failures name the file, panel and refId. (Grafana itself runs only where Docker does.)
 */
class DashboardLintTest {
    static final List<Dashboard> ALL = Dashboards.all();
    static final Set<String> NO_QUERY_PANELS = Set.of("row", "text", "news", "dashlist", "alertlist", "annolist");

    static Map<String, String> datasourceTypesByUid() {
        Map<String, String> out = new HashMap<>();
        GrafanaDatasources.provisioned().forEach(ds -> out.put(ds.uid(), ds.type()));
        return out;
    }

    static Map<String, String> defaultValues(Dashboard d) {
        return Dashboards.defaultValues(d);
    }

    static GrafanaMacros macros(Dashboard d) {
        return new GrafanaMacros(Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofHours(6), defaultValues(d));
    }

    @Test
    void theDashboardsOfIssue19ArePresent() {
        assertThat(ALL).extracting(Dashboard::uid).contains("gatewayz-golden-signals", "gatewayz-provider-directory",
                "gatewayz-model-usage", "gatewayz-streaming", "gatewayz-request-type", "gatewayz-infrastructure",
                "gatewayz-system-quality", "gatewayz-suite-health");
    }

    @Test
    void everyDashboardHasTheSchemaEssentialsAndAUniqueUid() {
        Set<String> uids = new HashSet<>();
        for (Dashboard d : ALL) {
            String f = d.file().getFileName().toString();
            assertThat(d.uid()).as(f + " uid").matches("[A-Za-z0-9_-]{1,40}");
            assertThat(uids.add(d.uid())).as(f + " uid is unique: " + d.uid()).isTrue();
            assertThat(d.title()).as(f + " title").isNotBlank();
            assertThat(d.json().path("schemaVersion").asInt()).as(f + " schemaVersion").isGreaterThanOrEqualTo(36);
            assertThat(d.json().path("panels").isArray()).as(f + " panels").isTrue();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : d.panels()) {
                String where = f + " / " + p.path("title").asString();
                assertThat(ids.add(p.path("id").asInt(-1))).as(where + " has a unique id").isTrue();
                JsonNode g = p.path("gridPos");
                assertThat(g.has("x") && g.has("y") && g.has("w") && g.has("h")).as(where + " gridPos").isTrue();
                assertThat(g.path("x").asInt() + g.path("w").asInt()).as(where + " fits 24 columns").isLessThanOrEqualTo(24);
                assertThat(g.path("w").asInt()).as(where + " width").isPositive();
                assertThat(g.path("h").asInt()).as(where + " height").isPositive();
                assertThat(p.path("type").asString()).as(where + " type").isNotBlank();
            }
        }
    }

    @Test
    void everyDatasourceUidExistsInProvisioningWithTheSameType() throws IOException {
        Map<String, String> types = datasourceTypesByUid();
        for (Dashboard d : ALL) {
            List<JsonNode> refs = new ArrayList<>();
            d.json().findValues("datasource").forEach(refs::add);
            for (JsonNode ds : refs) {
                if (ds.isString()) {
                    // a legacy name reference or a variable: only the uid form survives provisioning renames
                    assertThat(ds.asString()).as(d.file().getFileName() + " datasource by name").startsWith("$");
                    continue;
                }
                String uid = ds.path("uid").asString("");
                if (uid.startsWith("$") || uid.equals("-- Grafana --") || uid.equals("grafana")) {
                    continue;
                }
                assertThat(types).as(d.file().getFileName() + " datasource uid " + uid).containsKey(uid);
                if (ds.has("type")) {
                    assertThat(ds.path("type").asString()).as(d.file().getFileName() + " type of " + uid).isEqualTo(types.get(uid));
                }
            }
        }
    }

    @Test
    void everyPanelHasAQuery() {
        for (Dashboard d : ALL) {
            for (JsonNode p : d.panels()) {
                if (NO_QUERY_PANELS.contains(p.path("type").asString())) {
                    continue;
                }
                List<String> queries = new ArrayList<>();
                p.path("targets").forEach(t -> queries.add(Target.queryText(t)));
                assertThat(queries).as(d.file().getFileName() + " / " + p.path("title").asString() + " has a query")
                        .isNotEmpty().allSatisfy(q -> assertThat(q).isNotBlank());
            }
        }
    }

    @Test
    void everyVariableAQueryUsesIsDefinedOrBuiltIn() {
        for (Dashboard d : ALL) {
            Set<String> defined = new TreeSet<>(defaultValues(d).keySet());
            for (Target t : d.targets()) {
                for (String name : GrafanaMacros.referenced(t.query())) {
                    assertThat(defined.contains(name) || GrafanaMacros.BUILT_INS.contains(name))
                            .as(t.where() + " uses $" + name + " (defined: " + defined + ")").isTrue();
                }
            }
            // a variable may use the ones defined before it (Grafana resolves them in order)
            Set<String> before = new TreeSet<>();
            for (JsonNode v : d.variables()) {
                String q = v.path("definition").asString(v.path("query").path("query").asString(""));
                for (String name : GrafanaMacros.referenced(q)) {
                    assertThat(before.contains(name) || GrafanaMacros.BUILT_INS.contains(name))
                            .as(d.file().getFileName() + " variable " + v.path("name").asString() + " uses $" + name).isTrue();
                }
                before.add(v.path("name").asString());
            }
        }
    }

    static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((?:(.*),\\s*)?([A-Za-z_][A-Za-z0-9_]*)\\)$");

    @Test
    void everyPromqlQueryParsesAfterGrafanaSubstitution() {
        int n = 0;
        for (Dashboard d : ALL) {
            GrafanaMacros m = macros(d);
            for (Target t : d.targets()) {
                if (t.dsType().equals("prometheus")) {
                    String q = m.apply(t.query());
                    try {
                        Parser.parse(q);
                    } catch (RuntimeException e) {
                        throw new AssertionError(t.where() + ": " + e.getMessage() + "\n  " + q, e);
                    }
                    n++;
                }
            }
            for (JsonNode v : d.variables()) {
                if ("query".equals(v.path("type").asString())) {
                    String def = v.path("definition").asString("").strip();
                    Matcher lv = LABEL_VALUES.matcher(def);
                    assertThat(lv.matches()).as(d.file().getFileName() + " variable " + v.path("name").asString() + ": " + def).isTrue();
                    if (lv.group(1) != null) {
                        Parser.parseSelector(m.apply(lv.group(1)));
                    }
                    n++;
                }
            }
            for (JsonNode a : d.json().path("annotations").path("list")) {
                if (a.has("expr")) {
                    Parser.parse(m.apply(a.path("expr").asString()));
                    n++;
                }
            }
        }
        assertThat(n).isGreaterThan(100);
    }

    @Test
    void everyLogqlAndTraceqlQueryParses() {
        for (Dashboard d : ALL) {
            GrafanaMacros m = macros(d);
            for (Target t : d.targets()) {
                String q = m.apply(t.query());
                try {
                    switch (t.dsType()) {
                        case "loki" -> ai.gatewayz.obs.logs.logql.parser.Parser.parse(q);
                        case "tempo" -> {
                            if (ai.gatewayz.obs.traces.traceql.MetricsQuery.isMetrics(q)) {
                                ai.gatewayz.obs.traces.traceql.MetricsQuery.parse(q);
                            } else if (!"serviceMap".equals(t.json().path("queryType").asString(""))) {
                                TraceqlQuery.parse(q);
                            }
                        }
                        default -> {
                        }
                    }
                } catch (RuntimeException e) {
                    throw new AssertionError(t.where() + ": " + e.getMessage() + "\n  " + q, e);
                }
            }
        }
    }

    @Test
    void theParsersUsedHereRejectWhatGrafanaWouldSendBroken() {
        // the checks above would pass vacuously if the parsers accepted anything
        assertThatThrownBy(() -> Parser.parse("sum by (provider (rate(x[5m]))")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> Parser.parse("rate(x[$__rate_interval])")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> ai.gatewayz.obs.logs.logql.parser.Parser.parse("{app=\"x\" |= ")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> TraceqlQuery.parse("{ span.x = }")).isInstanceOf(RuntimeException.class);
        GrafanaMacros m = new GrafanaMacros(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofHours(1), Map.of("p", ".*"));
        assertThat(m.apply("rate(x{p=~\"$p\"}[$__rate_interval]) / ${p} [[p]] $__range label_replace(a, \"b\", \"$1\", \"c\", \"(.*)\")"))
                .isEqualTo("rate(x{p=~\".*\"}[60s]) / .* .* 3600s label_replace(a, \"b\", \"$1\", \"c\", \"(.*)\")");
        assertThatThrownBy(() -> m.apply("x{a=\"$nope\"}")).hasMessage("undefined variable [name=nope, query=x{a=\"$nope\"}]");
    }

    @Test
    void theFiveOperatorQuestionsEachHaveANamedPanelWithADescription() {
        Map<Integer, List<String>> byQuestion = new HashMap<>();
        for (Dashboard d : ALL) {
            for (JsonNode p : d.panels()) {
                Matcher q = Pattern.compile("^Q([1-5]) — ").matcher(p.path("title").asString());
                if (q.find() && !p.path("type").asString().equals("row")) {
                    assertThat(p.path("description").asString("")).as(p.path("title").asString() + " description")
                            .contains("Question " + q.group(1));
                    byQuestion.computeIfAbsent(Integer.parseInt(q.group(1)), k -> new ArrayList<>()).add(d.uid() + ": " + p.path("title").asString());
                }
            }
        }
        assertThat(byQuestion.keySet()).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }

    /** Alert annotations link to dashboards by uid; every one must exist. */
    @Test
    void everyDashboardLinkOfTheRulesResolves() {
        Set<String> uids = new HashSet<>();
        ALL.forEach(d -> uids.add(d.uid()));
        int links = 0;
        for (RuleGroupSpec g : SimFeed.bundledGroups()) {
            for (RuleSpec r : g.rules()) {
                String link = r.annotations().get("dashboard");
                if (r.isAlerting()) {
                    assertThat(link).as(r.alert() + " has a dashboard link").isNotNull();
                    Matcher m = Pattern.compile("^/d/([A-Za-z0-9_-]+)").matcher(link);
                    assertThat(m.find()).as(r.alert() + ": " + link).isTrue();
                    assertThat(uids).as(r.alert() + " links " + link).contains(m.group(1));
                    links++;
                }
            }
        }
        assertThat(links).isGreaterThan(14);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theProvisionerReadsTheDirectoryComposeMounts() throws IOException {
        Map<String, Object> prov = new Yaml().load(Files.readString(
                Peers.sourceRoot().resolve("grafana/provisioning/dashboards/dashboards.yml")));
        Map<String, Object> provider = ((List<Map<String, Object>>) prov.get("providers")).get(0);
        String path = (String) ((Map<String, Object>) provider.get("options")).get("path");
        assertThat(provider).containsEntry("type", "file");
        assertThat(Files.readString(Peers.sourceRoot().resolve("docker-compose.yml"))).contains("./grafana/dashboards:" + path + ":ro");
    }
}
