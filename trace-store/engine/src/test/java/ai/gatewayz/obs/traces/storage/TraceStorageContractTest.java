package ai.gatewayz.obs.traces.storage;

import static ai.gatewayz.obs.traces.storage.TestSpans.rich;
import static ai.gatewayz.obs.traces.storage.TestSpans.span;
import static ai.gatewayz.obs.traces.storage.TestSpans.trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.gatewayz.obs.testkit.TestClock;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one contract every {@link TraceStorage} meets; bound to memory and disk below. */
public abstract class TraceStorageContractTest {
    protected static final long T0 = 1_700_000_000_000_000_000L;
    protected final TestClock clock = TestClock.at(Instant.ofEpochSecond(1_700_000_000L));
    protected TraceStorage storage;

    protected abstract TraceStorage create(TestClock clock);

    @BeforeEach
    void setUp() {
        storage = create(clock);
    }

    @AfterEach
    void tearDown() {
        storage.close();
    }

    /** Lets on-disk storage cut live traces to blocks between appends. */
    protected void settle() {
        clock.advance(Duration.ofMinutes(1));
        storage.maintain();
    }

    @Test
    void traceReadsBackEveryFieldInStartOrder() {
        Span late = span(1, 3, 1, "late", T0 + 300, 10);
        Span root = span(1, 1, 0, "root", T0, 1000);
        Span full = rich(1, 2, T0 + 100);
        storage.append("t1", List.of(late, root, full));
        assertEquals(List.of(root, full, late), storage.trace("t1", trace(1), 0, Long.MAX_VALUE));
        settle();
        assertEquals(List.of(root, full, late), storage.trace("t1", trace(1), 0, Long.MAX_VALUE));
    }

    @Test
    void unknownTraceAndOtherTenantAreEmpty() {
        storage.append("t1", List.of(span(1, 1, 0, "root", T0, 10)));
        assertEquals(List.of(), storage.trace("t1", trace(2), 0, Long.MAX_VALUE));
        assertEquals(List.of(), storage.trace("t2", trace(1), 0, Long.MAX_VALUE));
        settle();
        assertEquals(List.of(), storage.trace("t2", trace(1), 0, Long.MAX_VALUE));
        assertEquals(List.of("t1"), storage.tenants());
    }

    @Test
    void repeatedSpanIdsReadBackOnce() {
        Span a = span(1, 1, 0, "root", T0, 10);
        storage.append("t1", List.of(a, a));
        settle();
        storage.append("t1", List.of(a));
        assertEquals(List.of(a), storage.trace("t1", trace(1), 0, Long.MAX_VALUE));
        List<List<Span>> seen = scanAll("t1", 0, Long.MAX_VALUE);
        assertEquals(List.of(List.of(a)), seen);
    }

    @Test
    void spansOfOneTraceWrittenAtDifferentTimesComeBackTogether() {
        Span root = span(1, 1, 0, "root", T0, 1000);
        Span child = span(1, 2, 1, "child", T0 + 10, 100);
        Span other = span(2, 9, 0, "other", T0 + 5, 1);
        storage.append("t1", List.of(root, other));
        settle();
        storage.append("t1", List.of(child));
        settle();
        Span third = span(1, 3, 1, "third", T0 + 20, 1);
        storage.append("t1", List.of(third));
        assertEquals(List.of(root, child, third), storage.trace("t1", trace(1), 0, Long.MAX_VALUE));
        Map<TraceId, List<Span>> byId = new HashMap<>();
        storage.scan("t1", 0, Long.MAX_VALUE, (id, spans) -> {
            assertEquals(null, byId.put(id, spans), "trace visited twice: " + id);
            return true;
        });
        assertEquals(Map.of(trace(1), List.of(root, child, third), trace(2), List.of(other)), byId);
    }

    @Test
    void timeBoundsSelectOverlappingTraces() {
        Span a = span(1, 1, 0, "a", T0, 100);
        Span b = span(2, 2, 0, "b", T0 + 1000, 100);
        storage.append("t1", List.of(a, b));
        for (int round = 0; round < 2; round++) {
            assertEquals(List.of(a), storage.trace("t1", trace(1), T0 + 50, T0 + 60));
            assertEquals(List.of(), storage.trace("t1", trace(1), T0 + 101, T0 + 2000));
            assertEquals(List.of(List.of(b)), scanAll("t1", T0 + 101, T0 + 1000));
            assertEquals(2, scanAll("t1", T0 + 100, T0 + 1000).size());
            settle();
        }
    }

    @Test
    void scanStopsWhenTheVisitorSaysSo() {
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            spans.add(span(i, i + 1, 0, "s" + i, T0 + i, 1));
        }
        storage.append("t1", spans);
        int[] visits = {0};
        storage.scan("t1", 0, Long.MAX_VALUE, (id, s) -> ++visits[0] < 3);
        assertEquals(3, visits[0]);
    }

    @Test
    void concurrentAppendsAreAllStored() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        storage.append("t1", List.of(span(writer * 1000 + i, 1, 0, "x", T0 + i, 1)));
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(200, scanAll("t1", 0, Long.MAX_VALUE).size());
        settle();
        assertEquals(200, scanAll("t1", 0, Long.MAX_VALUE).size());
        assertTrue(storage.trace("t1", trace(3049), 0, Long.MAX_VALUE).size() == 1);
    }

    protected List<List<Span>> scanAll(String tenant, long start, long end) {
        List<List<Span>> out = new ArrayList<>();
        storage.scan(tenant, start, end, (id, spans) -> out.add(spans));
        return out;
    }
}
