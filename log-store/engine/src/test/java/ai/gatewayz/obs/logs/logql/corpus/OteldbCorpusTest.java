package ai.gatewayz.obs.logs.logql.corpus;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.logql.LogqlRequest;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.logs.logql.parser.Parser;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.memory.MemoryLogStorage;
import ai.gatewayz.obs.testkit.Peers;
import ai.gatewayz.obs.testkit.TestClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * oteldb's LogQL corpora (../shared/corpora/logql-oteldb, see its SOURCE.md) against our parser
 * and engine: the parser verdicts of PARSER-CASES.tsv, the constant folding of
 * SCALAR-FOLDING.tsv, and the 2,408 expanded compliance queries, each parsed and run over a data
 * set generated as oteldb's compliance tester generates it, checking that it succeeds and is
 * empty exactly when the corpus says so (the corpus has no reference answers; values need a
 * reference Loki). Where oteldb differs from Loki, Loki's behaviour is asserted and the case is
 * listed in src/test/resources/logql/OTELDB-KNOWN.tsv with the reason; a listed case that starts
 * passing fails, so the list stays true. Pass rates are in docs/log-store-logql-corpora.md.
 */
class OteldbCorpusTest {
    private static final LogqlEngine ENGINE = new LogqlEngine();

    private static Path corpus() {
        return Peers.corpus("logql-oteldb");
    }

    private static Map<String, String> known() throws IOException {
        Map<String, String> out = new HashMap<>();
        try (InputStream in = OteldbCorpusTest.class.getResourceAsStream("/logql/OTELDB-KNOWN.tsv")) {
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] c = l.split("\t", 2);
                if (c.length == 2 && !c[0].equals("case")) {
                    out.put(c[0], c[1]);
                }
            }
        }
        return out;
    }

    /** Rows of one of the corpus's TSV files, header skipped, fields unescaped (SOURCE.md "TSV escaping"). */
    static List<String[]> tsv(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                continue;
            }
            String[] f = lines.get(i).split("\t", -1);
            for (int j = 0; j < f.length; j++) {
                f[j] = unescape(f[j]);
            }
            rows.add(f);
        }
        return rows;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** A case that must pass unless listed as a known difference; a listed case must still fail. */
    private static DynamicTest check(String id, String name, Map<String, String> known, Runnable body) {
        String reason = known.get(id);
        return DynamicTest.dynamicTest(id + " " + name.replace('\n', ' '), () -> {
            AssertionError failure = null;
            try {
                body.run();
            } catch (AssertionError e) {
                failure = e;
            }
            if (reason == null) {
                if (failure != null) {
                    throw failure;
                }
            } else {
                Assertions.assertNotNull(failure, () -> id + " is listed in OTELDB-KNOWN.tsv (" + reason + ") but passes: remove it");
                Assumptions.abort(reason);
            }
        });
    }

    private static String verdict(Runnable r) {
        try {
            r.run();
            return "ok";
        } catch (SuiteException e) {
            return "error";
        }
    }

    @TestFactory
    Stream<DynamicTest> parserCases() throws IOException {
        Map<String, String> known = known();
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] r : tsv(corpus().resolve("PARSER-CASES.tsv"))) {
            String id = "parser:" + r[0];
            String api = r[1];
            String expect = r[2];
            String detail = r[3];
            String query = r[5];
            tests.add(check(id, query, known, () -> {
                switch (api) {
                    case "parse" -> Assertions.assertEquals(expect, verdict(() -> Parser.parse(query)), query);
                    case "parse_selector" -> Assertions.assertEquals(expect, verdict(() -> Parser.parseSelector(query)), query);
                    case "extract_selectors" -> {
                        Assertions.assertEquals(expect, verdict(() -> Parser.parse(query)), query);
                        if (expect.equals("ok")) {
                            List<LabelMatcher> first = Parser.streamMatchers(query);
                            String want = detail.equals("selectors: none") ? "[]"
                                    : "[" + detail.substring("selectors: ".length()).split("}")[0].substring(1).replace("\"", "") + "]";
                            List<String> got = new ArrayList<>();
                            first.forEach(m -> got.add(m.name() + "=" + m.value()));
                            Assertions.assertEquals(want, got.toString().replace(" ", ""), query);
                        }
                    }
                    default -> throw new IllegalStateException("unknown api " + api);
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> scalarFolding() throws IOException {
        Map<String, String> known = known();
        List<DynamicTest> tests = new ArrayList<>();
        MemoryLogStorage empty = new MemoryLogStorage(TestClock.atMillis(0));
        for (String[] r : tsv(corpus().resolve("SCALAR-FOLDING.tsv"))) {
            String id = "scalar:" + r[0];
            String kind = r[1];
            String query = r[3];
            tests.add(check(id, query, known, () -> {
                LogqlResult res;
                try (LogQuerier q = empty.querier()) {
                    res = ENGINE.evaluate(q, new LogqlRequest(query, 1_000_000_000L, 1_000_000_000L, 0, Direction.BACKWARD, 100));
                }
                if (kind.equals("constant")) {
                    LogqlResult.Scalar s = Assertions.assertInstanceOf(LogqlResult.Scalar.class, res, query);
                    double want = Double.parseDouble(r[2]);
                    if (Double.isNaN(want)) {
                        Assertions.assertTrue(Double.isNaN(s.value()), () -> query + ": want NaN, got " + s.value());
                    } else {
                        Assertions.assertEquals(want, s.value(), Math.abs(want) * 1e-12, query);
                    }
                } else {
                    LogqlResult.Vector v = Assertions.assertInstanceOf(LogqlResult.Vector.class, res, query);
                    Assertions.assertEquals(1, v.samples().size(), query);
                    Assertions.assertEquals(0.0, v.samples().get(0).value(), query);
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> complianceQueries() throws IOException {
        Map<String, String> known = known();
        long end = Instant.parse("2026-08-22T10:50:00Z").toEpochMilli() * 1_000_000L;
        long start = end - 60_000_000_000L;
        MemoryLogStorage storage = new MemoryLogStorage(TestClock.atMillis(end / 1_000_000));
        generate(storage, start, end, new Random(42));
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] r : tsv(corpus().resolve("compliance/expanded-queries.tsv"))) {
            String id = "compliance:" + r[0];
            boolean shouldBeEmpty = Boolean.parseBoolean(r[3]);
            String query = r[5];
            tests.add(check(id, query, known, () -> {
                Parser.parse(query);
                LogqlResult res;
                try (LogQuerier q = storage.querier()) {
                    res = ENGINE.evaluate(q, new LogqlRequest(query, start, end, 10_000_000_000L, Direction.FORWARD, 5000));
                } catch (SuiteException e) {
                    throw new AssertionError("query failed: " + e.getMessage(), e);
                }
                Assertions.assertEquals(shouldBeEmpty, empty(res), () -> query + (shouldBeEmpty ? " should be empty" : " should not be empty"));
            }));
        }
        return tests.stream();
    }

    private static boolean empty(LogqlResult r) {
        return switch (r) {
            case LogqlResult.Streams s -> s.streams().stream().allMatch(x -> x.entries().isEmpty());
            case LogqlResult.Matrix m -> m.series().stream().allMatch(x -> x.values().length == 0);
            case LogqlResult.Vector v -> v.samples().isEmpty();
            case LogqlResult.Scalar s -> false;
        };
    }

    // ------------------------------------------------------------------ data, as compliance/HOWTO.md §1.3 describes it

    private static final String[] LEVELS = {"Trace", "Debug", "Info", "Warn", "Error", "Fatal"};
    private static final String[] PROTOCOLS = {"1.0", "1.1", "2.0"};
    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};
    private static final int[] STATUSES = {200, 201, 204, 400, 401, 403, 404, 405, 406, 415, 500, 501};
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    static void generate(MemoryLogStorage storage, long start, long end, Random rnd) {
        long from = Math.floorDiv(start, 1_000_000_000L) * 1_000_000_000L - 30_000_000_000L;
        long to = Math.floorDiv(end, 1_000_000_000L) * 1_000_000_000L + 30_000_000_000L;
        LogAppender a = storage.appender();
        for (long tick = from; tick <= to; tick += 1_000_000_000L) {
            for (int k = 0; k < 5; k++) {
                long ts = tick + k * 100_000L;
                Labels stream = Labels.of("filename", "log" + (1 + rnd.nextInt(3)) + ".json", "job", "varlogs");
                a.append(stream, LogEntry.of(ts, line(ts, rnd)));
            }
        }
        a.commit();
    }

    private static String line(long ts, Random rnd) {
        Instant t = Instant.ofEpochSecond(0, ts);
        String goTime = GO_TIME.format(t).replaceAll("\\.?0+$", "") + " +0000 UTC";
        long tookNanos = 1_000_000L + (long) (rnd.nextDouble() * 1_800_000_000_000L);
        long size = 1025 + rnd.nextInt(1_049_600 - 1025);
        return "{\"ts\":\"" + goTime + "\",\"level\":\"" + LEVELS[rnd.nextInt(LEVELS.length)] + "\",\"protocol\":\""
                + PROTOCOLS[rnd.nextInt(PROTOCOLS.length)] + "\",\"method\":\"" + METHODS[rnd.nextInt(METHODS.length)]
                + "\",\"client_ip\":\"" + (1 + rnd.nextInt(254)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "."
                + (1 + rnd.nextInt(254)) + "\",\"remote_ip\":\"127.0.0.1\",\"remote_port\":" + (1024 + rnd.nextInt(60000))
                + ",\"status\":" + STATUSES[rnd.nextInt(STATUSES.length)] + ",\"took\":\"" + goDuration(tookNanos)
                + "\",\"size\":\"" + siBytes(size) + "\",\"span_id\":\"" + hex(rnd, 16) + "\",\"trace_id\":\"" + hex(rnd, 32) + "\"}";
    }

    private static String hex(Random rnd, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(Character.forDigit(rnd.nextInt(16), 16));
        }
        return b.toString();
    }

    /** Go's time.Duration.String for positive durations of at least a millisecond. */
    static String goDuration(long ns) {
        if (ns < 1_000_000_000L) {
            return trim(String.format(Locale.ROOT, "%d.%06d", ns / 1_000_000, ns % 1_000_000)) + "ms";
        }
        long h = ns / 3_600_000_000_000L;
        long m = ns / 60_000_000_000L % 60;
        long s = ns / 1_000_000_000L % 60;
        String sec = trim(String.format(Locale.ROOT, "%d.%09d", s, ns % 1_000_000_000L)) + "s";
        return (h > 0 ? h + "h" + m + "m" : m > 0 ? m + "m" : "") + sec;
    }

    private static String trim(String fixed) {
        return fixed.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** go-humanize's Bytes: SI units, one decimal below 10. */
    static String siBytes(long b) {
        String[] units = {"B", "kB", "MB", "GB"};
        double v = b;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return (v < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v)) + " " + units[u];
    }
}
