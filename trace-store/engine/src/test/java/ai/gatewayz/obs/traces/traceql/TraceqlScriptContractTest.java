package ai.gatewayz.obs.traces.traceql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.testkit.TestClock;
import ai.gatewayz.obs.traces.model.Attr;
import ai.gatewayz.obs.traces.model.AttrValue;
import ai.gatewayz.obs.traces.model.Resource;
import ai.gatewayz.obs.traces.model.Scope;
import ai.gatewayz.obs.traces.model.Span;
import ai.gatewayz.obs.traces.model.SpanEvent;
import ai.gatewayz.obs.traces.model.SpanLink;
import ai.gatewayz.obs.traces.model.TraceId;
import ai.gatewayz.obs.traces.search.SearchRequest;
import ai.gatewayz.obs.traces.search.TraceSearch;
import ai.gatewayz.obs.traces.search.TraceSummary;
import ai.gatewayz.obs.traces.storage.TraceStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Our TraceQL script corpus (src/test/resources/traceql/scripts/*.txt), run against every storage.
 *
 * <pre>
 * load
 *   &lt;trace&gt; &lt;span&gt; &lt;parent|-&gt; &lt;service&gt; &lt;name&gt; &lt;kind&gt; &lt;status&gt; &lt;startMs&gt; &lt;durMs&gt; [key=value ...]
 * eval &lt;TraceQL&gt;
 *   &lt;trace&gt;: &lt;span&gt; &lt;span&gt; ...       (one line per expected trace; "none" for no match)
 * error &lt;TraceQL&gt;
 *   &lt;text the 400 message contains&gt;
 * metrics &lt;startMs&gt; &lt;endMs&gt; &lt;step&gt; &lt;TraceQL metrics&gt;
 *   &lt;promLabels&gt; &lt;value per interval, _ for none&gt; ...   (one line per expected series, exactly)
 * instant &lt;startMs&gt; &lt;endMs&gt; &lt;TraceQL metrics&gt;
 *   &lt;promLabels&gt; &lt;value&gt;
 * exemplars &lt;startMs&gt; &lt;endMs&gt; &lt;step&gt; &lt;TraceQL metrics&gt;
 *   &lt;promLabels&gt; &lt;trace&gt;:&lt;span&gt; ...        (the series' exemplars, in order)
 * </pre>
 *
 * Metrics times are milliseconds after the scripts' T0 (which is a multiple of 10 s, so steps
 * of 1, 2, 5, 10, 20 or 40 s keep the grid at T0); values are compared to 1e-9 relative.
 *
 * Values: integers, floats, true/false, otherwise strings. Special keys: {@code resource.k},
 * {@code event} (adds an event), {@code event.k} (attribute of the last event), {@code link}
 * ({@code trace:span}), {@code link.k}, {@code scope}, {@code statusMessage}.
 */
public abstract class TraceqlScriptContractTest {
    static final String[] SCRIPTS = {"intrinsics.txt", "attributes.txt", "operators.txt", "structural.txt", "pipelines.txt",
        "metrics.txt", "metrics-grid.txt", "metrics-compare.txt"};
    static final long T0 = 1_750_000_000_000_000_000L;

    protected abstract TraceStorage create(TestClock clock);

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : SCRIPTS) {
            String text;
            try (InputStream in = TraceqlScriptContractTest.class.getResourceAsStream("/traceql/scripts/" + file)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            tests.add(DynamicTest.dynamicTest(file, () -> run(file, text)));
        }
        return tests.stream();
    }

    private void run(String file, String text) {
        TestClock clock = TestClock.at(Instant.ofEpochSecond(T0 / 1_000_000_000L + 3600));
        try (TraceStorage storage = create(clock)) {
            String[] lines = text.split("\n");
            int i = 0;
            int evals = 0;
            while (i < lines.length) {
                String line = lines[i].strip();
                i++;
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.equals("load")) {
                    List<Span> spans = new ArrayList<>();
                    while (i < lines.length && lines[i].startsWith("  ")) {
                        spans.add(span(lines[i++].strip()));
                    }
                    storage.append("t", spans);
                    clock.advance(Duration.ofMinutes(1));
                    storage.maintain();
                    continue;
                }
                List<String> body = new ArrayList<>();
                while (i < lines.length && lines[i].startsWith("  ")) {
                    body.add(lines[i++].strip());
                }
                evals++;
                String where = file + ":" + i + ": " + line;
                if (line.startsWith("eval ")) {
                    String q = line.substring(5);
                    var r = TraceSearch.search(storage, "t", new SearchRequest(q, null, 0, 0, 0, Long.MAX_VALUE, 1000, 1000));
                    Map<Long, TreeSet<Long>> got = new TreeMap<>();
                    for (TraceSummary t : r.traces()) {
                        TreeSet<Long> ids = got.computeIfAbsent(t.traceId().lo(), k -> new TreeSet<>());
                        t.spansets().forEach(m -> m.spans().forEach(s -> ids.add(s.spanId())));
                    }
                    Map<Long, TreeSet<Long>> want = new TreeMap<>();
                    for (String b : body) {
                        if (b.equals("none")) {
                            continue;
                        }
                        String[] p = b.split(":", 2);
                        TreeSet<Long> ids = new TreeSet<>();
                        for (String s : p[1].trim().split("\\s+")) {
                            ids.add(Long.parseLong(s));
                        }
                        want.put(Long.parseLong(p[0].trim()), ids);
                    }
                    assertEquals(want, got, where);
                } else if (line.startsWith("metrics ") || line.startsWith("instant ") || line.startsWith("exemplars ")) {
                    metrics(storage, line, body, where);
                } else if (line.startsWith("error ")) {
                    String q = line.substring(6);
                    try {
                        if (MetricsQuery.isMetrics(q)) {
                            MetricsQuery.parse(q);
                        } else {
                            TraceqlQuery.parse(q);
                        }
                        throw new AssertionError(where + ": parsed, expected an error");
                    } catch (SuiteException e) {
                        if (!e.getMessage().contains(body.getFirst())) {
                            throw new AssertionError(where + ": message " + e.getMessage());
                        }
                    }
                } else {
                    throw new AssertionError(where + ": unknown command");
                }
            }
            if (evals == 0) {
                throw new AssertionError(file + " has no eval");
            }
        }
    }

    private static void metrics(TraceStorage storage, String line, List<String> body, String where) {
        String[] f = line.split("\\s+", line.startsWith("instant ") ? 4 : 5);
        long startNs = T0 + Long.parseLong(f[1]) * 1_000_000L;
        long endNs = T0 + Long.parseLong(f[2]) * 1_000_000L;
        MetricsResult r;
        if (f[0].equals("instant")) {
            r = MetricsQuery.parse(f[3]).instant(storage, "t", startNs, endNs);
        } else {
            long step = ai.gatewayz.obs.common.Durations.parse(f[3]) * 1_000_000L;
            r = MetricsQuery.parse(f[4]).range(storage, "t", startNs, endNs, step, 100);
        }
        Map<String, String> got = new TreeMap<>();
        for (MetricsSeries s : r.series()) {
            StringBuilder sb = new StringBuilder();
            if (f[0].equals("exemplars")) {
                s.exemplars().forEach(e -> sb.append(' ').append(Long.parseLong(e.traceId().substring(16), 16)).append(':')
                        .append(Long.parseLong(e.spanId(), 16)));
            } else {
                for (double v : s.values()) {
                    sb.append(' ').append(Double.isNaN(v) ? "_" : format(v));
                }
            }
            got.put(s.promLabels(), sb.toString().strip());
        }
        Map<String, String> want = new TreeMap<>();
        for (String b : body) {
            int split = b.lastIndexOf('}') + 1;
            StringBuilder sb = new StringBuilder();
            for (String v : b.substring(split).strip().split("\\s+")) {
                sb.append(' ').append(v.equals("_") || v.contains(":") ? v : format(Double.parseDouble(v)));
            }
            want.put(b.substring(0, split), sb.toString().strip());
        }
        assertEquals(want, got, where);
    }

    /** Twelve significant digits: equal values print equally, float noise does not show. */
    private static String format(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
    }

    private static Span span(String line) {
        String[] f = line.split("\\s+");
        List<Attr> attrs = new ArrayList<>();
        List<Attr> res = new ArrayList<>(List.of(Attr.of("service.name", f[3])));
        List<SpanEvent> events = new ArrayList<>();
        List<List<Attr>> eventAttrs = new ArrayList<>();
        List<SpanLink> links = new ArrayList<>();
        List<List<Attr>> linkAttrs = new ArrayList<>();
        String scope = "test";
        String statusMessage = "";
        long start = T0 + Long.parseLong(f[7]) * 1_000_000L;
        for (int k = 9; k < f.length; k++) {
            String[] kv = f[k].split("=", 2);
            String key = kv[0];
            AttrValue v = value(kv[1]);
            if (key.startsWith("resource.")) {
                res.add(new Attr(key.substring(9), v));
            } else if (key.equals("event")) {
                events.add(new SpanEvent(start + 1, kv[1], List.of(), 0));
                eventAttrs.add(new ArrayList<>());
            } else if (key.startsWith("event.")) {
                eventAttrs.getLast().add(new Attr(key.substring(6), v));
            } else if (key.equals("link")) {
                String[] p = kv[1].split(":");
                links.add(new SpanLink(new TraceId(0, Long.parseLong(p[0])), Long.parseLong(p[1]), "", List.of(), 0, 0));
                linkAttrs.add(new ArrayList<>());
            } else if (key.startsWith("link.")) {
                linkAttrs.getLast().add(new Attr(key.substring(5), v));
            } else if (key.equals("scope")) {
                scope = kv[1];
            } else if (key.equals("statusMessage")) {
                statusMessage = kv[1].replace('_', ' ');
            } else {
                attrs.add(new Attr(key, v));
            }
        }
        for (int e = 0; e < events.size(); e++) {
            SpanEvent ev = events.get(e);
            events.set(e, new SpanEvent(ev.timeNanos(), ev.name(), eventAttrs.get(e), 0));
        }
        for (int l = 0; l < links.size(); l++) {
            SpanLink ln = links.get(l);
            links.set(l, new SpanLink(ln.traceId(), ln.spanId(), "", linkAttrs.get(l), 0, 0));
        }
        int kind = List.of("unspecified", "internal", "server", "client", "producer", "consumer").indexOf(f[5]);
        int status = List.of("unset", "ok", "error").indexOf(f[6]);
        return new Span(new TraceId(0, Long.parseLong(f[0])), Long.parseLong(f[1]), f[2].equals("-") ? 0 : Long.parseLong(f[2]), "", 0,
                f[4].replace('_', ' '), kind, start, start + Long.parseLong(f[8]) * 1_000_000L, attrs, 0, events, 0, links, 0, status,
                statusMessage, new Resource(res, 0, ""), new Scope(scope, "1.0", List.of(), 0, ""));
    }

    private static AttrValue value(String s) {
        if (s.equals("true") || s.equals("false")) {
            return AttrValue.bool(Boolean.parseBoolean(s));
        }
        try {
            return AttrValue.integer(Long.parseLong(s));
        } catch (NumberFormatException e) {
            try {
                if (s.contains(".")) {
                    return AttrValue.dbl(Double.parseDouble(s));
                }
            } catch (NumberFormatException e2) {
                // a string after all
            }
        }
        return AttrValue.string(s);
    }
}
