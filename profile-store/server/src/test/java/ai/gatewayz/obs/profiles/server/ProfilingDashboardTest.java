package ai.gatewayz.obs.profiles.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.model.StackProfileBuilder;
import ai.gatewayz.obs.profiles.storage.ProfileStorage;
import ai.gatewayz.obs.proto.pyroscope.QuerierV1;
import ai.gatewayz.obs.proto.pyroscope.TypesV1;
import ai.gatewayz.obs.testkit.Peers;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * grafana/dashboards/profiles.json against profile-store on known data: every variable and every
 * panel query is sent the way Grafana's Pyroscope datasource sends it (binary Connect, variables
 * at their "All" value, {@code <profile type id>{selector}} for variable label values, step 15 s)
 * and must return exactly the data loaded for it. The provisioned datasource is the dashboards' one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"profiles.storage.engine=memory", "spring.application.name=profiling-dashboard"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfilingDashboardTest {
    static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    static final String ALLOC = "memory:alloc_in_new_tlab_bytes:bytes:space:bytes";
    static final long T = 1_700_000_000_000L;

    @LocalServerPort
    int port;
    @Autowired
    ProfileStorage storage;
    Http http;
    JsonNode dashboard;

    static Labels series(String type, String... pairs) {
        Labels.Builder b = Labels.builder().set("__name__", type.substring(0, type.indexOf(':'))).set("__profile_type__", type)
                .set("service_name", "gatewayz-backend").set("environment", "test");
        for (int i = 0; i < pairs.length; i += 2) {
            b.set(pairs[i], pairs[i + 1]);
        }
        return b.build();
    }

    void put(Labels s, List<String> stack, long value) {
        storage.appender("anonymous").append(List.of(new StackProfileBuilder().add(stack, value).build(s, T * 1_000_000L, 10_000_000_000L)));
    }

    @BeforeAll
    void load() throws Exception {
        http = new Http(port);
        dashboard = new ObjectMapper().readTree(Files.readString(Peers.sourceRoot().resolve("grafana/dashboards/profiles.json")));
        put(series(CPU, "provider", "openai", "model", "gpt-4o"), List.of("main", "infer", "callProvider"), 50);
        put(series(CPU, "provider", "anthropic", "model", "claude-3-5"), List.of("main", "infer", "callProvider"), 30);
        put(series(CPU, "cache_layer", "response_cache", "cache_op", "get"), List.of("main", "cache", "redisGet"), 20);
        put(series(CPU, "cache_layer", "auth", "cache_op", "get"), List.of("main", "cache", "redisGet"), 5);
        put(series(CPU), List.of("main", "idle"), 10);
        put(series(ALLOC, "provider", "openai", "model", "gpt-4o"), List.of("main", "infer", "buildBody"), 4096);
        put(series(ALLOC), List.of("main", "other"), 1024);
        // another service must never show up on this dashboard
        storage.appender("anonymous").append(List.of(new StackProfileBuilder().add(List.of("main"), 999).build(
                Labels.of("__name__", "process_cpu", "__profile_type__", CPU, "service_name", "other", "provider", "openai"),
                T * 1_000_000L, 0)));
    }

    /** Grafana's substitution with every variable at "All": the variable's allValue. */
    String substitute(String q) {
        String out = q;
        for (JsonNode v : dashboard.path("templating").path("list")) {
            out = out.replace("${" + v.path("name").asString() + "}", v.path("allValue").asString())
                    .replace("$" + v.path("name").asString(), v.path("allValue").asString());
        }
        assertThat(out).as("all variables substituted in " + q).doesNotContain("$");
        return out;
    }

    Http.Response connect(String method, com.google.protobuf.Message m) {
        return http.post("/querier.v1.QuerierService/" + method, "application/proto", m.toByteArray(), "Connect-Protocol-Version", "1");
    }

    @Test
    void theDatasourceIsTheProvisionedPyroscopeOne() throws Exception {
        String yml = Files.readString(Peers.sourceRoot().resolve("grafana/provisioning/datasources/datasources.yml"));
        assertThat(yml).contains("    type: grafana-pyroscope-datasource\n    uid: grafana_pyroscope\n");
        assertThat(dashboard.findValues("datasource")).allSatisfy(ds -> {
            assertThat(ds.path("uid").asString()).isEqualTo("grafana_pyroscope");
            assertThat(ds.path("type").asString()).isEqualTo("grafana-pyroscope-datasource");
        });
    }

    @Test
    void everyVariableListsItsValues() throws Exception {
        Map<String, List<String>> expected = Map.of("provider", List.of("anthropic", "openai"), "model", List.of("claude-3-5", "gpt-4o"),
                "cache_layer", List.of("auth", "response_cache"), "cache_op", List.of("get"));
        Map<String, List<String>> actual = new TreeMap<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            JsonNode q = v.path("query");
            assertThat(q.path("type").asString()).isEqualTo("labelValue");
            String matcher = q.path("profileTypeId").asString() + substitute(q.path("labelSelector").asString());
            Http.Response r = connect("LabelValues", TypesV1.LabelValuesRequest.newBuilder().setName(q.path("labelName").asString())
                    .addMatchers(matcher).setStart(T - 60_000).setEnd(T + 3_600_000).build());
            assertThat(r.status()).as(v.path("name").asString() + ": " + r.text()).isEqualTo(200);
            actual.put(v.path("name").asString(), TypesV1.LabelValuesResponse.parseFrom(r.body()).getNamesList());
        }
        assertThat(actual).isEqualTo(new TreeMap<>(expected));
    }

    /** What each panel must show: a flame graph total, or the sum of each series by its group label. */
    static final Map<String, Object> EXPECTED = Map.ofEntries(
            Map.entry("CPU flame graph — inference calls ($provider / $model)", 80L),
            Map.entry("CPU by provider", Map.of("anthropic", 30.0, "openai", 50.0)),
            Map.entry("CPU by model", Map.of("claude-3-5", 30.0, "gpt-4o", 50.0)),
            Map.entry("CPU flame graph — cache operations ($cache_layer / $cache_op)", 25L),
            Map.entry("CPU by cache layer", Map.of("auth", 5.0, "response_cache", 20.0)),
            Map.entry("CPU by cache operation", Map.of("get", 25.0)),
            Map.entry("CPU flame graph — whole process", 115L),
            Map.entry("Allocation flame graph — whole process", 5120L),
            Map.entry("CPU by provider — whole process", Map.of("", 35.0, "anthropic", 30.0, "openai", 50.0)),
            Map.entry("Allocated bytes by provider", Map.of("", 1024.0, "openai", 4096.0)));

    @Test
    void everyPanelQueryReturnsItsData() throws Exception {
        List<String> checked = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            if (p.path("type").asString().equals("row")) {
                continue;
            }
            String title = p.path("title").asString();
            assertThat(EXPECTED).as("expectation for " + title).containsKey(title);
            JsonNode t = p.path("targets").path(0);
            String selector = substitute(t.path("labelSelector").asString());
            String type = t.path("profileTypeId").asString();
            switch (t.path("queryType").asString()) {
                case "profile" -> {
                    assertThat(p.path("type").asString()).isEqualTo("flamegraph");
                    Http.Response r = connect("SelectMergeStacktraces", QuerierV1.SelectMergeStacktracesRequest.newBuilder()
                            .setProfileTypeID(type).setLabelSelector(selector).setStart(T - 60_000).setEnd(T + 3_600_000)
                            .setMaxNodes(t.path("maxNodes").asLong()).build());
                    assertThat(r.status()).as(title + ": " + r.text()).isEqualTo(200);
                    assertThat(QuerierV1.SelectMergeStacktracesResponse.parseFrom(r.body()).getFlamegraph().getTotal()).as(title)
                            .isEqualTo(EXPECTED.get(title));
                }
                case "metrics" -> {
                    assertThat(p.path("type").asString()).isEqualTo("timeseries");
                    QuerierV1.SelectSeriesRequest.Builder req = QuerierV1.SelectSeriesRequest.newBuilder().setProfileTypeID(type)
                            .setLabelSelector(selector).setStart(T - 60_000).setEnd(T + 3_600_000).setStep(15.0).setLimit(t.path("limit").asLong());
                    t.path("groupBy").forEach(g -> req.addGroupBy(g.asString()));
                    Http.Response r = connect("SelectSeries", req.build());
                    assertThat(r.status()).as(title + ": " + r.text()).isEqualTo(200);
                    Map<String, Double> sums = new TreeMap<>();
                    String group = t.path("groupBy").path(0).asString();
                    for (TypesV1.Series s : QuerierV1.SelectSeriesResponse.parseFrom(r.body()).getSeriesList()) {
                        String key = s.getLabelsList().stream().filter(l -> l.getName().equals(group)).map(TypesV1.LabelPair::getValue)
                                .findFirst().orElse("");
                        sums.merge(key, s.getPointsList().stream().mapToDouble(TypesV1.Point::getValue).sum(), Double::sum);
                    }
                    assertThat(sums).as(title).isEqualTo(new TreeMap<>((Map<?, ?>) EXPECTED.get(title)));
                }
                default -> throw new AssertionError("unknown query type of " + title + ": " + t.path("queryType").asString());
            }
            checked.add(title);
        }
        assertThat(checked).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }
}
