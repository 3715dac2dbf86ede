package ai.gatewayz.obs.profiles.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.model.StackProfileBuilder;
import ai.gatewayz.obs.profiles.storage.ProfileStorage;
import ai.gatewayz.obs.proto.pyroscope.QuerierV1;
import ai.gatewayz.obs.testkit.Golden;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The function-table format Profiles Drilldown asks for (drilldown-apps.md §3): the JSON
 * {@code SelectMergeStacktraces} and {@code Diff} calls with {@code format: PROFILE_FORMAT_FUNCTIONS}
 * answer a {@code functions} key (golden files), the binary encoding carries the same table, and
 * the sandwich format answers the {@code sandwich} key the app's SandwichApiClient reads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"profiles.storage.engine=memory", "spring.application.name=function-table"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionTableHttpTest {
    static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    static final long T = 1_700_000_000_000L;

    @LocalServerPort
    int port;
    @Autowired
    ProfileStorage storage;
    Http http;

    @BeforeAll
    void load() {
        http = new Http(port);
        Labels api = Labels.of("__name__", "process_cpu", "__profile_type__", CPU, "service_name", "api");
        storage.appender("anonymous").append(List.of(new StackProfileBuilder()
                .add(List.of("main", "handler", "callOpenAI"), 70, 0x1111111111111111L)
                .add(List.of("main", "handler", "cache"), 20, 0x2222222222222222L)
                .add(List.of("main", "handler", "retry", "handler", "callOpenAI"), 5)
                .add(List.of("main", "idle"), 10).build(api, T * 1_000_000L, 10_000_000_000L)));
        storage.appender("anonymous").append(List.of(new StackProfileBuilder()
                .add(List.of("main", "handler", "callOpenAI"), 30)
                .add(List.of("main", "gc"), 15).build(api, (T + 60_000) * 1_000_000L, 10_000_000_000L)));
    }

    Http.Response json(String method, String body) {
        return http.post("/querier.v1.QuerierService/" + method, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    static String selection(long start, long end) {
        return "\"profileTypeID\":\"" + CPU + "\",\"labelSelector\":\"{service_name=\\\"api\\\"}\",\"start\":" + start + ",\"end\":" + end;
    }

    @Test
    void functionsOfOneSelection() {
        Http.Response r = json("SelectMergeStacktraces", "{" + selection(T, T + 120_000) + ",\"format\":\"PROFILE_FORMAT_FUNCTIONS\",\"maxNodes\":16384}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.text()).isEqualTo(Golden.read("functions/select-merge-functions.json", r.text()));
    }

    @Test
    void rowLimitKeepsTheFullTotal() {
        Http.Response r = json("SelectMergeStacktraces", "{" + selection(T, T + 120_000) + ",\"format\":\"PROFILE_FORMAT_FUNCTIONS\",\"maxNodes\":2}");
        assertThat(r.text()).isEqualTo(Golden.read("functions/select-merge-functions-limit-2.json", r.text()));
    }

    @Test
    void spanSelectorRestrictsTheTable() {
        Http.Response r = json("SelectMergeStacktraces", "{" + selection(T, T + 120_000)
                + ",\"format\":\"PROFILE_FORMAT_FUNCTIONS\",\"spanSelector\":[\"2222222222222222\"]}");
        assertThat(r.text()).isEqualTo("{\"functions\":{\"total\":\"20\",\"functions\":["
                + "{\"name\":\"cache\",\"self\":\"20\",\"total\":\"20\"},{\"name\":\"handler\",\"total\":\"20\"},{\"name\":\"main\",\"total\":\"20\"}]}}");
    }

    @Test
    void diffOfTwoRanges() {
        Http.Response r = json("Diff", "{\"left\":{" + selection(T, T + 1000) + "},\"right\":{" + selection(T + 50_000, T + 70_000)
                + "},\"format\":\"PROFILE_FORMAT_FUNCTIONS\",\"maxNodes\":16384}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo(Golden.read("functions/diff-functions.json", r.text()));
    }

    @Test
    void binaryEncodingCarriesTheSameTable() throws Exception {
        Http.Response r = http.post("/querier.v1.QuerierService/SelectMergeStacktraces", "application/proto",
                QuerierV1.SelectMergeStacktracesRequest.newBuilder().setProfileTypeID(CPU).setLabelSelector("{}").setStart(T)
                        .setEnd(T + 120_000).setFormat(QuerierV1.ProfileFormat.PROFILE_FORMAT_FUNCTIONS).build().toByteArray());
        QuerierV1.SelectMergeStacktracesResponse resp = QuerierV1.SelectMergeStacktracesResponse.parseFrom(r.body());
        assertThat(resp.hasFlamegraph()).isFalse();
        assertThat(resp.getFunctions().getTotal()).isEqualTo(150);
        assertThat(resp.getFunctions().getFunctions(0)).isEqualTo(
                QuerierV1.FunctionRow.newBuilder().setName("callOpenAI").setSelf(105).setTotal(105).build());
    }

    @Test
    void emptyRangeGivesAnEmptyTable() {
        Http.Response r = json("SelectMergeStacktraces", "{" + selection(1000, 2000) + ",\"format\":\"PROFILE_FORMAT_FUNCTIONS\"}");
        assertThat(r.text()).isEqualTo("{\"functions\":{}}");
    }

    /** The body the app's sandwichRequest builds; recursion through retry puts handler on both halves twice. */
    @Test
    void sandwichAnswersBothHalvesWithSharedNames() {
        Http.Response r = json("SelectMergeStacktraces", "{" + selection(T, T + 120_000)
                + ",\"format\":\"PROFILE_FORMAT_SANDWICH\",\"sandwichFunction\":\"handler\",\"maxNodes\":16384}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"sandwich\":{\"names\":[\"handler\",\"main\",\"retry\",\"cache\",\"callOpenAI\"],"
                + "\"callers\":{\"total\":\"130\",\"children\":[{\"nameIndex\":1,\"total\":\"125\",\"self\":\"125\"},"
                + "{\"nameIndex\":2,\"total\":\"5\",\"children\":[{\"total\":\"5\",\"children\":[{\"nameIndex\":1,\"total\":\"5\",\"self\":\"5\"}]}]}]},"
                + "\"callees\":{\"total\":\"130\",\"children\":[{\"nameIndex\":3,\"total\":\"20\",\"self\":\"20\"},"
                + "{\"nameIndex\":4,\"total\":\"105\",\"self\":\"105\"},"
                + "{\"nameIndex\":2,\"total\":\"5\",\"children\":[{\"total\":\"5\",\"children\":[{\"nameIndex\":4,\"total\":\"5\",\"self\":\"5\"}]}]}]},"
                + "\"total\":\"125\"}}");
    }

    @Test
    void sandwichWithSpanSelectorAndTruncation() {
        Http.Response r = json("SelectMergeStacktraces", "{" + selection(T, T + 120_000)
                + ",\"format\":\"PROFILE_FORMAT_SANDWICH\",\"sandwichFunction\":\"handler\",\"maxNodes\":2"
                + ",\"spanSelector\":[\"1111111111111111\"]}");
        assertThat(r.text()).isEqualTo("{\"sandwich\":{\"names\":[\"handler\",\"main\",\"callOpenAI\"],"
                + "\"callers\":{\"total\":\"70\",\"children\":[{\"nameIndex\":1,\"total\":\"70\",\"self\":\"70\"}]},"
                + "\"callees\":{\"total\":\"70\",\"children\":[{\"nameIndex\":2,\"total\":\"70\",\"self\":\"70\"}]},"
                + "\"total\":\"70\"}}");
        Http.Response cut = json("SelectMergeStacktraces", "{" + selection(T, T + 120_000)
                + ",\"format\":\"PROFILE_FORMAT_SANDWICH\",\"sandwichFunction\":\"handler\",\"maxNodes\":2}");
        assertThat(cut.text()).isEqualTo("{\"sandwich\":{\"names\":[\"handler\",\"main\",\"other\",\"callOpenAI\"],"
                + "\"callers\":{\"total\":\"130\",\"children\":[{\"nameIndex\":1,\"total\":\"125\",\"self\":\"125\"},"
                + "{\"nameIndex\":2,\"total\":\"5\",\"self\":\"5\",\"truncated\":true}]},"
                + "\"callees\":{\"total\":\"130\",\"children\":[{\"nameIndex\":3,\"total\":\"105\",\"self\":\"105\"},"
                + "{\"nameIndex\":2,\"total\":\"25\",\"self\":\"25\",\"truncated\":true}]},\"total\":\"125\"}}");
        Http.Response none = json("SelectMergeStacktraces", "{" + selection(T, T + 120_000) + ",\"format\":\"PROFILE_FORMAT_SANDWICH\"}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.text()).isEqualTo("{\"code\":\"invalid_argument\",\"message\":\"sandwich format needs a function [sandwich_function=]\"}");
    }

    @Test
    void flameGraphIsStillTheDefault() throws Exception {
        Http.Response r = json("SelectMergeStacktraces", "{" + selection(T, T + 120_000) + "}");
        assertThat(r.text()).startsWith("{\"flamegraph\":{\"names\":[\"total\",");
    }
}
