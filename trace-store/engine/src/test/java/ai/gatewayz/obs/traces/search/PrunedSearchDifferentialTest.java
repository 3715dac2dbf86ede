package ai.gatewayz.obs.traces.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.gatewayz.obs.testkit.TestClock;
import ai.gatewayz.obs.traces.disk.DiskOptions;
import ai.gatewayz.obs.traces.disk.DiskTraceStorage;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.Ids;
import ai.gatewayz.obs.traces.model.Resource;
import ai.gatewayz.obs.traces.model.Scope;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.SpanEvent;
import ai.gatewayz.obs.traces.model.SpanLink;
import ai.gatewayz.obs.traces.model.TraceId;
import ai.gatewayz.obs.traces.storage.MemoryTraceStorage;
import ai.gatewayz.obs.traces.traceql.SpansetMatch;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search on disk decodes only the columns a query reads and skips blocks and pages; the answers
 * must be those of the memory storage, which evaluates whole spans. Random gateway-shaped traces
 * over several blocks and pages, some spread over two blocks and some still live.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrunedSearchDifferentialTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final String[] SYSTEMS = {"openai", "anthropic", "mistral"};
    private static final String[] MODELS = {"gpt-4o", "claude-3-5-sonnet", "mistral-large"};
    private static final String[] NAMES = {"POST /v1/chat/completions", "provider.attempt", "db", "redis GET", "tokens.count"};

    @TempDir
    static Path dir;

    private final TestClock clock = TestClock.at(Instant.ofEpochSecond(1_700_000_000L));
    private MemoryTraceStorage memory;
    private DiskTraceStorage disk;

    @BeforeAll
    void load() {
        memory = new MemoryTraceStorage();
        disk = DiskTraceStorage.open(DiskOptions.defaults(dir), clock);
        Random rnd = new Random(11);
        Resource gateway = new Resource(List.of(Attr.of("service.name", "gateway"), Attr.of("deployment.environment", "prod")), 0, "");
        Resource billing = new Resource(List.of(Attr.of("service.name", "billing")), 0, "");
        Scope sim = new Scope("sim", "1.0", List.of(), 0, "");
        List<List<Span>> late = new ArrayList<>();
        for (int t = 0; t < 1500; t++) {
            TraceId id = new TraceId(rnd.nextLong(), rnd.nextLong());
            long start = T0 + t * 1_000_000_000L;
            int n = 1 + rnd.nextInt(9);
            List<Span> spans = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int p = rnd.nextInt(3);
                List<Attr> attrs = new ArrayList<>();
                if (rnd.nextInt(3) > 0) {
                    if (rnd.nextInt(40) == 0) {
                        attrs.add(Attr.of("gen_ai.system", 7)); // not a string: not in the dedicated column
                    }
                    attrs.add(Attr.of("gen_ai.system", SYSTEMS[p]));
                    attrs.add(Attr.of("gen_ai.request.model", MODELS[p]));
                    attrs.add(Attr.of("gen_ai.usage.input_tokens", rnd.nextInt(2500)));
                }
                if (rnd.nextBoolean()) {
                    attrs.add(Attr.of("http.route", rnd.nextBoolean() ? "/v1/chat" : "/health"));
                }
                List<SpanEvent> events = rnd.nextInt(10) == 0
                        ? List.of(new SpanEvent(start + 5, rnd.nextBoolean() ? "retry" : "cache miss", List.of(Attr.of("attempt", 2)), 0))
                        : List.of();
                List<SpanLink> links = rnd.nextInt(20) == 0 ? List.of(new SpanLink(new TraceId(1, t), 9, "", List.of(), 0, 0)) : List.of();
                boolean error = rnd.nextInt(8) == 0;
                long s = start + i * 1_000_000L;
                spans.add(new Span(id, 1 + i, i == 0 ? 0 : 1 + rnd.nextInt(i), "", 0, NAMES[rnd.nextInt(NAMES.length)],
                        i == 0 ? Span.KIND_SERVER : Span.KIND_CLIENT, s, s + rnd.nextInt(800) * 1_000_000L, attrs, 0, events, 0, links, 0,
                        error ? Span.STATUS_ERROR : Span.STATUS_UNSET, error ? "upstream 503" : "", rnd.nextInt(4) == 0 ? billing : gateway,
                        sim));
            }
            if (t % 97 == 5 && n > 1) {
                late.add(spans.subList(n - 1, n)); // its last span arrives after the rest was cut
                spans = spans.subList(0, n - 1);
            }
            memory.append("t", spans);
            disk.append("t", spans);
            if (t % 400 == 399) {
                disk.cut(true);
            }
        }
        disk.cut(true);
        for (int i = 0; i < late.size(); i++) {
            memory.append("t", late.get(i));
            disk.append("t", late.get(i));
            if (i == late.size() / 2) {
                disk.cut(true); // half of the late spans in a block of their own, half still live
            }
        }
    }

    @AfterAll
    void close() {
        disk.close();
    }

    private static String render(SearchResultView v) {
        return v.toString();
    }

    private record SearchResultView(List<String> traces) {
    }

    private static SearchResultView view(TraceSearch.Result r) {
        List<String> out = new ArrayList<>();
        for (TraceSummary s : r.traces()) {
            StringBuilder b = new StringBuilder(s.traceId().hex()).append(' ').append(s.rootServiceName()).append(' ')
                    .append(s.rootTraceName()).append(' ').append(s.startNanos()).append(' ').append(s.durationNanos());
            for (SpansetMatch m : s.spansets()) {
                b.append(" [").append(m.matched()).append(':');
                for (int i = 0; i < m.spans().size(); i++) {
                    b.append(Ids.hex(m.spans().get(i).spanId())).append(m.attributes().get(i)).append(',');
                }
                b.append(']');
            }
            b.append(s.serviceStats().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()[0] + "/" + e.getValue()[1])
                    .collect(Collectors.joining(",", " {", "}")));
            out.add(b.toString());
        }
        return new SearchResultView(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{ span.gen_ai.system = \"openai\" }",
        "{ .gen_ai.system = \"anthropic\" && duration > 300ms }",
        "{ resource.service.name = \"billing\" }",
        "{ name = \"never-there\" }",
        "{ duration >= 500ms } | count() > 1",
        "{ status = error } >> { span.gen_ai.request.model = \"gpt-4o\" }",
        "{ name = \"db\" } !> { kind = client }",
        "{ name = \"db\" } || { span.gen_ai.system = \"mistral\" }",
        "{ event:name = \"retry\" }",
        "{ event.attempt = 2 && name = \"db\" }",
        "{ link:spanID = \"0000000000000009\" }",
        "{ span.http.route =~ \"/v1/.*\" } | select(span.gen_ai.usage.input_tokens, name)",
        "{ span.gen_ai.usage.input_tokens > 1000 } | avg(span.gen_ai.usage.input_tokens) > 1200",
        "{ rootServiceName = \"gateway\" && span.gen_ai.system = \"openai\" }",
        "{ instrumentation:name = \"sim\" && statusMessage = \"upstream 503\" }",
        "{ traceDuration > 700ms && 400ms < duration }",
        "{ .gen_ai.system = 7 }",
        "{ span.gen_ai.system != \"openai\" && span.gen_ai.system != nil }",
        "{ span.gen_ai.system = \"anthropic\" } && { nestedSetParent = -1 }",
        "{ (span.gen_ai.system = \"openai\" || name = \"db\") && duration > 100ms } | by(resource.service.name)",
        "({ kind = server } | count() > 0) && { span.gen_ai.request.model = \"claude-3-5-sonnet\" }",
    })
    void diskAnswersAsMemoryDoes(String q) {
        SearchRequest req = new SearchRequest(q, null, 0, 0, 0, Long.MAX_VALUE, 10_000, 3);
        SearchResultView want = view(TraceSearch.search(memory, "t", req));
        SearchResultView got = view(TraceSearch.search(disk, "t", req));
        assertEquals(want.traces().size(), got.traces().size(), q);
        assertEquals(render(want), render(got), q);
        SearchRequest few = new SearchRequest(q, null, 0, 0, T0 + 200_000_000_000L, T0 + 900_000_000_000L, 7, 2);
        assertEquals(render(view(TraceSearch.search(memory, "t", few))), render(view(TraceSearch.search(disk, "t", few))), q);
    }

    @Test
    void aQueryForAStringNoBlockHoldsDecodesNoPage() {
        long[] before = disk.scanPages();
        SearchRequest req = new SearchRequest("{ span.gen_ai.system = \"never-sent\" }", null, 0, 0, 0, Long.MAX_VALUE, 20, 3);
        assertEquals(0, TraceSearch.search(disk, "t", req).traces().size());
        long[] after = disk.scanPages();
        assertEquals(before[0], after[0], "pages decoded");
        assertTrue(after[1] > before[1], "pages skipped");
    }

    @Test
    void aDurationBoundSkipsPagesWithoutALongEnoughSpan() {
        long[] before = disk.scanPages();
        SearchRequest all = new SearchRequest("{ duration > 0 }", null, 0, 0, 0, Long.MAX_VALUE, 20, 3);
        TraceSearch.search(disk, "t", all);
        long[] mid = disk.scanPages();
        SearchRequest longOnes = new SearchRequest("{ duration >= 800ms }", null, 0, 0, 0, Long.MAX_VALUE, 20, 3);
        TraceSearch.search(disk, "t", longOnes);
        long[] after = disk.scanPages();
        assertTrue(after[0] - mid[0] < mid[0] - before[0], "decoded " + (after[0] - mid[0]) + " vs " + (mid[0] - before[0]));
    }

    @Test
    void theDataSpansSeveralBlocksAndLiveTraces() {
        assertTrue(disk.blockCount("t") >= 5, "blocks: " + disk.blockCount("t"));
        assertTrue(disk.liveTraces("t") > 0);
    }
}
