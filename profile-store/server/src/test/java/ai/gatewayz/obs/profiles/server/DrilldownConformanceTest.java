package ai.gatewayz.obs.profiles.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.model.ProfileIds;
import ai.gatewayz.obs.profiles.model.StackProfileBuilder;
import ai.gatewayz.obs.profiles.storage.ProfileStorage;
import ai.gatewayz.obs.proto.pprof.PprofProto;
import ai.gatewayz.obs.proto.pyroscope.QuerierV1;
import ai.gatewayz.obs.proto.pyroscope.TypesV1;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Profiles Drilldown app's direct Connect-JSON calls (drilldown-apps.md §3) on known data, plus
 * the querier methods beyond Grafana's checklist: span profiles, pprof merge and diff.
 */
// its own context (and so its own memory storage): the Grafana conformance data shares the default tenant
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"profiles.storage.engine=memory", "spring.application.name=drilldown-conformance"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DrilldownConformanceTest {
    static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    static final long T = 1_700_000_000_000L;
    static final String JSON = "application/json";

    @LocalServerPort
    int port;
    @Autowired
    ProfileStorage storage;
    Http http;

    @BeforeAll
    void load() {
        http = new Http(port);
        Labels api = Labels.of("__name__", "process_cpu", "__profile_type__", CPU, "service_name", "api", "provider", "openai");
        storage.appender("anonymous").append(List.of(new StackProfileBuilder()
                .add(List.of("main", "handler", "callOpenAI"), 70, 0x1111111111111111L)
                .add(List.of("main", "handler", "cache"), 20, 0x2222222222222222L)
                .add(List.of("main", "idle"), 10, 0).build(api, T * 1_000_000L, 10_000_000_000L)));
        storage.appender("anonymous").append(List.of(new StackProfileBuilder()
                .add(List.of("main", "handler", "callOpenAI"), 30).build(api, (T + 60_000) * 1_000_000L, 10_000_000_000L)));
        Labels mem = Labels.of("__name__", "memory", "__profile_type__", "memory:alloc_space:bytes:space:bytes", "service_name", "web");
        storage.appender("anonymous").append(List.of(new StackProfileBuilder()
                .add(List.of("main", "alloc"), 4096).build(mem, T * 1_000_000L, 0)));
    }

    Http.Response json(String path, String body) {
        return http.post(path, JSON, body.getBytes(StandardCharsets.UTF_8), "accept", "application/json; allow-utf8-labelnames=true",
                "X-Grafana-Org-Id", "1");
    }

    @Test
    void seriesListsServicesAndProfileTypes() {
        Http.Response r = json("/querier.v1.QuerierService/Series", "{\"start\":" + T + ",\"end\":" + (T + 120_000)
                + ",\"labelNames\":[\"service_name\",\"__profile_type__\"],\"matchers\":[]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"labelsSet\":["
                + "{\"labels\":[{\"name\":\"__profile_type__\",\"value\":\"memory:alloc_space:bytes:space:bytes\"},{\"name\":\"service_name\",\"value\":\"web\"}]},"
                + "{\"labels\":[{\"name\":\"__profile_type__\",\"value\":\"" + CPU + "\"},{\"name\":\"service_name\",\"value\":\"api\"}]}]}");
    }

    @Test
    void profileStatsForOnboarding() {
        assertThat(json("/querier.v1.QuerierService/GetProfileStats", "{}").text())
                .isEqualTo("{\"dataIngested\":true,\"oldestProfileTime\":\"" + T + "\",\"newestProfileTime\":\"" + (T + 60_000) + "\"}");
        Http.Response empty = http.post("/querier.v1.QuerierService/GetProfileStats", JSON, "{}".getBytes(), "X-Scope-OrgID", "nobody");
        assertThat(empty.text()).isEqualTo("{}");
    }

    @Test
    void labelNamesAndValuesWithTheProfileTypePseudoLabel() {
        String m = "\"matchers\":[\"{__profile_type__=\\\"" + CPU + "\\\", service_name=\\\"api\\\"}\"]";
        assertThat(json("/querier.v1.QuerierService/LabelNames", "{" + m + ",\"start\":" + T + ",\"end\":" + (T + 1000) + "}").text())
                .isEqualTo("{\"names\":[\"__name__\",\"__profile_type__\",\"provider\",\"service_name\"]}");
        assertThat(json("/querier.v1.QuerierService/LabelValues", "{\"name\":\"provider\"," + m + ",\"start\":" + T + ",\"end\":" + (T + 1000) + "}").text())
                .isEqualTo("{\"names\":[\"openai\"]}");
    }

    @Test
    void settingsGetAndSet() {
        assertThat(json("/settings.v1.SettingsService/Get", "{}").text()).isEqualTo("{}");
        Http.Response set = json("/settings.v1.SettingsService/Set", "{\"setting\":{\"name\":\"pluginSettings\",\"value\":\"{\\\"maxNodes\\\":8192}\"}}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.text()).startsWith("{\"setting\":{\"name\":\"pluginSettings\",\"value\":\"{\\\"maxNodes\\\":8192}\",\"modifiedAt\":\"");
        assertThat(json("/settings.v1.SettingsService/Get", "{}").text())
                .startsWith("{\"settings\":[{\"name\":\"pluginSettings\",\"value\":\"{\\\"maxNodes\\\":8192}\"");
    }

    @Test
    void spanProfileKeepsOnlyTheGivenSpans() throws Exception {
        Http.Response r = http.post("/querier.v1.QuerierService/SelectMergeSpanProfile", "application/proto",
                QuerierV1.SelectMergeSpanProfileRequest.newBuilder().setProfileTypeID(CPU).setLabelSelector("{service_name=\"api\"}")
                        .addSpanSelector("1111111111111111").setStart(T).setEnd(T + 120_000).build().toByteArray());
        QuerierV1.FlameGraph g = QuerierV1.SelectMergeSpanProfileResponse.parseFrom(r.body()).getFlamegraph();
        assertThat(g.getTotal()).isEqualTo(70);
        assertThat(g.getNamesList()).containsExactly("total", "main", "handler", "callOpenAI");
        Http.Response bad = json("/querier.v1.QuerierService/SelectMergeSpanProfile", "{\"profileTypeID\":\"" + CPU + "\",\"spanSelector\":[\"zz\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).isEqualTo("{\"code\":\"invalid_argument\",\"message\":\"span id must be 16 hex digits [span_selector=zz]\"}");
    }

    @Test
    void mergeProfileReturnsPprofWithTheSameTotalsPerStack() throws Exception {
        Http.Response r = http.post("/querier.v1.QuerierService/SelectMergeProfile", "application/proto",
                QuerierV1.SelectMergeProfileRequest.newBuilder().setProfileTypeID(CPU).setLabelSelector("{}")
                        .setStart(T).setEnd(T + 120_000).build().toByteArray());
        assertThat(r.status()).isEqualTo(200);
        PprofProto.Profile p = PprofProto.Profile.parseFrom(r.body());
        assertThat(p.getStringTable(0)).isEmpty();
        Map<String, Long> stacks = new HashMap<>();
        Map<Long, String> fnName = new HashMap<>();
        p.getFunctionList().forEach(f -> fnName.put(f.getId(), p.getStringTable((int) f.getName())));
        Map<Long, Long> locFn = new HashMap<>();
        p.getLocationList().forEach(l -> locFn.put(l.getId(), l.getLine(0).getFunctionId()));
        for (PprofProto.Sample s : p.getSampleList()) {
            StringBuilder sb = new StringBuilder();
            for (int i = s.getLocationIdCount() - 1; i >= 0; i--) {
                sb.append(sb.isEmpty() ? "" : ";").append(fnName.get(locFn.get(s.getLocationId(i))));
            }
            stacks.merge(sb.toString(), s.getValue(0), Long::sum);
        }
        assertThat(stacks).containsExactlyInAnyOrderEntriesOf(Map.of("main;handler;callOpenAI", 100L, "main;handler;cache", 20L, "main;idle", 10L));
        assertThat(p.getStringTable((int) p.getSampleType(0).getType())).isEqualTo("cpu");
    }

    @Test
    void diffOfTwoRanges() throws Exception {
        QuerierV1.SelectMergeStacktracesRequest left = QuerierV1.SelectMergeStacktracesRequest.newBuilder().setProfileTypeID(CPU)
                .setLabelSelector("{}").setStart(T).setEnd(T + 1000).build();
        QuerierV1.SelectMergeStacktracesRequest right = left.toBuilder().setStart(T + 50_000).setEnd(T + 70_000).build();
        Http.Response r = http.post("/querier.v1.QuerierService/Diff", "application/proto",
                QuerierV1.DiffRequest.newBuilder().setLeft(left).setRight(right).build().toByteArray());
        QuerierV1.FlameGraphDiff d = QuerierV1.DiffResponse.parseFrom(r.body()).getFlamegraph();
        assertThat(d.getLeftTicks()).isEqualTo(100);
        assertThat(d.getRightTicks()).isEqualTo(30);
        assertThat(d.getLevels(0).getValuesList()).containsExactly(0L, 100L, 0L, 0L, 30L, 0L, 0L);
    }

    @Test
    void legacyRenderAndRenderDiffAnswerFlamebearer() {
        Http.Response r = http.get("/pyroscope/render?query=" + enc(CPU + "{service_name=\"api\"}") + "&from=" + T + "&until=" + (T + 1000)
                + "&format=json&max-nodes=16384");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.text()).isEqualTo("{\"version\":1,\"flamebearer\":{\"names\":[\"total\",\"main\",\"handler\",\"idle\",\"cache\",\"callOpenAI\"],"
                + "\"levels\":[[0,100,0,0],[0,100,0,1],[0,90,0,2,0,10,10,3],[0,20,20,4,0,70,70,5]],\"numTicks\":100,\"maxSelf\":70},"
                + "\"metadata\":{\"format\":\"single\",\"spyName\":\"\",\"sampleRate\":1000000000,\"units\":\"samples\",\"name\":\"" + CPU + "\"},"
                + "\"timeline\":null}");
        Http.Response d = http.get("/pyroscope/render-diff?leftQuery=" + enc(CPU + "{}") + "&leftFrom=" + T + "&leftUntil=" + (T + 1000)
                + "&rightQuery=" + enc(CPU + "{}") + "&rightFrom=" + (T + 50_000) + "&rightUntil=" + (T + 70_000));
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.text()).contains("\"format\":\"double\"").contains("\"leftTicks\":100,\"rightTicks\":30")
                .contains("\"levels\":[[0,100,0,0,30,0,0],");
        Http.Response lv = http.get("/pyroscope/label-values?label=service_name&from=" + T + "&until=" + (T + 1000));
        assertThat(lv.text()).isEqualTo("[\"api\",\"web\"]");
        Http.Response bad = http.get("/pyroscope/render?query=" + enc(CPU + "{service_name=") + "&from=" + T);
        assertThat(bad.status()).isEqualTo(400);
    }

    /** The app's buildSpanHeatmapQuery body: step = ceil(range / 64 s), SPAN query and exemplar types (as numbers or names). */
    @Test
    void spanHeatmapWithExemplars() throws Exception {
        for (String types : List.of("\"queryType\":2,\"exemplarType\":3",
                "\"queryType\":\"HEATMAP_QUERY_TYPE_SPAN\",\"exemplarType\":\"EXEMPLAR_TYPE_SPAN\"")) {
            Http.Response r = json("/querier.v1.QuerierService/SelectHeatmap", "{\"profileTypeID\":\"" + CPU + "\","
                    + "\"labelSelector\":\"{service_name=\\\"api\\\"}\",\"start\":" + T + ",\"end\":" + (T + 120_000)
                    + ",\"step\":2,\"groupBy\":[]," + types + "}");
            assertThat(r.status()).isEqualTo(200);
            QuerierV1.SelectHeatmapResponse.Builder b = QuerierV1.SelectHeatmapResponse.newBuilder();
            com.google.protobuf.util.JsonFormat.parser().merge(r.text(), b);
            // the span points are 70 (span 1111…) and 20 (span 2222…), both in the profile at T
            assertThat(b.getSeriesCount()).isEqualTo(1);
            TypesV1.HeatmapSeries series = b.getSeries(0);
            assertThat(series.getLabelsList()).isEmpty();
            assertThat(series.getSlotsList()).singleElement().satisfies(slot -> {
                assertThat(slot.getTimestamp()).isEqualTo(T);
                assertThat(slot.getYMinList()).hasSize(20).startsWith(20.0, 22.0, 25.0).endsWith(67.0);
                assertThat(slot.getCountsList()).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
                assertThat(slot.getExemplarsList()).extracting(TypesV1.Exemplar::getSpanId, TypesV1.Exemplar::getValue)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("2222222222222222", 20L),
                                org.assertj.core.groups.Tuple.tuple("1111111111111111", 70L));
                TypesV1.Exemplar top = slot.getExemplars(1);
                assertThat(top.getTimestamp()).isEqualTo(T);
                assertThat(top.getLabelsList()).extracting(TypesV1.LabelPair::getName).containsExactly("provider", "service_name");
                assertThat(top.getProfileId()).isEqualTo(ProfileIds.of(apiSeries(), T * 1_000_000L));
            });
        }
        Http.Response bad = json("/querier.v1.QuerierService/SelectHeatmap", "{\"profileTypeID\":\"" + CPU + "\",\"step\":2}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).isEqualTo("{\"code\":\"invalid_argument\",\"message\":"
                + "\"heatmap query type must be INDIVIDUAL or SPAN [query_type=HEATMAP_QUERY_TYPE_UNSPECIFIED]\"}");
    }

    /** A heatmap exemplar's profile id selects that one profile: flame graph (datasource backend, binary) and pprof (JSON). */
    @Test
    void profileIdSelectorFromAHeatmapExemplar() throws Exception {
        Labels api = apiSeries();
        String second = ProfileIds.of(api, (T + 60_000) * 1_000_000L);
        Http.Response r = http.post("/querier.v1.QuerierService/SelectMergeStacktraces", "application/proto",
                QuerierV1.SelectMergeStacktracesRequest.newBuilder().setProfileTypeID(CPU).setLabelSelector("{}")
                        .setStart(T).setEnd(T + 120_000).addProfileIdSelector(second).build().toByteArray());
        assertThat(QuerierV1.SelectMergeStacktracesResponse.parseFrom(r.body()).getFlamegraph().getTotal()).isEqualTo(30);
        Http.Response pprof = json("/querier.v1.QuerierService/SelectMergeProfile", "{\"profileTypeID\":\"" + CPU + "\","
                + "\"labelSelector\":\"{}\",\"start\":" + T + ",\"end\":" + (T + 120_000)
                + ",\"profileIdSelector\":[\"" + ProfileIds.of(api, T * 1_000_000L) + "\"],"
                + "\"stackTraceSelector\":{\"callSite\":[{\"name\":\"main\"},{\"name\":\"handler\"},{\"name\":\"cache\"}]}}");
        assertThat(pprof.status()).isEqualTo(200);
        PprofProto.Profile.Builder p = PprofProto.Profile.newBuilder();
        com.google.protobuf.util.JsonFormat.parser().merge(pprof.text(), p);
        assertThat(p.getSampleList()).singleElement().satisfies(sample -> assertThat(sample.getValue(0)).isEqualTo(20));
        Http.Response foreign = json("/querier.v1.QuerierService/SelectMergeStacktraces", "{\"profileTypeID\":\"" + CPU + "\","
                + "\"profileIdSelector\":[\"7c9e6679-7425-40de-944b-e07fc1f90ae7\"]}");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.text()).isEqualTo("{\"code\":\"invalid_argument\",\"message\":"
                + "\"profile id is not one this store issued [profile_id_selector=7c9e6679-7425-40de-944b-e07fc1f90ae7]\"}");
    }

    Labels apiSeries() {
        return storage.querier("anonymous").series(List.of(LabelMatcher.eq("service_name", "api")), T, T).getFirst();
    }

    @Test
    void traceIdSelectorIsRefusedNotIgnored() {
        Http.Response r = json("/querier.v1.QuerierService/SelectMergeStacktraces", "{\"profileTypeID\":\"" + CPU + "\","
                + "\"traceIdSelector\":[\"7c9e66797425440de944be07fc1f90ae\"]}");
        assertThat(r.status()).isEqualTo(501);
        assertThat(r.text()).isEqualTo("{\"code\":\"unimplemented\",\"message\":"
                + "\"trace id selector not implemented by profile-store, use span_selector [trace_id_selector_count=1]\"}");
    }

    /** The query-size tooltip's call: what a query would read. */
    @Test
    void analyzeQueryCountsWhatTheQueryReads() throws Exception {
        Http.Response r = json("/querier.v1.QuerierService/AnalyzeQuery", "{\"start\":" + T + ",\"end\":" + (T + 120_000)
                + ",\"query\":\"" + CPU + "{service_name=\\\"api\\\"}\"}");
        assertThat(r.status()).isEqualTo(200);
        QuerierV1.AnalyzeQueryResponse.Builder b = QuerierV1.AnalyzeQueryResponse.newBuilder();
        com.google.protobuf.util.JsonFormat.parser().merge(r.text(), b);
        assertThat(b.getQueryScopesList()).extracting(QuerierV1.QueryScope::getComponentType)
                .containsExactly("head partitions (in memory)", "sealed blocks");
        assertThat(b.getQueryScopes(0).getBlockCount() + b.getQueryScopes(1).getBlockCount()).isEqualTo(1);
        QuerierV1.QueryScope s = b.getQueryScopes(0);
        assertThat(s.getSeriesCount()).isEqualTo(1);
        assertThat(s.getProfileCount()).isEqualTo(2);
        assertThat(s.getSampleCount()).isEqualTo(4);
        assertThat(b.getQueryImpact().getTotalQueriedSeries()).isEqualTo(1);
        assertThat(b.getQueryImpact().getTotalBytesInTimeRange()).isEqualTo(s.getIndexBytes() + s.getProfileBytes() + s.getSymbolBytes())
                .isPositive();
        Http.Response bad = json("/querier.v1.QuerierService/AnalyzeQuery", "{\"query\":\"{service_name=\"}");
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    void readyProbe() {
        assertThat(http.get("/ready").status()).isEqualTo(200);
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
