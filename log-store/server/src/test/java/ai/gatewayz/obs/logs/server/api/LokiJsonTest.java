package ai.gatewayz.obs.logs.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.testkit.Golden;
import ai.gatewayz.obs.logs.storage.IndexStats;
import ai.gatewayz.obs.logs.storage.LogEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Response encoding against hand-written golden files (grafana-datasources.md §2.3, §1.3). */
class LokiJsonTest {
    private static final Labels MD = Labels.of("trace_id", "4bf92f35", "detected_level", "info");
    private static final LogqlResult.Streams STREAMS = new LogqlResult.Streams(List.of(new LogqlResult.Stream(
            Labels.of("app", "api", "trace_id", "4bf92f35", "detected_level", "info", "status", "200"),
            List.of(new LogEntry(1700000000123456789L, "GET /orders 200", MD),
                    new LogEntry(1700000000023456789L, "GET /health 200", Labels.EMPTY)),
            List.of(Labels.of("status", "200"), Labels.EMPTY))));

    @Test
    void streamsWithoutTheFlagFoldEverythingIntoStreamAndHaveTwoElementValues() {
        String actual = LokiJson.result(STREAMS, false);
        assertThat(actual).isEqualTo(Golden.read("query-api/streams-plain.json", actual));
    }

    @Test
    void categorizedStreamsPutFlagsBeforeResultAndAThirdObjectInEveryValue() {
        String actual = LokiJson.result(STREAMS, true);
        assertThat(actual).isEqualTo(Golden.read("query-api/streams-categorized.json", actual));
        assertThat(actual.indexOf("encodingFlags")).isLessThan(actual.indexOf("\"result\""));
    }

    @Test
    void matrixHasSecondsWithMillisecondFractionAndGoFormattedValues() {
        LogqlResult.Matrix m = new LogqlResult.Matrix(List.of(
                new LogqlResult.Series(Labels.of("detected_level", "error"), new long[] {1700000000000L, 1700000060500L},
                        new double[] {3, 0.25}),
                new LogqlResult.Series(Labels.EMPTY, new long[] {1700000000000L}, new double[] {Double.NaN})));
        String actual = LokiJson.result(m, true);
        assertThat(actual).isEqualTo(Golden.read("query-api/matrix.json", actual));
    }

    @Test
    void metricResultsIgnoreTheCategorizeFlag() {
        LogqlResult.Vector v = new LogqlResult.Vector(List.of(new LogqlResult.Sample(Labels.EMPTY, 4000, 2)));
        assertThat(LokiJson.result(v, true)).isEqualTo(LokiJson.result(v, false))
                .isEqualTo(Golden.read("query-api/vector-health.json", LokiJson.result(v, false)));
        String scalar = LokiJson.result(new LogqlResult.Scalar(4000, Double.POSITIVE_INFINITY), true);
        assertThat(scalar).isEqualTo(Golden.read("query-api/scalar.json", scalar));
    }

    @Test
    void metadataShapes() {
        assertThat(LokiJson.strings(List.of("app", "le\"vel"))).isEqualTo("{\"status\":\"success\",\"data\":[\"app\",\"le\\\"vel\"]}");
        assertThat(LokiJson.strings(List.of())).isEqualTo("{\"status\":\"success\",\"data\":[]}");
        assertThat(LokiJson.series(List.of(Labels.of("app", "api")))).isEqualTo("{\"status\":\"success\",\"data\":[{\"app\":\"api\"}]}");
        assertThat(LokiJson.stats(new IndexStats(3, 10, 123456, 789)))
                .isEqualTo("{\"streams\":3,\"chunks\":10,\"bytes\":123456,\"entries\":789}");
    }
}
