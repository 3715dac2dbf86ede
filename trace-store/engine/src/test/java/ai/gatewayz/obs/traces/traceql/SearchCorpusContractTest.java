package ai.gatewayz.obs.traces.traceql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.gatewayz.obs.testkit.TestClock;
import ai.gatewayz.obs.traces.model.Ids;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.search.SearchRequest;
import ai.gatewayz.obs.traces.search.TraceSearch;
import ai.gatewayz.obs.traces.search.TraceSummary;
import ai.gatewayz.obs.traces.storage.TraceStorage;
import ai.gatewayz.obs.traces.traceql.SpansetMatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TRACEQL-SEARCH-CASES.yaml over traces.json, through the search layer, bound to every storage:
 * each case must return exactly the expected traces and (spss large) exactly the expected spans.
 * Cases in search-skips.txt are not run (each with its reason); the pass rate is printed.
 */
public abstract class SearchCorpusContractTest {
    protected final TestClock clock = TestClock.at(Instant.parse("2023-06-07T08:00:00Z"));
    protected TraceStorage storage;

    protected abstract TraceStorage create(TestClock clock);

    @BeforeEach
    void load() {
        storage = create(clock);
        assertEquals(156, OtelDbCorpus.load(storage, "t"));
        clock.advance(Duration.ofMinutes(1));
        storage.maintain();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private TraceSearch.Result search(String q, Map<String, String> tags, int limit) {
        return TraceSearch.search(storage, "t", new SearchRequest(q, tags, 0, 0, OtelDbCorpus.START, OtelDbCorpus.END, limit, 1000));
    }

    private static Map<String, TreeSet<String>> got(TraceSearch.Result r) {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        for (TraceSummary t : r.traces()) {
            TreeSet<String> ids = new TreeSet<>();
            for (SpansetMatch m : t.spansets()) {
                for (Span s : m.spans()) {
                    ids.add(Ids.hex(s.spanId()));
                }
            }
            out.put(t.traceId().hex(), ids);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, TreeSet<String>> expected(Object list) {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) list) {
            out.put((String) e.get("trace_id"), new TreeSet<>((List<String>) e.get("span_ids")));
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void traceqlSearchCases() throws Exception {
        Map<String, Object> all = OtelDbCorpus.cases();
        List<Map<String, Object>> cases = (List<Map<String, Object>>) ((Map<String, Object>) all.get("traceql_search")).get("cases");
        Map<String, String> skips = ParserCorpusTest.skipsFrom("search-skips.txt");
        List<String> failures = new ArrayList<>();
        int passed = 0;
        for (Map<String, Object> c : cases) {
            String id = String.valueOf(c.get("id"));
            if (skips.containsKey(id)) {
                continue;
            }
            String q = (String) c.get("query");
            try {
                Map<String, TreeSet<String>> got = got(search(q, null, 1000));
                Map<String, TreeSet<String>> want = expected(c.get("expected"));
                if (got.equals(want)) {
                    passed++;
                } else {
                    failures.add(id + " " + q + "\n   want " + want + "\n   got  " + got);
                }
            } catch (RuntimeException e) {
                failures.add(id + " " + q + " threw " + e);
            }
        }
        System.out.printf("TraceQL search corpus (%s): %d/%d passed, %d skipped (see search-skips.txt)%n",
                getClass().getSimpleName(), passed, passed + failures.size(), skips.size());
        assertEquals(List.of(), failures, String.join("\n", failures));
    }

    @Test
    @SuppressWarnings("unchecked")
    void limitAndUnknownAttribute() {
        Map<String, Object> all = OtelDbCorpus.cases();
        Map<String, Object> lim = (Map<String, Object>) all.get("traceql_limit");
        TraceSearch.Result r = search((String) lim.get("query"), null, 1);
        assertEquals(1, r.traces().size());
        Map<String, TreeSet<String>> want = expected(lim.get("expected"));
        String id = r.traces().getFirst().traceId().hex();
        assertTrue(want.containsKey(id), id);
        assertEquals(want.get(id), got(r).get(id));
        Map<String, Object> unknown = (Map<String, Object>) all.get("traceql_unknown_attribute");
        assertEquals(List.of(), search((String) unknown.get("query"), null, 20).traces());
    }

    @Test
    @SuppressWarnings("unchecked")
    void legacyTagSearchFindsTheTraces() {
        Map<String, Object> all = OtelDbCorpus.cases();
        for (Map<String, Object> c : (List<Map<String, Object>>) ((Map<String, Object>) all.get("tags_search")).get("cases")) {
            Map<String, String> tags = new LinkedHashMap<>();
            for (String kv : ((String) c.get("tags")).split(" ")) {
                String[] p = kv.split("=", 2);
                tags.put(p[0], p[1]);
            }
            int limit = c.containsKey("limit") ? (Integer) c.get("limit") : 1000;
            TraceSearch.Result r = search(null, tags, limit);
            Map<String, TreeSet<String>> want = expected(c.get("expected"));
            // Tempo returns the matching spans (oteldb every span of the trace): compare trace ids only
            if (limit == 1) {
                assertEquals(1, r.traces().size());
                assertTrue(want.containsKey(r.traces().getFirst().traceId().hex()));
            } else {
                assertEquals(want.keySet(), got(r).keySet(), String.valueOf(c.get("tags")));
            }
        }
    }
}
