package ai.gatewayz.obs.traces.traceql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.storage.MemoryTraceStorage;
import ai.gatewayz.obs.traces.storage.TestSpans;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A high-cardinality by() or compare() over many intervals is refused with a 400 naming the limit, instead of exhausting the heap. */
class MetricsCardinalityTest {
    private static final long T0 = 1_750_000_000_000_000_000L;

    private static MemoryTraceStorage storage(int distinct) {
        MemoryTraceStorage s = new MemoryTraceStorage();
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            Span base = TestSpans.span(i, 1, 0, "op", T0 + i * 1_000_000L, 1000);
            List<Attr> attrs = new ArrayList<>(base.attributes());
            attrs.add(Attr.of("user.id", "u" + i));
            spans.add(new Span(base.traceId(), base.spanId(), 0, "", 0, "op", Span.KIND_SERVER, base.startNanos(), base.endNanos(), attrs, 0,
                    List.of(), 0, List.of(), 0, 0, "", base.resource(), base.scope()));
        }
        s.append("t", spans);
        return s;
    }

    record Case(String name, String query, int distinct, boolean refused) {
    }

    @Test
    void seriesTimesIntervalsAreBounded() {
        long step = 1_000_000_000L;
        long end = T0 + 10_000 * step; // 10,000 intervals
        for (Case c : List.of(
                new Case("by() under the limit", "{} | count_over_time() by (span.user.id)", 150, false),
                new Case("by() over the limit", "{} | count_over_time() by (span.user.id)", 250, true),
                new Case("compare() over the limit", "{} | compare({ span.user.id = \"u1\" })", 250, true))) {
            MemoryTraceStorage s = storage(c.distinct());
            MetricsQuery q = MetricsQuery.parse(c.query());
            if (c.refused()) {
                SuiteException e = assertThrows(SuiteException.class, () -> q.range(s, "t", T0, end, step, 0), c.name());
                assertEquals(ErrorKind.BAD_DATA, e.kind());
                assertEquals("too many series for the time range: narrow by() or the filter, or raise step [limit=2000000 series x intervals,"
                        + " intervals=10000]", e.getMessage(), c.name());
            } else {
                assertEquals(c.distinct(), q.range(s, "t", T0, end, step, 0).series().size(), c.name());
            }
        }
    }
}
