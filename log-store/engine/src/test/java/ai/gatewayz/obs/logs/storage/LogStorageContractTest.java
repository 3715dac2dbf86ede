package ai.gatewayz.obs.logs.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one contract every {@link LogStorage} obeys, bound to the memory storage and to the disk
 * storage both before and after its head is flushed into blocks (and reopened).
 */
public abstract class LogStorageContractTest {
    protected static final long T0 = 1_700_000_000_000_000_000L;
    protected static final Labels API = Labels.of("app", "api", "env", "prod");
    protected static final Labels DB = Labels.of("app", "db", "env", "prod");
    protected static final Labels WEB = Labels.of("app", "web");

    protected LogStorage storage;

    /** A new, empty storage. */
    protected abstract LogStorage create();

    /** Called after data was written: may flush and reopen, returning the storage to read from. */
    protected LogStorage settle(LogStorage s) {
        return s;
    }

    @BeforeEach
    void setUp() {
        storage = create();
    }

    @AfterEach
    void tearDown() {
        storage.close();
    }

    protected record Row(Labels stream, long ts, String line, Labels md) {
    }

    protected void push(Labels stream, long ts, String line) {
        push(stream, ts, line, Labels.EMPTY);
    }

    protected void push(Labels stream, long ts, String line, Labels md) {
        LogAppender a = storage.appender();
        a.append(stream, new LogEntry(ts, line, md));
        a.commit();
    }

    protected List<Row> read(List<LabelMatcher> m, long start, long end, Direction dir, List<String> literals) {
        List<Row> out = new ArrayList<>();
        try (LogQuerier q = storage.querier()) {
            StreamSet set = q.select(m, new SelectHints(start, end, dir, literals));
            while (set.next()) {
                EntryIterator it = set.entries();
                while (it.next()) {
                    out.add(new Row(set.labels(), it.timestampNanos(), it.line(), it.metadata()));
                }
            }
        }
        return out;
    }

    protected List<Row> readAll(List<LabelMatcher> m) {
        return read(m, Long.MIN_VALUE, Long.MAX_VALUE, Direction.FORWARD, List.of());
    }

    @Test
    void committedEntriesReadBackWithNanosecondTimestampsAndMetadata() {
        push(API, T0 + 123, "GET /orders 200", Labels.of("trace_id", "4bf92f35", "user", "u1"));
        push(API, T0 + 124, "GET /health 200");
        storage = settle(storage);
        assertThat(readAll(List.of(LabelMatcher.eq("app", "api")))).containsExactly(
                new Row(API, T0 + 123, "GET /orders 200", Labels.of("trace_id", "4bf92f35", "user", "u1")),
                new Row(API, T0 + 124, "GET /health 200", Labels.EMPTY));
    }

    @Test
    void rolledBackEntriesAreNeverVisible() {
        LogAppender a = storage.appender();
        a.append(API, LogEntry.of(T0, "discarded"));
        a.rollback();
        a.commit();
        storage = settle(storage);
        assertThat(readAll(List.of())).isEmpty();
    }

    @Test
    void rangeIsStartInclusiveEndExclusiveAndDirectionOrdersEntries() {
        for (int i = 0; i < 5; i++) {
            push(API, T0 + i, "line " + i);
        }
        storage = settle(storage);
        List<LabelMatcher> m = List.of(LabelMatcher.eq("app", "api"));
        assertThat(read(m, T0 + 1, T0 + 4, Direction.FORWARD, List.of())).extracting(Row::line)
                .containsExactly("line 1", "line 2", "line 3");
        assertThat(read(m, T0 + 1, T0 + 4, Direction.BACKWARD, List.of())).extracting(Row::line)
                .containsExactly("line 3", "line 2", "line 1");
    }

    @Test
    void outOfOrderPushesReadBackSorted() {
        push(API, T0 + 30, "c");
        push(API, T0 + 10, "a");
        push(API, T0 + 20, "b");
        storage = settle(storage);
        assertThat(readAll(List.of())).extracting(Row::line).containsExactly("a", "b", "c");
    }

    @Test
    void exactDuplicatesAreStoredOnceButSameTimestampDifferentLineIsKept() {
        push(API, T0, "same");
        push(API, T0, "same");
        push(API, T0, "other");
        storage = settle(storage);
        push(API, T0, "same");
        storage = settle(storage);
        assertThat(readAll(List.of())).extracting(Row::line).containsExactly("other", "same");
    }

    @Test
    void matchersSelectStreamsAndAbsentLabelsMatchEmpty() {
        push(API, T0, "a");
        push(DB, T0, "d");
        push(WEB, T0, "w");
        storage = settle(storage);
        assertThat(streams(List.of(LabelMatcher.eq("env", "prod")))).containsExactly(API, DB);
        assertThat(streams(List.of(LabelMatcher.neq("app", "api")))).containsExactly(DB, WEB);
        assertThat(streams(List.of(LabelMatcher.re("app", "a.*|w.*")))).containsExactly(API, WEB);
        assertThat(streams(List.of(LabelMatcher.nre("app", "a.*")))).containsExactly(DB, WEB);
        assertThat(streams(List.of(LabelMatcher.eq("env", "")))).containsExactly(WEB);
        assertThat(streams(List.of(LabelMatcher.eq("app", "nope")))).isEmpty();
    }

    private List<Labels> streams(List<LabelMatcher> m) {
        return readAll(m).stream().map(Row::stream).distinct().toList();
    }

    @Test
    void streamsOutsideTheRangeAreNotSelected() {
        push(API, T0, "old");
        push(DB, T0 + 1_000, "new");
        storage = settle(storage);
        assertThat(read(List.of(), T0 + 500, T0 + 2_000, Direction.FORWARD, List.of())).extracting(Row::stream)
                .containsExactly(DB);
    }

    @Test
    void requiredLiteralsNeverLoseMatchingLines() {
        for (int i = 0; i < 200; i++) {
            push(API, T0 + i, "request id=" + i + (i == 137 ? " needle-7f3a9c" : " ok"));
        }
        push(DB, T0, "no match here");
        storage = settle(storage);
        List<Row> hits = read(List.of(), Long.MIN_VALUE, Long.MAX_VALUE, Direction.FORWARD, List.of("needle-7f3a9c"));
        assertThat(hits.stream().filter(r -> r.line().contains("needle-7f3a9c"))).extracting(Row::ts)
                .containsExactly(T0 + 137);
    }

    @Test
    void iteratorsOfEarlierStreamsStayValidAfterNext() {
        push(API, T0, "a1");
        push(API, T0 + 2, "a2");
        push(DB, T0 + 1, "d1");
        storage = settle(storage);
        try (LogQuerier q = storage.querier()) {
            StreamSet set = q.select(List.of(), SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE, Direction.FORWARD));
            assertThat(set.next()).isTrue();
            EntryIterator first = set.entries();
            assertThat(set.next()).isTrue();
            EntryIterator second = set.entries();
            assertThat(set.next()).isFalse();
            assertThat(first.next()).isTrue();
            assertThat(second.next()).isTrue();
            assertThat(first.line()).isEqualTo("a1");
            assertThat(second.line()).isEqualTo("d1");
            assertThat(first.next()).isTrue();
            assertThat(first.line()).isEqualTo("a2");
        }
    }

    @Test
    void labelNamesValuesAndSeriesFollowMatchersAndRange() {
        push(API, T0, "a");
        push(DB, T0 + 10, "d");
        push(WEB, T0 + 1_000, "w");
        storage = settle(storage);
        try (LogQuerier q = storage.querier()) {
            assertThat(q.labelNames(List.of(), T0, T0 + 100)).containsExactly("app", "env");
            assertThat(q.labelNames(List.of(), T0, T0 + 2_000)).containsExactly("app", "env");
            assertThat(q.labelNames(List.of(LabelMatcher.eq("app", "web")), T0, T0 + 2_000)).containsExactly("app");
            assertThat(q.labelValues("app", List.of(), T0, T0 + 2_000)).containsExactly("api", "db", "web");
            assertThat(q.labelValues("app", List.of(LabelMatcher.eq("env", "prod")), T0, T0 + 2_000))
                    .containsExactly("api", "db");
            assertThat(q.series(List.of(LabelMatcher.re("app", ".+")), T0 + 5, T0 + 2_000)).containsExactly(DB, WEB);
        }
    }

    @Test
    void statsCountStreamsEntriesAndBytes() {
        push(API, T0, "12345");
        push(API, T0 + 1, "123");
        push(DB, T0, "1");
        storage = settle(storage);
        try (LogQuerier q = storage.querier()) {
            IndexStats s = q.stats(List.of(LabelMatcher.eq("env", "prod")), T0, T0 + 10);
            assertThat(s.streams()).isEqualTo(2);
            assertThat(s.entries()).isEqualTo(3);
            assertThat(s.chunks()).isGreaterThanOrEqualTo(2);
            assertThat(s.bytes()).isGreaterThanOrEqualTo(9);
        }
    }

    @Test
    void oneCommitCarriesManyStreams() {
        LogAppender a = storage.appender();
        for (int i = 0; i < 50; i++) {
            a.append(Labels.of("app", "s" + (i % 5)), LogEntry.of(T0 + i, "e" + i));
        }
        a.commit();
        storage = settle(storage);
        assertThat(readAll(List.of())).hasSize(50);
        assertThat(streams(List.of())).hasSize(5);
    }

    @Test
    void unicodeAndEmptyLinesSurvive() {
        push(API, T0, "");
        push(API, T0 + 1, "naïve ☃ \u0000 tab\tend", Labels.of("k", "välue"));
        storage = settle(storage);
        assertThat(readAll(List.of())).extracting(Row::line).containsExactly("", "naïve ☃ \u0000 tab\tend");
        assertThat(readAll(List.of()).get(1).md()).isEqualTo(Labels.of("k", "välue"));
    }

    /**
     * A commit is visible whole or not at all: a query running while pushes commit, reading one
     * stream after another, never sees a push in some of its streams and not in others.
     */
    @Test
    void aQueryDuringCommitsSeesEachPushWholeOrNotAtAll() throws Exception {
        int streams = 16;
        int pushes = 400;
        AtomicReference<Throwable> failed = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                for (int p = 0; p < pushes; p++) {
                    LogAppender a = storage.appender();
                    for (int s = 0; s < streams; s++) {
                        a.append(Labels.of("app", "atomic", "s", Integer.toString(s)), LogEntry.of(T0 + p, "p" + p));
                    }
                    a.commit();
                }
            } catch (Throwable t) {
                failed.set(t);
            } finally {
                done.set(true);
            }
        }, "atomic-commit-writer");
        writer.start();
        List<String> torn = new ArrayList<>();
        int reads = 0;
        try {
            while (!done.get() || reads == 0) {
                Map<String, Integer> perPush = new HashMap<>();
                for (Row r : readAll(List.of(LabelMatcher.eq("app", "atomic")))) {
                    perPush.merge(r.line(), 1, Integer::sum);
                }
                perPush.forEach((line, n) -> {
                    if (n != streams) {
                        torn.add(line + " in " + n + " of " + streams + " streams");
                    }
                });
                reads++;
            }
        } finally {
            writer.join();
        }
        assertThat(failed.get()).isNull();
        assertThat(torn).isEmpty();
        assertThat(readAll(List.of(LabelMatcher.eq("app", "atomic")))).hasSize(streams * pushes);
    }
}
