package ai.gatewayz.obs.profiles.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.proto.pyroscope.QuerierV1;
import ai.gatewayz.obs.proto.pyroscope.TypesV1;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Replays checklist 4.6 of contracts/grafana-datasources.md (items 1-11) against the server with
 * known data ingested through {@code /ingest}: exact statuses, content types and flame-graph shapes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "profiles.storage.engine=memory")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaPyroscopeConformanceTest {
    static final long FROM_S = 1_700_000_000L;
    static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    static final String PROTO = "application/proto";

    @LocalServerPort
    int port;
    Http http;

    @BeforeAll
    void load() {
        http = new Http(port);
        ingest("api{provider=openai}", FROM_S, "main;handler;callOpenAI 30\nmain;handler;countTokens 10\n");
        ingest("api{provider=anthropic}", FROM_S + 10, "main;handler;callAnthropic 20\n");
        ingest("web", FROM_S + 20, "main;render 5\n");
    }

    void ingest(String name, long from, String folded) {
        Http.Response r = http.post("/ingest?name=" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8) + "&from=" + from
                + "&until=" + (from + 10) + "&sampleRate=100&spyName=gospy", "text/plain", folded.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(200);
    }

    Http.Response connect(String method, com.google.protobuf.Message m) {
        return http.post("/querier.v1.QuerierService/" + method, PROTO, m.toByteArray(), "Connect-Protocol-Version", "1");
    }

    static long ms(long s) {
        return s * 1000;
    }

    @Test
    void item1SaveAndTestProfileTypesIn1970IsEmptyAndGreen() throws Exception {
        Http.Response r = connect("ProfileTypes", QuerierV1.ProfileTypesRequest.newBuilder().setStart(1000).setEnd(4000).build());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo(PROTO);
        assertThat(QuerierV1.ProfileTypesResponse.parseFrom(r.body()).getProfileTypesCount()).isZero();
    }

    @Test
    void item2And3EmptyBodyListsFivePartTypes() throws Exception {
        Http.Response r = http.post("/querier.v1.QuerierService/ProfileTypes", PROTO, new byte[0], "Connect-Protocol-Version", "1");
        assertThat(r.status()).isEqualTo(200);
        QuerierV1.ProfileTypesResponse resp = QuerierV1.ProfileTypesResponse.parseFrom(r.body());
        assertThat(resp.getProfileTypesList()).extracting(TypesV1.ProfileType::getID).containsExactly(CPU);
        TypesV1.ProfileType t = resp.getProfileTypes(0);
        assertThat(t.getID().split(":")).hasSize(5);
        assertThat(t.getName()).isEqualTo("process_cpu");
        assertThat(t.getSampleType()).isEqualTo("cpu");
        assertThat(t.getSampleUnit()).isEqualTo("nanoseconds");
        assertThat(t.getPeriodType()).isEqualTo("cpu");
        assertThat(t.getPeriodUnit()).isEqualTo("nanoseconds");
    }

    @Test
    void item4LabelNames() throws Exception {
        Http.Response r = connect("LabelNames", TypesV1.LabelNamesRequest.newBuilder().addMatchers("{service_name=\"api\"}")
                .setStart(ms(FROM_S)).setEnd(ms(FROM_S + 60)).build());
        assertThat(r.status()).isEqualTo(200);
        assertThat(TypesV1.LabelNamesResponse.parseFrom(r.body()).getNamesList())
                .containsExactly("__name__", "__profile_type__", "provider", "pyroscope_spy", "service_name");
    }

    @Test
    void item5LabelValues() throws Exception {
        Http.Response r = connect("LabelValues", TypesV1.LabelValuesRequest.newBuilder().setName("service_name")
                .setStart(ms(FROM_S)).setEnd(ms(FROM_S + 60)).build());
        assertThat(TypesV1.LabelValuesResponse.parseFrom(r.body()).getNamesList()).containsExactly("api", "web");
    }

    @Test
    void item6FlameGraphInvariantsWithAndWithoutTruncation() throws Exception {
        for (long maxNodes : new long[] {0, 16384, 3, 1}) {
            QuerierV1.SelectMergeStacktracesRequest.Builder b = QuerierV1.SelectMergeStacktracesRequest.newBuilder()
                    .setProfileTypeID(CPU).setLabelSelector("{service_name=\"api\"}").setStart(ms(FROM_S)).setEnd(ms(FROM_S + 60));
            if (maxNodes > 0) {
                b.setMaxNodes(maxNodes);
            }
            Http.Response r = connect("SelectMergeStacktraces", b.build());
            assertThat(r.status()).isEqualTo(200);
            QuerierV1.FlameGraph g = QuerierV1.SelectMergeStacktracesResponse.parseFrom(r.body()).getFlamegraph();
            // 60 samples at 100 Hz = 600 ms of CPU
            assertThat(g.getTotal()).isEqualTo(600_000_000L);
            assertThat(g.getNames(0)).isEqualTo("total");
            assertThat(g.getLevels(0).getValuesList()).containsExactly(0L, 600_000_000L, 0L, 0L);
            long nodes = 0;
            for (int l = 1; l < g.getLevelsCount(); l++) {
                nodes += g.getLevels(l).getValuesCount() / 4;
                for (int i = 0; i < g.getLevels(l).getValuesCount(); i += 4) {
                    assertThat(g.getLevels(l).getValues(i + 3)).isLessThan(g.getNamesCount());
                    assertThat(g.getLevels(l).getValues(i + 1)).isGreaterThanOrEqualTo(g.getLevels(l).getValues(i + 2));
                }
            }
            if (maxNodes > 0) {
                assertThat(nodes).isLessThanOrEqualTo(maxNodes);
            }
            if (maxNodes == 0) {
                assertThat(g.getNamesList()).containsExactly("total", "main", "handler", "callAnthropic", "callOpenAI", "countTokens");
                assertThat(g.getLevels(3).getValuesList()).containsExactly(0L, 200_000_000L, 200_000_000L, 3L,
                        0L, 300_000_000L, 300_000_000L, 4L, 0L, 100_000_000L, 100_000_000L, 5L);
                assertThat(g.getMaxSelf()).isEqualTo(300_000_000L);
            }
        }
    }

    @Test
    void item7EmptyRangeIsNotAnError() throws Exception {
        Http.Response r = connect("SelectMergeStacktraces", QuerierV1.SelectMergeStacktracesRequest.newBuilder()
                .setProfileTypeID(CPU).setLabelSelector("{}").setStart(1000).setEnd(4000).build());
        assertThat(r.status()).isEqualTo(200);
        assertThat(QuerierV1.SelectMergeStacktracesResponse.parseFrom(r.body()).hasFlamegraph()).isFalse();
    }

    @Test
    void item8SelectSeriesGroupedAndAligned() throws Exception {
        Http.Response r = connect("SelectSeries", QuerierV1.SelectSeriesRequest.newBuilder().setProfileTypeID(CPU)
                .setLabelSelector("{}").setStart(ms(FROM_S)).setEnd(ms(FROM_S + 60)).setStep(15.0).addGroupBy("service_name").build());
        assertThat(r.status()).isEqualTo(200);
        QuerierV1.SelectSeriesResponse resp = QuerierV1.SelectSeriesResponse.parseFrom(r.body());
        assertThat(resp.getSeriesList()).hasSize(2);
        TypesV1.Series api = resp.getSeries(0);
        assertThat(api.getLabelsList()).containsExactly(TypesV1.LabelPair.newBuilder().setName("service_name").setValue("api").build());
        for (TypesV1.Point p : api.getPointsList()) {
            assertThat(p.getTimestamp() % 15_000).isZero();
        }
        assertThat(api.getPointsList().stream().mapToDouble(TypesV1.Point::getValue).sum()).isEqualTo(600_000_000.0);
    }

    @Test
    void item9MalformedSelectorIsInvalidArgument() {
        Http.Response r = connect("SelectMergeStacktraces", QuerierV1.SelectMergeStacktracesRequest.newBuilder()
                .setProfileTypeID(CPU).setLabelSelector("{service_name=").setStart(ms(FROM_S)).setEnd(ms(FROM_S + 60)).build());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.text()).isEqualTo("{\"code\":\"invalid_argument\",\"message\":\"invalid label selector: "
                + "1:15: parse error: unexpected end of input inside braces [selector={service_name=]\"}");
    }

    @Test
    void item10UnknownMethodIs404() {
        Http.Response r = connect("NoSuchMethod", QuerierV1.ProfileTypesRequest.getDefaultInstance());
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).isEqualTo("{\"code\":\"unimplemented\",\"message\":\"unknown method [method=querier.v1.QuerierService/NoSuchMethod]\"}");
    }

    @Test
    void item11JsonVariantsOfProfileTypesAndFlameGraph() {
        Http.Response types = http.post("/querier.v1.QuerierService/ProfileTypes", "application/json",
                ("{\"start\":\"" + ms(FROM_S) + "\",\"end\":\"" + ms(FROM_S + 60) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(types.status()).isEqualTo(200);
        assertThat(types.contentType()).isEqualTo("application/json");
        assertThat(types.text()).isEqualTo("{\"profileTypes\":[{\"ID\":\"" + CPU + "\",\"name\":\"process_cpu\",\"sampleType\":\"cpu\","
                + "\"sampleUnit\":\"nanoseconds\",\"periodType\":\"cpu\",\"periodUnit\":\"nanoseconds\"}]}");
        Http.Response fg = http.post("/querier.v1.QuerierService/SelectMergeStacktraces", "application/json",
                ("{\"profileTypeID\":\"" + CPU + "\",\"labelSelector\":\"{service_name=\\\"web\\\"}\",\"start\":" + ms(FROM_S)
                        + ",\"end\":" + ms(FROM_S + 60) + "}").getBytes(StandardCharsets.UTF_8));
        assertThat(fg.status()).isEqualTo(200);
        assertThat(fg.text()).isEqualTo("{\"flamegraph\":{\"names\":[\"total\",\"main\",\"render\"],\"levels\":["
                + "{\"values\":[\"0\",\"50000000\",\"0\",\"0\"]},{\"values\":[\"0\",\"50000000\",\"0\",\"1\"]},"
                + "{\"values\":[\"0\",\"50000000\",\"50000000\",\"2\"]}],\"total\":\"50000000\",\"maxSelf\":\"50000000\"}}");
    }
}
