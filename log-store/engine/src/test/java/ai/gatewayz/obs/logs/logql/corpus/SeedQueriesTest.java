package ai.gatewayz.obs.logs.logql.corpus;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.logql.LogqlRequest;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.memory.MemoryLogStorage;
import ai.gatewayz.obs.testkit.Peers;
import ai.gatewayz.obs.testkit.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Every LogQL query of the seed (../shared/seed/seed-queries.jsonl, language logql: dashboards,
 * alert queries, Loki recording rules, template variables), with Grafana's variables
 * interpolated, either parses and runs as a range query over GatewayZ-like logs, or, when the
 * seed lists a parse-error defect for it, is rejected as a bad query (never a crash). The outcome
 * of each is written to target/seed-logql-queries.md, the source of
 * docs/log-store-seed-queries.md.
 */
class SeedQueriesTest {
    private static final long END = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
    private static final LogqlEngine ENGINE = new LogqlEngine();

    /** Grafana's interpolation of the variables the seed's LogQL uses, with representative values. */
    private static final Map<String, String> VARIABLES = new LinkedHashMap<>();

    static {
        VARIABLES.put("${__interval}", "1m");
        VARIABLES.put("$__interval", "1m");
        VARIABLES.put("${__range}", "1h");
        VARIABLES.put("$__range", "1h");
        VARIABLES.put("$__auto", "1m");
        VARIABLES.put("${app}", "gatewayz-api");
        VARIABLES.put("$app", "gatewayz-api");
        VARIABLES.put("${environment}", "production");
        VARIABLES.put("$environment", "production");
        VARIABLES.put("${search}", "error");
        VARIABLES.put("$search", "error");
        VARIABLES.put("${provider}", "openai");
        VARIABLES.put("$provider", "openai");
        VARIABLES.put("${model}", "gpt-4o");
        VARIABLES.put("$model", "gpt-4o");
        VARIABLES.put("${log_level}", "error");
        VARIABLES.put("$log_level", "error");
        VARIABLES.put("${level}", "error");
        VARIABLES.put("$level", "error");
    }

    record Row(int line, String source, String where, String kind, String expr, List<String> issues) {
        boolean knownParseError() {
            return issues.stream().anyMatch(i -> i.contains("(parse error"));
        }
    }

    static List<Row> rows(Path file) throws IOException {
        List<Row> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        JsonFactory f = new JsonFactory();
        for (int n = 0; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            List<String> issues = new ArrayList<>();
            try (JsonParser p = f.createParser(ObjectReadContext.empty(), lines.get(n))) {
                p.nextToken();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if (name.equals("known_issues") && t == JsonToken.START_ARRAY) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            issues.add(p.getString());
                        }
                    } else if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                        p.skipChildren();
                    } else {
                        fields.put(name, p.getString());
                    }
                }
            }
            if ("logql".equals(fields.get("language"))) {
                out.add(new Row(n + 1, fields.get("source_file"), fields.get("dashboard_or_group") + " / " + fields.get("panel_or_rule"),
                        fields.get("kind"), fields.getOrDefault("expr", ""), issues));
            }
        }
        return out;
    }

    static String interpolate(String expr) {
        String s = expr;
        for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
            s = s.replace(v.getKey(), v.getValue());
        }
        return s;
    }

    private static MemoryLogStorage gatewayzLogs() {
        MemoryLogStorage s = new MemoryLogStorage(TestClock.atMillis(END / 1_000_000));
        LogAppender a = s.appender();
        String[] levels = {"INFO", "WARNING", "ERROR"};
        for (int i = 0; i < 600; i++) {
            long t = END - 3_600_000_000_000L + i * 6_000_000_000L;
            String level = levels[i % 3];
            Labels stream = Labels.of("app", "gatewayz-api", "environment", "production", "service", "gatewayz-api",
                    "level", level, "service_name", "gatewayz-api");
            String line = "{\"timestamp\":\"2025-12-31T23:00:00Z\",\"level\":\"" + level + "\",\"logger\":\"src.routes.chat\","
                    + "\"message\":\"" + (level.equals("ERROR") ? "ERROR provider openai failed status=502" : "request done")
                    + "\",\"provider\":\"openai\",\"model\":\"gpt-4o\",\"status_code\":" + (level.equals("ERROR") ? 502 : 200)
                    + ",\"duration\":" + (0.1 + i % 7) + ",\"tokens\":" + (100 + i) + ",\"user_id\":\"u" + (i % 5) + "\"}";
            a.append(stream, LogEntry.of(t, line));
        }
        a.commit();
        return s;
    }

    @TestFactory
    Stream<DynamicTest> everySeedLogqlQueryParsesAndRunsOrNamesItsDefect() throws IOException {
        List<Row> rows = rows(Peers.shared("seed/seed-queries.jsonl"));
        Assertions.assertEquals(136, rows.size(), "LogQL queries in the seed");
        MemoryLogStorage storage = gatewayzLogs();
        StringBuilder report = new StringBuilder("| seed line | kind | where | query (interpolated) | outcome |\n|---|---|---|---|---|\n");
        List<DynamicTest> tests = new ArrayList<>();
        for (Row r : rows) {
            String query = interpolate(r.expr());
            String outcome;
            String failure = null;
            if (query.isBlank()) {
                outcome = "empty (a label_values variable without a query): nothing to run";
            } else {
                String error = null;
                try (LogQuerier q = storage.querier()) {
                    ENGINE.evaluate(q, new LogqlRequest(query, END - 3_600_000_000_000L, END, 60_000_000_000L, Direction.BACKWARD, 100));
                } catch (SuiteException e) {
                    error = e.getMessage();
                }
                if (r.knownParseError()) {
                    outcome = error == null ? "runs, although the seed lists a parse error" : "rejected (known defect: "
                            + String.join("; ", r.issues()) + "): " + error;
                    if (error == null || !error.startsWith("parse error")) {
                        failure = "seed line " + r.line() + " is listed with a parse-error defect but " + (error == null ? "runs" : "failed with " + error);
                    }
                } else {
                    outcome = error == null ? "parses and runs" : "FAILS: " + error;
                    if (error != null) {
                        failure = "seed line " + r.line() + ": " + query + "\n" + error;
                    }
                }
            }
            report.append("| ").append(r.line()).append(" | ").append(r.kind()).append(" | ").append(cell(r.where()))
                    .append(" | `").append(cell(query.replace("\n", " "))).append("` | ").append(cell(outcome)).append(" |\n");
            String f = failure;
            tests.add(DynamicTest.dynamicTest("seed:" + r.line() + " " + query.replace('\n', ' '), () -> Assertions.assertNull(f, f)));
        }
        Path out = Path.of("target", "seed-logql-queries.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        return tests.stream();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("`", "'");
    }
}
