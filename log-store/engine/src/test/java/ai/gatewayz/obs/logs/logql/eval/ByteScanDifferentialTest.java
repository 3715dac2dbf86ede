package ai.gatewayz.obs.logs.logql.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.logs.logql.LogqlEngine;
import ai.gatewayz.obs.logs.logql.LogqlOptions;
import ai.gatewayz.obs.logs.logql.LogqlRequest;
import ai.gatewayz.obs.logs.logql.LogqlResult;
import ai.gatewayz.obs.logs.storage.Direction;
import ai.gatewayz.obs.logs.storage.LogAppender;
import ai.gatewayz.obs.logs.storage.LogEntry;
import ai.gatewayz.obs.logs.storage.LogQuerier;
import ai.gatewayz.obs.logs.storage.LogStorage;
import ai.gatewayz.obs.logs.storage.disk.DiskLogStorage;
import ai.gatewayz.obs.logs.storage.disk.DiskStorageOptions;
import ai.gatewayz.obs.logs.storage.memory.MemoryLogStorage;
import ai.gatewayz.obs.testkit.TestClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The byte path of metric queries ({@code ScanPlan}, chunks scanned into reused buffers) against the
 * String pipeline on the same data: every query must answer the same, or fail with the same error.
 * The lines are chosen at the edges of the byte JSON reader and the byte line filters (escapes,
 * {@code \\u}, nested and duplicate keys, empty and null values, sanitised keys, number forms that
 * only Java's parser accepts, broken objects, non-ASCII text and the Kelvin sign), with structured
 * metadata that shadows index labels and json fields. The disk storage holds blocks with small
 * chunks, a head that overlaps them in time (the merge path) and streams only in blocks; the byte
 * path runs on one thread and on four (parts shared out, results merged).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ByteScanDifferentialTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long MIN = 60_000_000_000L;

    @TempDir
    static Path dir;

    private DiskLogStorage disk;
    private MemoryLogStorage memory;

    private static final String[] LINES = {
        "{\"status\":500,\"msg\":\"upstream failed\",\"latency\":\"1.5s\",\"size\":\"3KB\",\"addr\":\"10.0.0.1\"}",
        "{\"status\":200,\"msg\":\"ok\",\"latency\":\"20ms\",\"size\":\"120B\",\"addr\":\"192.168.1.9\",\"trace_id\":\"t-json\"}",
        "{\"status\":\"503\",\"msg\":\"quoted \\\"status\\\"\"}",
        "{\"status\":\"\",\"msg\":\"empty status\"}",
        "{\"status\":null,\"msg\":\"null status\"}",
        "{\"status\":502,\"status\":200,\"msg\":\"duplicate key, first wins\"}",
        "{\"a\":{\"status\":501,\"b\":{\"c\":\"deep\"}},\"status\":404}",
        "{\"http-status\":503,\"1st\":\"digit key\",\"x.y\":\"dotted\"}",
        "{\"status\":5e2,\"n\":-1.25E-3}",
        "{\"status\":01}",
        "{\"status\":1f}",
        "{\"status\":-Infinity}",
        "{\"status\":\"50\\u0030\"}",
        "{\"msg\":\"caf\u00e9 \\u00e9\",\"status\":500}",
        "{\"st\\u0061tus\":500}",
        "{\"arr\":[1,{\"status\":500},\"x\"],\"status\":\"500\"}",
        "  { \"status\" : 500 , \"msg\" : \"spaced\" }  ",
        "{\"status\":500} trailing",
        "{\"status\":500",
        "{\"status\":\"unterminated",
        "{\"status\":tru}",
        "{\"status\":\"bad \\x escape\"}",
        "{\"__error__\":\"from json\",\"status\":500}",
        "{\"level\":\"error\",\"app\":\"json-app\",\"status\":599}",
        "{}",
        "[1,2,3]",
        "time=2024 level=error msg=\"upstream failed\" status=500 needle",
        "Traceback (most recent call last):\n  File \"x.py\", line 1\nUpstreamError: status=500 NEEDLE",
        "plain line with NeEdLe in mixed case",
        "the \u212Aelvin sign folds to k",
        "kelvin in ascii",
        "needle\u00e9 with an accent",
        "10.0.0.1 - - GET /health 200",
        "",
    };

    @BeforeAll
    void load() {
        DiskStorageOptions opts = DiskStorageOptions.defaults().withChunkTargetBytes(700);
        Path d = dir.resolve("disk");
        disk = DiskLogStorage.open("t", d, opts, TestClock.atMillis(T0 / 1_000_000L));
        memory = new MemoryLogStorage(TestClock.atMillis(T0 / 1_000_000L));
        List<Labels> streams = List.of(Labels.of("app", "a", "level", "info"), Labels.of("app", "a", "level", "error"),
                Labels.of("app", "b", "level", "info"), Labels.of("app", "b", "status", "200"), Labels.of("app", "c"));
        Random r = new Random(7);
        // three rounds: blocks, then a head overlapping them in time, and stream c only in blocks
        for (int round = 0; round < 3; round++) {
            LogAppender da = disk.appender();
            LogAppender ma = memory.appender();
            for (int i = 0; i < 600; i++) {
                Labels s = streams.get(r.nextInt(round == 2 ? streams.size() - 1 : streams.size()));
                long ts = T0 + r.nextInt(120) * MIN + r.nextInt(1000);
                String line = LINES[r.nextInt(LINES.length)];
                Labels md = switch (r.nextInt(6)) {
                    case 0 -> Labels.of("trace_id", "t-" + r.nextInt(3));
                    case 1 -> Labels.of("status", "418");
                    case 2 -> Labels.of("level", "meta-level", "msg", "from metadata");
                    default -> Labels.EMPTY;
                };
                LogEntry e = new LogEntry(ts, line, md);
                da.append(s, e);
                ma.append(s, e);
            }
            da.commit();
            ma.commit();
            if (round < 2) {
                disk.flush();
            }
        }
    }

    @AfterAll
    void close() {
        disk.close();
    }

    static Stream<String> queries() {
        return Stream.of(
                "sum(count_over_time({app=~\".+\"} |= \"needle\" [30m]))",
                "sum by (app) (count_over_time({app=~\".+\"} |~ \"(?i)needle\" [30m]))",
                "count_over_time({app=~\".+\"} |~ \"(?i)kelvin\" [30m])",
                "count_over_time({app=~\".+\"} !~ \"(?i)NEEDLE\" [30m])",
                "sum(count_over_time({app=~\".+\"} | json | __error__=\"\" | status >= 500 [30m]))",
                "sum(count_over_time({app=~\".+\"} | json | status >= 500 [30m]))",
                "sum by (status) (count_over_time({app=~\".+\"} | json | __error__=\"\" [30m]))",
                "sum by (level, app) (count_over_time({app=~\".+\"} | json | __error__=\"\" [30m]))",
                "sum by (a_status, a_b_c) (count_over_time({app=~\".+\"} | json | __error__=\"\" | a_status != \"\" [30m]))",
                "sum by (http_status, _1st, x_y) (count_over_time({app=~\".+\"} | json | __error__=\"\" [30m]))",
                "sum by (trace_id) (count_over_time({app=~\".+\"} | json | __error__=\"\" | trace_id=~\"t.*\" [30m]))",
                "sum by (msg) (count_over_time({app=~\".+\"} | json | __error__=\"\" [30m]))",
                "sum(bytes_over_time({app=~\".+\"} != \"x\" [30m]))",
                "sum by (app) (rate({app=~\".+\"} |= \"\u00e9\" [30m]))",
                "count_over_time({app=~\".+\"} | status=\"500\" [30m])",
                "sum by (status) (count_over_time({app=~\".+\"} | status=~\"4.*\" [30m]))",
                "sum(count_over_time({app=~\".+\"} | json | __error__=\"\" | latency > 1s [30m]))",
                "sum(count_over_time({app=~\".+\"} | json | __error__=\"\" | size > 1KB [30m]))",
                "sum(count_over_time({app=~\".+\"} | json | status >= 500 or __error__!=\"\" [30m]))",
                "sum(count_over_time({app=~\".+\"} | json | __error__=\"\" | addr = ip(\"10.0.0.0/8\") [30m]))",
                "sum(count_over_time({app=~\".+\"} |= ip(\"10.0.0.1\") [30m]))",
                "sum(count_over_time({app=~\".+\"} |> \"<_> status=<_>\" [30m]))",
                "sum(count_over_time({app=~\".+\"} |~ \"sta.us\" [30m]))",
                "sum by (level) (count_over_time({app=~\".+\"} |= \"needle\" or \"status\" [30m]))",
                "sum without (level) (count_over_time({app=~\".+\"} |= \"status\" [30m]))",
                "sum by (level) (count_over_time({app=~\".+\"} | level=\"error\" | json | __error__=\"\" [30m]))",
                "sum(count_over_time({app=~\".+\"} | json | __error__=\"JSONParserErr\" [30m]))",
                "absent_over_time({app=\"a\"} |= \"nothing matches this\" [30m])",
                "sum(count_over_time({app=~\".+\"} | json | status > 100 | status < 600 | __error__=\"\" [30m]))");
    }

    @ParameterizedTest
    @MethodSource("queries")
    void byteScanAnswersAsTheStringPipeline(String query) {
        for (LogStorage s : List.of(disk, memory)) {
            for (long step : new long[] {0, 7 * MIN}) {
                long start = step == 0 ? T0 + 130 * MIN : T0;
                LogqlRequest req = new LogqlRequest(query, start, T0 + 130 * MIN, step, Direction.BACKWARD, 100);
                String slow = run(new LogqlEngine(LogqlOptions.DEFAULTS.withByteScan(false)), s, req);
                for (int threads : new int[] {1, 4}) {
                    String fast = run(new LogqlEngine(LogqlOptions.DEFAULTS.withScanThreads(threads)), s, req);
                    assertThat(fast).as("%s on %s, step %d, %d threads", query, s.getClass().getSimpleName(), step, threads).isEqualTo(slow);
                }
            }
        }
    }

    private static String run(LogqlEngine engine, LogStorage s, LogqlRequest req) {
        try (LogQuerier q = s.querier()) {
            return describe(engine.evaluate(q, req));
        } catch (RuntimeException e) {
            // which failing line is named first may differ with the scan order; the failure itself may not
            String m = String.valueOf(e.getMessage());
            return "error " + e.getClass().getSimpleName() + ": " + (m.contains("[") ? m.substring(0, m.indexOf('[')) : m);
        }
    }

    private static String describe(LogqlResult r) {
        StringBuilder b = new StringBuilder();
        switch (r) {
            case LogqlResult.Vector v -> v.samples().forEach(x -> b.append(x.labels()).append(' ').append(x.value()).append('\n'));
            case LogqlResult.Matrix m -> m.series().forEach(x -> b.append(x.labels()).append(' ')
                    .append(Arrays.toString(x.timestampsMillis())).append(' ').append(Arrays.toString(x.values())).append('\n'));
            default -> b.append(r);
        }
        return b.length() == 0 ? "(empty)" : b.toString();
    }

    /** The byte path must have answered something: the data has matches for most queries. */
    @org.junit.jupiter.api.Test
    void theDataExercisesBothOutcomes() {
        List<String> answers = new ArrayList<>();
        queries().forEach(q -> answers.add(run(new LogqlEngine(), disk,
                new LogqlRequest(q, T0 + 130 * MIN, T0 + 130 * MIN, 0, Direction.BACKWARD, 100))));
        assertThat(answers).filteredOn(a -> a.startsWith("error")).isNotEmpty();
        assertThat(answers).filteredOn(a -> !a.startsWith("error") && !a.equals("(empty)")).hasSizeGreaterThan(20);
    }
}
