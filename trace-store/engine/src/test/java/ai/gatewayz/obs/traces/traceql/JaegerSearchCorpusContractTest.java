package ai.gatewayz.obs.traces.traceql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.gatewayz.obs.testkit.Peers;
import ai.gatewayz.obs.testkit.TestClock;
import ai.gatewayz.obs.traces.model.Ids;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.TraceId;
import ai.gatewayz.obs.traces.otlp.DecodedExport;
import ai.gatewayz.obs.traces.otlp.IngestLimits;
import ai.gatewayz.obs.traces.otlp.OtlpDecoder;
import ai.gatewayz.obs.traces.search.SearchRequest;
import ai.gatewayz.obs.traces.search.TraceSearch;
import ai.gatewayz.obs.traces.search.TraceSummary;
import ai.gatewayz.obs.traces.storage.TraceStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * ../shared/corpora/jaeger-search on every storage: all 32 OTLP/JSON fixtures ingest and read back
 * span for span; API-CASES.yaml's trace and not-found expectations; and the 25 search cases of
 * queries.json, each mapped to one TraceQL spanset (service, operation, every tag on the span, its
 * resource, an event, its scope or a link, span duration bounds inclusive) over the case's time
 * window and depth, must return exactly the expected fixtures. queries_es.json (Elasticsearch-only
 * escaping and regex cases) is not run: those are backend-specific upstream.
 */
public abstract class JaegerSearchCorpusContractTest {
    protected final TestClock clock = TestClock.at(Instant.parse("2017-01-26T18:00:00Z"));
    protected TraceStorage storage;
    private final Map<String, TraceId> fixtureIds = new TreeMap<>();
    private final Map<TraceId, TreeSet<String>> stored = new TreeMap<>();

    protected abstract TraceStorage create(TestClock clock);

    private static Path dir() {
        return Peers.corpus("jaeger-search");
    }

    @BeforeEach
    void load() throws IOException {
        storage = create(clock);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir().resolve("traces"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(32, files.size());
        for (Path f : files) {
            DecodedExport d = OtlpDecoder.decode(OtlpDecoder.parseJson(Files.readString(f, StandardCharsets.UTF_8)), IngestLimits.DEFAULTS);
            assertEquals(0, d.rejected(), f + ": " + d.rejectReason());
            storage.append("jaeger", d.spans());
            String name = f.getFileName().toString().replace(".json", "");
            for (Span s : d.spans()) {
                fixtureIds.put(name, s.traceId());
                stored.computeIfAbsent(s.traceId(), k -> new TreeSet<>()).add(Ids.hex(s.spanId()));
            }
        }
        clock.advance(Duration.ofMinutes(1));
        storage.maintain();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void everyFixtureReadsBackSpanForSpan() {
        for (Map.Entry<TraceId, TreeSet<String>> e : stored.entrySet()) {
            TreeSet<String> back = new TreeSet<>();
            for (Span s : storage.trace("jaeger", e.getKey(), 0, Long.MAX_VALUE)) {
                back.add(Ids.hex(s.spanId()));
            }
            assertEquals(e.getValue(), back, e.getKey().hex());
        }
    }

    @Test
    void apiCasesGetTraceAndNotFound() throws IOException {
        // API-CASES.yaml: with only example_trace written, its id reads back with all 5 spans and id ...01 is not found
        DecodedExport d = OtlpDecoder.decode(OtlpDecoder.parseJson(Files.readString(dir().resolve("traces/example_trace.json"))),
                IngestLimits.DEFAULTS);
        storage.append("example-only", d.spans());
        assertEquals(5, storage.trace("example-only", TraceId.parseHex("00000000000000000000000000000011"), 0, Long.MAX_VALUE).size());
        assertEquals(List.of(), storage.trace("example-only", TraceId.parseHex("00000000000000000000000000000001"), 0, Long.MAX_VALUE));
    }

    private static String literal(Object v) {
        if (v instanceof String str) {
            return "\"" + str.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return String.valueOf(v); // 123, 72.5, true
    }

    private static long number(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }

    /** One Jaeger query as one TraceQL spanset: every condition on the same span. */
    @SuppressWarnings("unchecked")
    static String traceql(Map<String, Object> q) {
        List<String> conds = new ArrayList<>();
        conds.add("resource.service.name = " + literal(q.get("ServiceName")));
        Object op = q.get("OperationName");
        if (op != null && !op.toString().isEmpty()) {
            conds.add("name = " + literal(op));
        }
        if (q.get("Tags") instanceof Map<?, ?> tags) {
            for (Map.Entry<String, Object> t : ((Map<String, Object>) tags).entrySet()) {
                String v = literal(t.getValue());
                List<String> spots = new ArrayList<>();
                for (String scope : List.of("span", "resource", "event", "instrumentation", "link")) {
                    spots.add(scope + "." + t.getKey() + " = " + v);
                }
                conds.add("(" + String.join(" || ", spots) + ")");
            }
        }
        if (number(q.get("DurationMin")) > 0) {
            conds.add("duration >= " + number(q.get("DurationMin")) + "ns");
        }
        if (number(q.get("DurationMax")) > 0) {
            conds.add("duration <= " + number(q.get("DurationMax")) + "ns");
        }
        return "{ " + String.join(" && ", conds) + " }";
    }

    private static long nanos(String rfc3339) {
        Instant i = Instant.parse(rfc3339);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    @SuppressWarnings("unchecked")
    void queriesJsonCasesReturnExactlyTheirFixtures() throws IOException {
        List<Map<String, Object>> cases = (List<Map<String, Object>>) new Yaml().load(Files.readString(dir().resolve("queries.json")));
        assertEquals(25, cases.size());
        List<String> failures = new ArrayList<>();
        for (Map<String, Object> c : cases) {
            Map<String, Object> q = (Map<String, Object>) c.get("Query");
            String tq = traceql(q);
            TraceSearch.Result r = TraceSearch.search(storage, "jaeger", new SearchRequest(tq, null, 0, 0,
                    nanos((String) q.get("StartTimeMin")), nanos((String) q.get("StartTimeMax")), (Integer) q.get("NumTraces"), 3));
            TreeSet<String> want = new TreeSet<>();
            for (Object f : (List<Object>) c.get("ExpectedFixtures")) {
                want.add(fixtureIds.get((String) f).hex());
            }
            TreeSet<String> got = new TreeSet<>();
            for (TraceSummary t : r.traces()) {
                got.add(t.traceId().hex());
            }
            if (!want.equals(got)) {
                failures.add(c.get("Caption") + ": " + tq + "\n   want " + want + "\n   got  " + got);
            }
        }
        assertEquals(List.of(), failures, String.join("\n", failures));
    }
}
