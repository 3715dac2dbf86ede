package ai.gatewayz.obs.logs.server.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.JsonStrings;
import ai.gatewayz.obs.logs.server.LokiHttp;
import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ../shared/corpora/logql-oteldb/e2e: the 123 OTLP records of {@code logs.yml} pushed through
 * {@code /otlp/v1/logs} (each YAML document re-rendered as OTLP/JSON), then every case of
 * {@code LOGQL-E2E-CASES.yaml} asked over HTTP as Grafana would. The cases follow oteldb's label model
 * (any OTLP attribute in a selector); Loki's wins here, so a selector matcher on a record attribute
 * becomes a label filter on the structured metadata Loki 3 keeps it in ({@code {http_method="GET"}}
 * is asked as {@code {service_name=~".+"} | http_method="GET"}), with the case's expected count.
 * Cases whose answer differs under Loki's semantics are listed in {@code e2e/E2E-KNOWN.tsv} with
 * Loki's answer (a count, or a parse error) and the reason; the few that have no Loki counterpart
 * are skipped there with theirs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "log.push.tenants.e2e.reject-old-samples-max-age=100000d")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OteldbE2eCorpusTest {
    private static final String TENANT = "e2e";
    private static final List<String> INDEX_LABELS = List.of("service_name", "service_namespace");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private LokiHttp http;
    private final Map<Long, List<Rec>> byTs = new HashMap<>();

    record Rec(long ts, String body, Map<String, String> attributes) {}

    record Known(String loki, String reason) {}

    private static Path dir() {
        return Peers.corpus("logql-oteldb").resolve("e2e");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cases() {
        try {
            return new Yaml(new LoaderOptions()).load(Files.readString(dir().resolve("LOGQL-E2E-CASES.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Known> known() {
        Map<String, Known> out = new LinkedHashMap<>();
        try (var in = OteldbE2eCorpusTest.class.getResourceAsStream("/e2e/E2E-KNOWN.tsv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].split("\t", -1);
                out.put(f[0], new Known(f[1], f[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @BeforeAll
    @SuppressWarnings("unchecked")
    void pushLogsYml() throws IOException {
        http = new LokiHttp(port);
        int docs = 0;
        // every scalar as written (hex ids such as 12e4… must not become numbers); OTLP/JSON's number fields converted back
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(new DumperOptions()), new DumperOptions(),
                new LoaderOptions(), new Resolver() {
                    @Override
                    protected void addImplicitResolvers() {
                    }
                });
        for (Object doc : yaml.loadAll(Files.readString(dir().resolve("logs.yml")))) {
            if (doc == null) {
                continue;
            }
            StringBuilder json = new StringBuilder();
            toJson(json, doc);
            LokiHttp.Response r = http.post("/otlp/v1/logs", json.toString().getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json", "X-Scope-OrgID", TENANT));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            docs++;
            for (Map<String, Object> rl : (List<Map<String, Object>>) ((Map<String, Object>) doc).get("resourceLogs")) {
                for (Map<String, Object> sl : (List<Map<String, Object>>) rl.get("scopeLogs")) {
                    for (Map<String, Object> lr : (List<Map<String, Object>>) sl.get("logRecords")) {
                        Map<String, String> attrs = new TreeMap<>();
                        for (Map<String, Object> kv : (List<Map<String, Object>>) lr.getOrDefault("attributes", List.of())) {
                            Map<String, Object> v = (Map<String, Object>) kv.get("value");
                            attrs.put(((String) kv.get("key")).replace('.', '_'), String.valueOf(v.values().iterator().next()));
                        }
                        long ts = Long.parseLong(String.valueOf(lr.get("timeUnixNano")));
                        String body = String.valueOf(((Map<String, Object>) lr.get("body")).get("stringValue"));
                        byTs.computeIfAbsent(ts, k -> new ArrayList<>()).add(new Rec(ts, body, attrs));
                    }
                }
            }
        }
        Map<String, Object> data = (Map<String, Object>) cases().get("data");
        assertThat(docs).isEqualTo(data.get("records"));
    }

    /** Fields of OTLP/JSON that are numbers (all others in logs.yml are strings, int64 values included). */
    private static final java.util.Set<String> NUMBERS = java.util.Set.of("severityNumber", "flags", "droppedAttributesCount");

    private static void toJson(StringBuilder b, Object v) {
        toJson(b, null, v);
    }

    private static void toJson(StringBuilder b, String key, Object v) {
        switch (v) {
            case null -> b.append("null");
            case Map<?, ?> m -> {
                b.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    JsonStrings.appendPlain(b, String.valueOf(e.getKey()));
                    b.append(':');
                    toJson(b, String.valueOf(e.getKey()), e.getValue());
                }
                b.append('}');
            }
            case List<?> l -> {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    toJson(b, key, l.get(i));
                }
                b.append(']');
            }
            case String s when key != null && NUMBERS.contains(key) -> b.append(Long.parseLong(s));
            case String s -> JsonStrings.appendPlain(b, s);
            default -> b.append(v);
        }
    }

    // ------------------------------------------------------------------ the oteldb cases onto Loki's model

    /**
     * Moves the matchers of the first selector that name record attributes (anything but the index
     * labels) into label filters right after it; a selector left empty selects every service.
     * Dotted and quoted names are left as they are (Loki rejects them, as E2E-KNOWN.tsv says).
     */
    static String toLoki(String q) {
        int open = q.indexOf('{');
        int close = open;
        boolean quoted = false;
        for (int i = open + 1; i < q.length(); i++) {
            char c = q.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '}') {
                close = i;
                break;
            }
        }
        String sel = q.substring(open + 1, close);
        List<String> keep = new ArrayList<>();
        StringBuilder filters = new StringBuilder();
        int i = 0;
        while (i < sel.length()) {
            int nameEnd = i;
            while (nameEnd < sel.length() && (Character.isLetterOrDigit(sel.charAt(nameEnd)) || sel.charAt(nameEnd) == '_')) {
                nameEnd++;
            }
            String name = sel.substring(i, nameEnd).strip();
            if (name.isEmpty() || nameEnd < sel.length() && sel.charAt(nameEnd) == '.') {
                return q; // a quoted or dotted name: not LogQL
            }
            int opEnd = nameEnd;
            while ("=!~".indexOf(sel.charAt(opEnd)) >= 0) {
                opEnd++;
            }
            String op = sel.substring(nameEnd, opEnd);
            int valEnd = opEnd + 1;
            while (sel.charAt(valEnd) != '"') {
                valEnd += sel.charAt(valEnd) == '\\' ? 2 : 1;
            }
            String matcher = name + op + sel.substring(opEnd, valEnd + 1);
            if (INDEX_LABELS.contains(name)) {
                keep.add(matcher);
            } else {
                filters.append(" | ").append(matcher);
            }
            i = valEnd + 1;
            while (i < sel.length() && (sel.charAt(i) == ',' || sel.charAt(i) == ' ')) {
                i++;
            }
        }
        String selector = keep.isEmpty() ? "service_name=~\".+\"" : String.join(",", keep);
        return q.substring(0, open) + "{" + selector + "}" + filters + q.substring(close + 1);
    }

    @SuppressWarnings("unchecked")
    static Stream<Arguments> logCases() {
        Map<String, Object> lq = (Map<String, Object>) cases().get("log_queries");
        return ((List<Map<String, Object>>) lq.get("cases")).stream()
                .map(c -> Arguments.of(c.get("query"), ((Number) c.get("entries")).intValue(), c.get("group")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("logCases")
    void logQuery(String query, int entries, String group) throws Exception {
        Known k = known().get(query);
        long start = ((Number) ((Map<?, ?>) cases().get("data")).get("first_record_ns")).longValue();
        long end = ((Number) ((Map<?, ?>) cases().get("data")).get("last_record_ns")).longValue() + 1;
        if (k != null && k.loki().equals("error")) {
            LokiHttp.Response r = get("/loki/api/v1/query_range?query=" + LokiHttp.enc(query) + "&start=" + start + "&end=" + end
                    + "&limit=1000");
            assertThat(r.status()).as("%s (%s): %s", query, k.reason(), r.body()).isEqualTo(400);
            return;
        }
        int expected = k == null ? entries : Integer.parseInt(k.loki());
        String loki = toLoki(query);
        for (String direction : List.of("forward", "backward")) {
            LokiHttp.Response r = get("/loki/api/v1/query_range?query=" + LokiHttp.enc(loki) + "&start=" + start + "&end=" + end
                    + "&limit=1000&direction=" + direction);
            assertThat(r.status()).as("%s as %s: %s", query, loki, r.body()).isEqualTo(200);
            JsonNode data = JSON.readTree(r.body()).get("data");
            assertThat(data.get("resultType").asString()).isEqualTo("streams");
            int total = 0;
            for (JsonNode stream : data.get("result")) {
                Map<String, String> labels = new HashMap<>();
                stream.get("stream").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
                long prev = direction.equals("forward") ? Long.MIN_VALUE : Long.MAX_VALUE;
                for (JsonNode v : stream.get("values")) {
                    long ts = Long.parseLong(v.get(0).asString());
                    assertThat(direction.equals("forward") ? ts >= prev : ts <= prev).as("order in %s", direction).isTrue();
                    prev = ts;
                    List<Rec> recs = byTs.getOrDefault(ts, List.of());
                    assertThat(recs).as("a record at %d", ts).anySatisfy(rec -> {
                        assertThat(v.get(1).asString()).isEqualTo(rec.body());
                        assertThat(labels).containsAllEntriesOf(rec.attributes());
                    });
                    total++;
                }
            }
            assertThat(total).as("%s asked as %s, %s (%s)", query, loki, direction, k == null ? group : k.reason()).isEqualTo(expected);
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    void limitOneGivesOneEntry() throws Exception {
        Map<String, Object> ql = (Map<String, Object>) cases().get("query_limit");
        Map<?, ?> data = (Map<?, ?>) cases().get("data");
        for (String q : (List<String>) ql.get("queries")) {
            LokiHttp.Response r = get("/loki/api/v1/query_range?query=" + LokiHttp.enc(toLoki(q)) + "&start=" + data.get("first_record_ns")
                    + "&end=" + (((Number) data.get("last_record_ns")).longValue() + 1) + "&limit=1");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            int total = 0;
            for (JsonNode s : JSON.readTree(r.body()).get("data").get("result")) {
                total += s.get("values").size();
            }
            assertThat(total).as(q).isEqualTo(1);
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    void metricQueries() throws Exception {
        long last = ((Number) ((Map<?, ?>) cases().get("data")).get("last_record_ns")).longValue();
        List<Map<String, Object>> mq = (List<Map<String, Object>>) cases().get("metric_queries");
        assertThat(mq).hasSize(2);
        for (Map<String, Object> c : mq) {
            String q = toLoki((String) c.get("query"));
            LokiHttp.Response r = get("/loki/api/v1/query_range?query=" + LokiHttp.enc(q) + "&start=" + last + "&end="
                    + (last + 10_000_000_000L) + "&step=30s&limit=1000");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode data = JSON.readTree(r.body()).get("data");
            assertThat(data.get("resultType").asString()).isEqualTo("matrix");
            Map<String, String> values = (Map<String, String>) c.get("values");
            if (values == null) {
                assertThat(data.get("result").size()).as(q).isZero();
                continue;
            }
            Map<String, String> got = new TreeMap<>();
            for (JsonNode s : data.get("result")) {
                assertThat(s.get("metric").propertyNames()).containsExactly("http_method");
                assertThat(s.get("values").size()).isEqualTo(1);
                got.put(s.get("metric").get("http_method").asString(), s.get("values").get(0).get(1).asString());
            }
            assertThat(got).as(q).isEqualTo(new TreeMap<>(values));
        }
    }

    /** Loki's /labels lists index labels only (the oteldb list is skipped, see E2E-KNOWN.tsv). */
    @Test
    void labelsAreTheIndexLabels() throws Exception {
        assertThat(known()).containsKey("labels");
        JsonNode d = JSON.readTree(get("/loki/api/v1/labels?" + range()).body()).get("data");
        List<String> names = new ArrayList<>();
        d.forEach(n -> names.add(n.asString()));
        assertThat(names).isEqualTo(INDEX_LABELS);
    }

    @SuppressWarnings("unchecked")
    @Test
    void labelValuesOfEveryName() throws Exception {
        Map<String, Object> all = (Map<String, Object>) ((Map<String, Object>) cases().get("label_values_all")).get("expected");
        int checked = 0;
        for (Map.Entry<String, Object> e : all.entrySet()) {
            if (known().containsKey("label_values_all:" + e.getKey())) {
                continue;
            }
            assertThat(values(e.getKey(), null, range())).as(e.getKey()).isEqualTo(e.getValue());
            checked++;
        }
        assertThat(checked).isEqualTo(all.size() - 3);
    }

    @SuppressWarnings("unchecked")
    static Stream<Arguments> labelValueCases() {
        return ((List<Map<String, Object>>) cases().get("label_values")).stream()
                .map(c -> Arguments.of(c.get("name"), c.get("label"), c.get("query"), c.get("range"), c.get("expected")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labelValueCases")
    void labelValues(String name, String label, String query, String range, List<String> expected) throws Exception {
        String q = query == null ? null : query.replace("\\{\\}", "{}");
        String r = switch (range) {
            case "data range" -> range();
            case "start=10ns end=20ns after the Unix epoch" -> "start=10&end=20";
            case "start=20ns end=10ns (start after end)" -> "start=20&end=10";
            default -> throw new IllegalArgumentException("range " + range);
        };
        if (expected == null) {
            LokiHttp.Response resp = get("/loki/api/v1/label/" + label + "/values?" + r + (q == null ? "" : "&query=" + LokiHttp.enc(q)));
            assertThat(resp.status()).as(resp.body()).isBetween(400, 499);
            return;
        }
        assertThat(values(label, q, r)).isEqualTo(expected);
    }

    @Test
    void seriesMatchOnlyTheirServices() throws Exception {
        for (List<String> match : List.of(List.of("{service_name=\"fooService\"}"),
                List.of("{service_name=\"testService\"}", "{service_name=\"fooService\"}"))) {
            StringBuilder p = new StringBuilder("/loki/api/v1/series?" + range());
            match.forEach(m -> p.append("&match[]=").append(LokiHttp.enc(m)));
            LokiHttp.Response r = get(p.toString());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode d = JSON.readTree(r.body()).get("data");
            assertThat(d.size()).isPositive();
            List<String> allowed = match.stream().map(m -> m.substring(m.indexOf('"') + 1, m.lastIndexOf('"'))).toList();
            d.forEach(s -> assertThat(allowed).contains(s.get("service_name").asString()));
        }
    }

    private List<String> values(String label, String query, String range) throws Exception {
        LokiHttp.Response r = get("/loki/api/v1/label/" + label + "/values?" + range + (query == null ? "" : "&query=" + LokiHttp.enc(query)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        JsonNode d = JSON.readTree(r.body()).get("data");
        if (d != null) {
            d.forEach(n -> out.add(n.asString()));
        }
        return out;
    }

    private String range() {
        Map<?, ?> data = (Map<?, ?>) cases().get("data");
        return "start=" + data.get("first_record_ns") + "&end=" + (((Number) data.get("last_record_ns")).longValue() + 1);
    }

    private LokiHttp.Response get(String path) {
        return http.get(path, Map.of("X-Scope-OrgID", TENANT));
    }
}
