package ai.gatewayz.obs.traces.traceql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.testkit.Peers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * traceql-oteldb PARSER-CASES.tsv: every case outside the skip list (parser-skips.txt beside
 * this test, each with its reason) gets the expected verdict; the pass rate is printed. Queries
 * naming a metrics function go to the metrics parser, the rest to the search parser (as the
 * server routes them to /api/metrics and /api/search).
 */
class ParserCorpusTest {
    @Test
    void parserCasesMatchTheirVerdicts() throws IOException {
        List<String> lines = Files.readAllLines(Peers.corpus("traceql-oteldb").resolve("PARSER-CASES.tsv"), StandardCharsets.UTF_8);
        Map<String, String> skips = skips();
        List<String> failures = new ArrayList<>();
        int passed = 0;
        int skipped = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            String id = f[0];
            String table = f[1];
            String expect = f[2];
            String query = unescape(f[5]);
            if (skips.containsKey(id) || skips.containsKey("table:" + table)) {
                skipped++;
                continue;
            }
            String verdict;
            try {
                if (MetricsQuery.isMetrics(query)) {
                    MetricsQuery.parse(query);
                } else {
                    TraceqlQuery.parse(query);
                }
                verdict = "ok";
            } catch (SuiteException e) {
                assertEquals(ErrorKind.BAD_DATA, e.kind(), query);
                verdict = "error";
            } catch (RuntimeException e) {
                throw new AssertionError("case " + id + " crashed the parser: " + query, e);
            }
            boolean wantOk = expect.equals("ok");
            if (wantOk == verdict.equals("ok")) {
                passed++;
            } else {
                failures.add(id + " (" + table + ", want " + expect + "): " + query);
            }
        }
        System.out.printf("TraceQL parser corpus: %d/%d passed, %d skipped (see parser-skips.txt)%n", passed, passed + failures.size(),
                skipped);
        assertEquals(List.of(), failures);
    }

    static Map<String, String> skips() throws IOException {
        return skipsFrom("parser-skips.txt");
    }

    static Map<String, String> skipsFrom(String file) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = ParserCorpusTest.class.getResourceAsStream(file)) {
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank() && !l.startsWith("#")) {
                    String[] p = l.split("\\s+", 2);
                    out.put(p[0], p.length > 1 ? p[1] : "");
                }
            }
        }
        return out;
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
