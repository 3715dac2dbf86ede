package ai.gatewayz.obs.logs.logql.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.logql.LogqlRequest;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.memory.MemoryLogStorage;
import ai.gatewayz.obs.testkit.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Mutated and random LogQL never crashes the engine: every query either answers or is rejected
 * with a {@link SuiteException} of a client kind (bad data → 400, execution limit → 422) whose
 * message is Loki-style: not blank, no Java fault text (exception names, {@code null}), and a
 * parse error in Loki's {@code parse error at line L, col C: …} or {@code parse error : …} form. Deterministic:
 * fixed seeds, so a failure names a query that reproduces.
 */
public class LogqlFuzzTest {
    /** Well-formed queries covering the grammar; mutations start from these. */
    public static final List<String> SEEDS = List.of(
            "{app=\"api\"}",
            "{app=~\"api|db\", env!=\"dev\"} |= \"GET\" != \"health\" |~ `5\\d\\d` !~ \"(?i)debug\"",
            "{app=\"api\"} |> \"<_> GET <path> <_>\" !> \"<_>health<_>\" or \"x\"",
            "{app=\"api\"} | json | status >= 500 and duration > 10ms or size < 1KB",
            "{app=\"api\"} | json user=\"user.id\", s=`status` | line_format \"{{.user | upper}} {{ __line__ }}\"",
            "{app=\"api\"} | logfmt --strict --keep-empty | label_format who=user, lvl=\"{{ .level | ToLower }}\"",
            "{app=\"api\"} | regexp \"(?P<method>\\\\w+) (?P<path>\\\\S+)\" | keep method, path | drop __error__",
            "{app=\"api\"} | pattern \"<ip> - <_> \\\"<method> <uri>\\\" <status>\" | unpack | decolorize",
            "{app=\"api\"} |= ip(\"10.0.0.0/8\") | addr = ip(\"192.168.0.1-192.168.0.9\")",
            "sum by (level) (count_over_time({app=\"api\"} | json | drop __error__, __error_details__ [5m]))",
            "rate({app=\"api\"}[1m] offset 5m) > bool 0.5",
            "quantile_over_time(0.99, {app=\"api\"} | json | unwrap duration(latency) | __error__=\"\" [5m]) by (route)",
            "topk(3, sum by (pod) (bytes_rate({app=\"api\"}[5m]))) / on(pod) group_left bottomk(2, rate({app=\"db\"}[1m]))",
            "label_replace(avg_over_time({app=\"api\"} | logfmt | unwrap bytes(size) [1h]), \"d\", \"$1\", \"pod\", \"(.*)\")",
            "sort_desc(sum without (pod) (rate_counter({app=\"api\"} | logfmt | unwrap n [1m])))",
            "vector(1) + 2 * -3 ^ 2 % 4 and on() absent_over_time({app=\"x\"}[1m]) unless vector(0)",
            "first_over_time({app=\"api\"} | json | unwrap ts [1m]) - last_over_time({app=\"api\"} | json | unwrap ts [1m])",
            "stddev_over_time({app=\"api\"} | logfmt | unwrap latency | latency > 1.5e3 [10m]) by (host)");

    private static final String[] FRAGMENTS = {"{", "}", "(", ")", "[", "]", "\"", "`", "|", "|=", "!=", "|~", "!~", "|>", "=~",
            "=", "==", ",", " ", "by", "without", "on", "ignoring", "group_left", "sum", "rate", "count_over_time", "json",
            "logfmt", "unwrap", "[5m]", "offset", "1e308", "-", "+", "*", "/", "^", "%", "bool", "and", "or", "unless",
            "\\", "\\u", "{{", "}}", ".", "5m", "10KB", "ip(", "__error__", "label_format", "line_format", "(?P<", "<_>", "\n",
            "0x", "NaN", "Inf", "9999999999999999999", "topk(", "quantile_over_time(", "vector(", "ü", "\u0000", "$1"};

    /** Traces of a Java fault leaking into a client's message: a Loki-style message has none. */
    private static final Pattern JAVA_LEAK = Pattern.compile("Exception|java\\.|\\bnull\\b|\\$Lambda|\\bat ai\\.");

    static MemoryLogStorage storage() {
        MemoryLogStorage s = new MemoryLogStorage(TestClock.atMillis(3_600_000));
        LogAppender a = s.appender();
        for (int i = 0; i < 200; i++) {
            a.append(Labels.of("app", i % 2 == 0 ? "api" : "db", "pod", "p" + (i % 5)), LogEntry.of(i * 15_000_000_000L,
                    i % 3 == 0 ? "{\"status\":" + (200 + i % 4 * 100) + ",\"latency\":\"" + i + "ms\",\"user\":{\"id\":\"u" + i + "\"}}"
                            : "level=info latency=" + i + " size=" + i + "KB n=" + i + " GET /api/" + i + " \u001b[31mred\u001b[0m"));
        }
        a.commit();
        return s;
    }

    /** One random mutation (delete, insert a fragment, duplicate, swap, truncate, splice two seeds) of {@code q}. */
    public static String mutate(String q, Random r) {
        StringBuilder b = new StringBuilder(q);
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = b.isEmpty() ? 0 : r.nextInt(b.length() + 1);
            switch (r.nextInt(6)) {
                case 0 -> {
                    if (!b.isEmpty()) {
                        int end = Math.min(b.length(), at + 1 + r.nextInt(4));
                        b.delete(Math.min(at, b.length()), end);
                    }
                }
                case 1 -> b.insert(at, FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
                case 2 -> {
                    int from = r.nextInt(b.length() + 1);
                    int to = Math.min(b.length(), from + r.nextInt(12));
                    b.insert(at, b.substring(from, to));
                }
                case 3 -> {
                    if (b.length() > 1) {
                        int i = r.nextInt(b.length() - 1);
                        char c = b.charAt(i);
                        b.setCharAt(i, b.charAt(i + 1));
                        b.setCharAt(i + 1, c);
                    }
                }
                case 4 -> b.setLength(at);
                default -> {
                    String other = SEEDS.get(r.nextInt(SEEDS.size()));
                    b.insert(at, other.substring(r.nextInt(other.length())));
                }
            }
        }
        return b.toString();
    }

    /** Null when the outcome is acceptable, else what went wrong. */
    static String run(LogqlEngine engine, MemoryLogStorage s, String q, boolean instant) {
        try (LogQuerier querier = s.querier()) {
            LogqlRequest req = instant ? new LogqlRequest(q, 3_000_000_000_000L, 3_000_000_000_000L, 0, Direction.BACKWARD, 100)
                    : new LogqlRequest(q, 0, 3_000_000_000_000L, 60_000_000_000L, Direction.FORWARD, 100);
            engine.evaluate(querier, req);
            return null;
        } catch (SuiteException e) {
            if (e.kind() != ErrorKind.BAD_DATA && e.kind() != ErrorKind.EXECUTION) {
                return "kind " + e.kind() + ": " + e.getMessage();
            }
            if (e.getMessage() == null || e.getMessage().isBlank() || JAVA_LEAK.matcher(e.getMessage()).find()
                    || e.getMessage().startsWith("parse error") && !e.getMessage().startsWith("parse error at line ")
                    && !e.getMessage().startsWith("parse error : ")) {
                return "not a Loki-style message: " + e.getMessage();
            }
            return null;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return e.toString();
        }
    }

    @Test
    void mutatedQueriesAnswerOrAreRejectedAsBadQueries() {
        LogqlEngine engine = new LogqlEngine();
        MemoryLogStorage s = storage();
        for (String seed : SEEDS) {
            assertThat(run(engine, s, seed, false)).as("seed %s", seed).isNull();
        }
        Random r = new Random(13);
        List<String> problems = new ArrayList<>();
        int rejected = 0;
        for (int i = 0; i < 6000; i++) {
            String q = mutate(SEEDS.get(r.nextInt(SEEDS.size())), r);
            String p = run(engine, s, q, i % 2 == 0);
            if (p != null) {
                problems.add(q.replace("\n", "\\n") + "  =>  " + p);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void randomBytesAndDeepNestingAreRejectedNotCrashed() {
        LogqlEngine engine = new LogqlEngine();
        MemoryLogStorage s = storage();
        Random r = new Random(7);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(60);
            for (int j = 0; j < n; j++) {
                b.append(r.nextInt(4) == 0 ? FRAGMENTS[r.nextInt(FRAGMENTS.length)] : String.valueOf((char) (32 + r.nextInt(95))));
            }
            String p = run(engine, s, b.toString(), true);
            if (p != null) {
                problems.add(b + "  =>  " + p);
            }
        }
        for (String deep : List.of("(".repeat(20_000) + "vector(1)" + ")".repeat(20_000), "-".repeat(50_000) + "1",
                "sum(".repeat(5_000) + "rate({a=\"b\"}[1m])" + ")".repeat(5_000), "{a=\"b\"}" + " |= \"x\"".repeat(20_000),
                "{a=\"" + "\\".repeat(10_001) + "\"}")) {
            String p = run(engine, s, deep, true);
            if (p != null) {
                problems.add(deep.substring(0, 30) + "… (" + deep.length() + " chars)  =>  " + p);
            }
        }
        assertThat(problems).isEmpty();
    }
}
