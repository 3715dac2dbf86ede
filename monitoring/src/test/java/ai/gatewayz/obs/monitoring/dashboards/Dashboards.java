package ai.gatewayz.obs.monitoring.dashboards;

import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The Grafana dashboards under grafana/dashboards as Grafana's file provisioner reads them, with
 * their panels (rows' nested panels included) and query targets flattened for the tests.
 */
public final class Dashboards {
    public static final Path DIR = Peers.sourceRoot().resolve("grafana/dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Dashboards() {
    }

    /** One dashboard file. */
    public record Dashboard(Path file, JsonNode json) {
        public String uid() {
            return json.path("uid").asString("");
        }

        public String title() {
            return json.path("title").asString("");
        }

        /** Every panel, rows included, nested (collapsed-row) panels after their row. */
        public List<JsonNode> panels() {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode p : json.path("panels")) {
                out.add(p);
                for (JsonNode n : p.path("panels")) {
                    out.add(n);
                }
            }
            return out;
        }

        public List<JsonNode> variables() {
            List<JsonNode> out = new ArrayList<>();
            json.path("templating").path("list").forEach(out::add);
            return out;
        }

        public List<Target> targets() {
            List<Target> out = new ArrayList<>();
            for (JsonNode p : panels()) {
                for (JsonNode t : p.path("targets")) {
                    JsonNode ds = t.has("datasource") ? t.path("datasource") : p.path("datasource");
                    out.add(new Target(this, p.path("title").asString(""), t.path("refId").asString(""),
                            ds.path("type").asString(""), ds.path("uid").asString(""), Target.queryText(t), t));
                }
            }
            return out;
        }
    }

    /** One query of one panel. {@code query} is the text in the datasource's language (the URL for Infinity, the label selector for Pyroscope). */
    public record Target(Dashboard dashboard, String panel, String refId, String dsType, String dsUid, String query,
            JsonNode json) {
        static String queryText(JsonNode t) {
            for (String k : new String[] {"expr", "query", "url", "labelSelector"}) {
                if (t.hasNonNull(k) && t.path(k).isString()) {
                    return t.path(k).asString();
                }
            }
            return "";
        }

        public String where() {
            return dashboard.file().getFileName() + " / " + panel + " / " + refId;
        }
    }

    /** Variable values as Grafana inserts them for "All" (the allValue) or the current value. */
    public static java.util.Map<String, String> defaultValues(Dashboard d) {
        java.util.Map<String, String> v = new java.util.HashMap<>();
        for (JsonNode var : d.variables()) {
            String name = var.path("name").asString();
            JsonNode cur = var.path("current").path("value");
            String value = cur.isArray() ? cur.path(0).asString("") : cur.asString("");
            if ("$__all".equals(value) || value.isEmpty()) {
                String query = var.path("query").isString() ? var.path("query").asString() : "";
                value = switch (var.path("type").asString("")) {
                    case "textbox", "constant" -> query;
                    // "All" of a custom list without an allValue: every option, as the regex Grafana inserts
                    case "custom" -> var.hasNonNull("allValue") ? var.path("allValue").asString() : "(" + String.join("|",
                            java.util.Arrays.stream(query.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList()) + ")";
                    default -> var.path("allValue").asString(".*");
                };
            }
            v.put(name, value);
        }
        return v;
    }

    public static List<Dashboard> all() {
        try (Stream<Path> files = Files.walk(DIR)) {
            List<Dashboard> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(new Dashboard(f, JSON.readTree(Files.readString(f))));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read dashboards [dir=" + DIR + "]", e);
        }
    }

    /** The dashboard with this uid. */
    public static Dashboard byUid(String uid) {
        return all().stream().filter(d -> d.uid().equals(uid)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no dashboard [uid=" + uid + "]"));
    }

    /** The PromQL of the panel titled {@code panel} (target {@code refId}) on dashboard {@code uid}. */
    public static String promql(String uid, String panel, String refId) {
        return byUid(uid).targets().stream().filter(t -> t.panel().equals(panel) && t.refId().equals(refId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no target [dashboard=" + uid + ", panel=" + panel + ", refId=" + refId + "]"))
                .query();
    }
}
