package ai.gatewayz.obs.logs.logql.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.logql.LogqlOptions;
import ai.gatewayz.obs.logs.logql.LogqlRequest;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.memory.MemoryLogStorage;
import ai.gatewayz.obs.testkit.TestClock;
import org.junit.jupiter.api.Test;

/** max_query_series bounds the answer, as in Loki, not the series an aggregation reduces. */
class MaxSeriesTest {
    private final LogqlEngine engine = new LogqlEngine(new LogqlOptions(2, 5000));
    private final MemoryLogStorage storage = new MemoryLogStorage(TestClock.atMillis(60_000));

    MaxSeriesTest() {
        LogAppender a = storage.appender();
        for (int i = 0; i < 5; i++) {
            a.append(Labels.of("app", "a"), LogEntry.of(1_000_000_000L + i, "{\"trace_id\":\"t" + i + "\"}"));
        }
        a.commit();
    }

    private LogqlResult instant(String q) {
        try (LogQuerier querier = storage.querier()) {
            return engine.evaluate(querier, new LogqlRequest(q, 60_000_000_000L, 60_000_000_000L, 0, Direction.BACKWARD, 100));
        }
    }

    @Test
    void anAggregationOverManySeriesAnswers() {
        LogqlResult.Vector v = (LogqlResult.Vector) instant("sum(count_over_time({app=\"a\"} | json [1m]))");
        assertThat(v.samples()).hasSize(1);
        assertThat(v.samples().get(0).value()).isEqualTo(5.0);
    }

    @Test
    void anAnswerWithMoreSeriesThanTheLimitIsRejected() {
        assertThatThrownBy(() -> instant("count_over_time({app=\"a\"} | json [1m])"))
                .hasMessage("maximum of series (2) reached for a single query");
    }
}
