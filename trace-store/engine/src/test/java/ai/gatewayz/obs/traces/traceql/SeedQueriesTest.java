package ai.gatewayz.obs.traces.traceql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.testkit.Peers;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every TraceQL query of the seed's dashboards (seed-queries.jsonl, language traceql) parses, or
 * is listed in seed-skips.txt with the known defect its 400 names.
 */
class SeedQueriesTest {
    @Test
    void seedTraceqlParses() throws Exception {
        Map<String, String> known = ParserCorpusTest.skipsFrom("seed-skips.txt");
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(Peers.shared("seed/seed-queries.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            if (!"traceql".equals(o.get("language").getAsString())) {
                continue;
            }
            n++;
            String expr = o.get("expr").getAsString();
            try {
                if (MetricsQuery.isMetrics(expr)) {
                    MetricsQuery.parse(expr);
                } else {
                    TraceqlQuery.parse(expr);
                }
                if (known.containsKey(Integer.toString(n))) {
                    failures.add(n + " is listed as rejected but parses: " + expr);
                }
            } catch (SuiteException e) {
                if (!known.containsKey(Integer.toString(n))) {
                    failures.add(n + " " + expr + " -> " + e.getMessage());
                }
            }
        }
        System.out.printf("seed TraceQL queries: %d checked%n", n);
        assertEquals(List.of(), failures);
    }
}
