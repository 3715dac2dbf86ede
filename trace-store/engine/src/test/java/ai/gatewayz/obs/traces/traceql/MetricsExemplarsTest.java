package ai.gatewayz.obs.traces.traceql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.storage.MemoryTraceStorage;
import ai.gatewayz.obs.traces.storage.TestSpans;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code exemplars} limit covers the whole answer: shared out over the series, at least one each, spread over the range. */
class MetricsExemplarsTest {
    private static final long T0 = 1_750_000_000_000_000_000L;
    private static final long S = 1_000_000_000L;

    record Case(String query, int limit, List<Integer> perSeries) {
    }

    @Test
    void theLimitIsSharedOutOverTheSeries() {
        MemoryTraceStorage storage = new MemoryTraceStorage();
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // one root per second, kinds alternate server / client via the parent
            spans.add(TestSpans.span(i, 1, 0, "root", T0 + i * S, 1000));
            spans.add(TestSpans.span(i, 2, 1, "child", T0 + i * S + 1, 1000));
        }
        storage.append("t", spans);
        for (Case c : List.of(new Case("{} | count_over_time()", 4, List.of(4)), new Case("{} | count_over_time()", 0, List.of(0)),
                new Case("{} | count_over_time() by (kind)", 4, List.of(2, 2)), new Case("{} | count_over_time() by (kind)", 1, List.of(1, 1)),
                new Case("{} | quantile_over_time(duration, 0.5, 0.9) by (kind)", 8, List.of(2, 2, 2, 2)))) {
            var r = MetricsQuery.parse(c.query()).range(storage, "t", T0, T0 + 10 * S, S, c.limit());
            assertEquals(c.perSeries(), r.series().stream().map(s -> s.exemplars().size()).toList(), c.query() + " limit " + c.limit());
        }
        // spread over the range: 4 of 10 intervals
        var r = MetricsQuery.parse("{ kind = server } | count_over_time()").range(storage, "t", T0, T0 + 10 * S, S, 4);
        assertEquals(List.of(0L, 2000L, 5000L, 7000L), r.series().getFirst().exemplars().stream().map(e -> e.timestampMs() - T0 / 1_000_000).toList());
    }
}
