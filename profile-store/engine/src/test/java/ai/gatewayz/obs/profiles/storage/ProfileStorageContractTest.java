package ai.gatewayz.obs.profiles.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.profiles.model.ProfileInput;
import ai.gatewayz.obs.profiles.model.StackProfileBuilder;
import ai.gatewayz.obs.profiles.query.FoldedStacks;
import ai.gatewayz.obs.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one contract every {@link ProfileStorage} implementation satisfies. */
abstract class ProfileStorageContractTest {
    static final long T0 = 1_700_000_000_000L; // ms
    static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";

    @TempDir
    Path dir;
    TestClock clock;
    ProfileStorage storage;

    abstract ProfileStorage open(Path dir, TestClock clock, StorageOptions options);

    /** Closes and reopens (on-disk: from its files); in memory the same instance is kept. */
    abstract ProfileStorage reopen(ProfileStorage current, Path dir, TestClock clock, StorageOptions options);

    @BeforeEach
    void setUp() {
        clock = TestClock.atMillis(T0);
        storage = open(dir, clock, StorageOptions.DEFAULTS);
    }

    @AfterEach
    void tearDown() {
        storage.close();
    }

    static Labels series(String service, String... extra) {
        Labels.Builder b = Labels.of("__name__", "process_cpu", "__profile_type__", CPU, "service_name", service).toBuilder();
        for (int i = 0; i < extra.length; i += 2) {
            b.set(extra[i], extra[i + 1]);
        }
        return b.build();
    }

    static ProfileInput profile(Labels labels, long ms, Object... stacksAndValues) {
        StackProfileBuilder b = new StackProfileBuilder();
        for (int i = 0; i < stacksAndValues.length; i += 2) {
            b.add(List.of(((String) stacksAndValues[i]).split(";")), ((Number) stacksAndValues[i + 1]).longValue());
        }
        return b.build(labels, ms * 1_000_000L, 10_000_000_000L);
    }

    Map<String, Long> folded(String tenant, List<LabelMatcher> m, long start, long end) {
        FoldedStacks f = new FoldedStacks();
        storage.querier(tenant).select(m, start, end, f);
        return f.stacks();
    }

    @Test
    void appendedStacksComeBackMerged() {
        storage.appender("t").append(List.of(profile(series("api"), T0, "main;a", 3, "main;b", 1)));
        storage.appender("t").append(List.of(profile(series("api"), T0 + 10_000, "main;a", 2)));
        assertThat(folded("t", List.of(), T0, T0 + 10_000)).containsExactly(Map.entry("main;a", 5L), Map.entry("main;b", 1L));
    }

    @Test
    void timeRangeIsInclusiveAndFiltersProfiles() {
        storage.appender("t").append(List.of(profile(series("api"), T0, "a", 1), profile(series("api"), T0 + 5000, "b", 2)));
        assertThat(folded("t", List.of(), T0 + 1, T0 + 5000)).containsExactly(Map.entry("b", 2L));
        assertThat(folded("t", List.of(), T0, T0)).containsExactly(Map.entry("a", 1L));
        assertThat(folded("t", List.of(), T0 + 6000, T0 + 9000)).isEmpty();
    }

    @Test
    void matchersSelectSeriesThroughTheIndex() {
        storage.appender("t").append(List.of(
                profile(series("api", "provider", "openai"), T0, "x", 1),
                profile(series("api", "provider", "anthropic"), T0, "y", 2),
                profile(series("web"), T0, "z", 4)));
        assertThat(folded("t", List.of(LabelMatcher.eq("provider", "openai")), T0, T0)).containsOnlyKeys("x");
        assertThat(folded("t", List.of(LabelMatcher.neq("provider", "openai")), T0, T0)).containsOnlyKeys("y", "z");
        assertThat(folded("t", List.of(LabelMatcher.re("provider", "open.*|anth.*")), T0, T0)).containsOnlyKeys("x", "y");
        assertThat(folded("t", List.of(LabelMatcher.eq("provider", "")), T0, T0)).containsOnlyKeys("z");
        assertThat(folded("t", List.of(LabelMatcher.eq("service_name", "api"), LabelMatcher.nre("provider", "open.*")), T0, T0))
                .containsOnlyKeys("y");
    }

    @Test
    void seriesLabelNamesAndValues() {
        storage.appender("t").append(List.of(
                profile(series("api", "provider", "openai"), T0, "x", 1),
                profile(series("web"), T0 + 1000, "z", 4)));
        ProfileQuerier q = storage.querier("t");
        assertThat(q.series(List.of(), T0, T0 + 1000)).containsExactly(series("api", "provider", "openai"), series("web"));
        assertThat(q.labelNames(List.of(LabelMatcher.eq("service_name", "web")), T0, T0 + 1000))
                .containsExactly("__name__", "__profile_type__", "service_name");
        assertThat(q.labelValues("service_name", List.of(), T0, T0 + 1000)).containsExactly("api", "web");
        assertThat(q.labelValues("service_name", List.of(), T0 + 1, T0 + 1000)).containsExactly("web");
        assertThat(q.timeBounds()).containsExactly(T0, T0 + 1000);
    }

    @Test
    void tenantsAreIsolated() {
        storage.appender("a").append(List.of(profile(series("api"), T0, "only-a", 1)));
        assertThat(folded("b", List.of(), T0, T0)).isEmpty();
        assertThat(storage.querier("b").series(List.of(), T0, T0)).isEmpty();
        assertThat(storage.querier("b").timeBounds()).isNull();
        assertThat(folded("a", List.of(), T0, T0)).containsOnlyKeys("only-a");
    }

    @Test
    void spanIdsAreKeptPerSample() {
        StackProfileBuilder b = new StackProfileBuilder()
                .add(List.of("main", "handler"), 5, 0xabcL)
                .add(List.of("main", "other"), 7, 0)
                .add(List.of("main", "handler"), 1, 0xdefL);
        storage.appender("t").append(List.of(b.build(series("api"), T0 * 1_000_000L, 0)));
        List<long[]> seen = new ArrayList<>();
        storage.querier("t").select(List.of(), T0, T0, new ProfileVisitor() {
            @Override
            public void partition(SymbolView symbols) {
            }

            @Override
            public boolean profile(Labels s, long timeNanos, long total) {
                assertThat(total).isEqualTo(13);
                return true;
            }

            @Override
            public void sample(int stackId, long value, long spanId) {
                seen.add(new long[] {value, spanId});
            }
        });
        assertThat(seen).containsExactlyInAnyOrder(new long[] {5, 0xabc}, new long[] {7, 0}, new long[] {1, 0xdef});
    }

    @Test
    void symbolsAreDeduplicatedWithinAPartition() {
        for (int i = 0; i < 50; i++) {
            storage.appender("t").append(List.of(profile(series("api"), T0 + i * 10L, "main;work;leaf", 1, "main;idle", 1)));
        }
        StorageStats s = storage.stats();
        assertThat(s.profiles()).isEqualTo(50);
        assertThat(s.series()).isEqualTo(1);
        assertThat(s.dedupRatio()).isGreaterThan(20.0);
    }

    @Test
    void profilesSurviveMaintainAndReopen() {
        storage.appender("t").append(List.of(profile(series("api"), T0, "main;a", 3)));
        storage.maintain();
        storage.appender("t").append(List.of(profile(series("api"), T0 + 1, "main;b", 4)));
        storage = reopen(storage, dir, clock, StorageOptions.DEFAULTS);
        assertThat(folded("t", List.of(), T0, T0 + 1)).containsExactly(Map.entry("main;a", 3L), Map.entry("main;b", 4L));
        storage.maintain();
        storage = reopen(storage, dir, clock, StorageOptions.DEFAULTS);
        assertThat(folded("t", List.of(), T0, T0 + 1)).containsExactly(Map.entry("main;a", 3L), Map.entry("main;b", 4L));
        assertThat(storage.stats().profiles()).isEqualTo(2);
    }

    @Test
    void retentionDropsWholePartitionsPastTheWindow() {
        storage.close();
        storage = open(dir, clock, StorageOptions.DEFAULTS.withRetention(Duration.ofDays(30)));
        storage.appender("t").append(List.of(profile(series("api"), T0, "old", 1)));
        storage.appender("t").append(List.of(profile(series("api"), T0 + Duration.ofDays(20).toMillis(), "new", 1)));
        clock.advance(Duration.ofDays(31));
        storage.maintain();
        assertThat(folded("t", List.of(), T0, T0 + Duration.ofDays(40).toMillis())).containsOnlyKeys("new");
        storage = reopen(storage, dir, clock, StorageOptions.DEFAULTS);
        assertThat(folded("t", List.of(), T0, T0 + Duration.ofDays(40).toMillis())).containsOnlyKeys("new");
    }

    @Test
    void queriesSpanSeveralPartitions() {
        long hour = Duration.ofHours(1).toMillis();
        for (int i = 0; i < 5; i++) {
            storage.appender("t").append(List.of(profile(series("api"), T0 + i * hour, "main;a", 1)));
        }
        assertThat(storage.stats().partitions()).isGreaterThanOrEqualTo(5);
        assertThat(folded("t", List.of(), T0, T0 + 4 * hour)).containsExactly(Map.entry("main;a", 5L));
        assertThat(folded("t", List.of(), T0 + hour, T0 + 2 * hour)).containsExactly(Map.entry("main;a", 2L));
    }

    @Test
    void reversedTimeRangeIsABadRequest() {
        assertThatThrownBy(() -> storage.querier("t").series(List.of(), T0, T0 - 1))
                .isInstanceOf(SuiteException.class)
                .hasMessage("end must not be before start [start=1700000000000, end=1699999999999]");
    }

    /** Folds what a select delivers and counts whether it came as profiles or as merged trees. */
    static final class Counting implements ProfileVisitor {
        final FoldedStacks folded = new FoldedStacks();
        final boolean acceptMerged;
        int profiles;
        int mergedSeries;
        long mergedTotal;

        Counting(boolean acceptMerged) {
            this.acceptMerged = acceptMerged;
        }

        @Override
        public void partition(SymbolView symbols) {
            folded.partition(symbols);
        }

        @Override
        public boolean profile(Labels series, long timeNanos, long total) {
            profiles++;
            return true;
        }

        @Override
        public void sample(int stackId, long value, long spanId) {
            folded.sample(stackId, value, spanId);
        }

        @Override
        public boolean acceptsMerged() {
            return acceptMerged;
        }

        @Override
        public boolean mergedSeries(Labels series, int count, long minMs, long maxMs, long total) {
            mergedSeries++;
            mergedTotal += total;
            return true;
        }
    }

    Counting count(boolean acceptMerged, long start, long end) {
        Counting c = new Counting(acceptMerged);
        storage.querier("t").select(List.of(), start, end, c);
        return c;
    }

    static final long HOUR = 3_600_000L;
    static final long P0 = Math.floorDiv(T0, HOUR) * HOUR; // start of T0's partition

    void appendTwoPartitions() {
        storage.appender("t").append(List.of(
                profile(series("api"), P0 + 1000, "main;a", 3, "main;b", 1),
                profile(series("api"), P0 + 20_000, "main;a", 2, "main;c;d", 5),
                profile(series("api", "provider", "openai"), P0 + 30_000, "main;a", 7),
                profile(series("api"), P0 + HOUR + 5000, "main;b", 4)));
    }

    @Test
    void sealedPartitionsAnswerFromOneMergedTreePerSeries() {
        appendTwoPartitions();
        clock.set(java.time.Instant.ofEpochMilli(P0 + 3 * HOUR));
        storage.maintain();
        Counting merged = count(true, P0, P0 + 2 * HOUR);
        Counting samples = count(false, P0, P0 + 2 * HOUR);
        assertThat(merged.folded.stacks()).isEqualTo(samples.folded.stacks())
                .containsExactly(Map.entry("main;a", 12L), Map.entry("main;b", 5L), Map.entry("main;c;d", 5L));
        assertThat(merged.mergedSeries).isEqualTo(3); // two series in the first partition, one in the second
        assertThat(merged.profiles).isZero();
        assertThat(merged.mergedTotal).isEqualTo(22);
        assertThat(samples.profiles).isEqualTo(4);
    }

    @Test
    void headPartitionsAndCutSeriesReadTheirSamples() {
        appendTwoPartitions();
        clock.set(java.time.Instant.ofEpochMilli(P0 + HOUR + 1_200_000)); // past the first window's grace; the second is the head
        storage.maintain();
        Counting all = count(true, P0, P0 + 2 * HOUR);
        assertThat(all.mergedSeries).isEqualTo(2);
        assertThat(all.profiles).isEqualTo(1);
        assertThat(all.folded.stacks()).containsEntry("main;b", 5L);
        // a range that cuts the api series in the first partition: its samples, not its tree
        Counting cut = count(true, P0 + 10_000, P0 + 40_000);
        assertThat(cut.folded.stacks()).containsExactly(Map.entry("main;a", 9L), Map.entry("main;c;d", 5L));
        assertThat(cut.mergedSeries).isEqualTo(1); // openai's only profile lies inside
        assertThat(cut.profiles).isEqualTo(1);
    }

    @Test
    void aLateUploadToASealedPartitionIsCountedAndMergedAgain() {
        appendTwoPartitions();
        clock.set(java.time.Instant.ofEpochMilli(P0 + 3 * HOUR));
        storage.maintain();
        storage.appender("t").append(List.of(profile(series("api"), P0 + 50_000, "main;e", 6)));
        Counting late = count(true, P0, P0 + HOUR - 1);
        assertThat(late.folded.stacks()).containsEntry("main;e", 6L).containsEntry("main;a", 12L);
        assertThat(late.mergedSeries).isEqualTo(1); // the api series lost its tree
        storage.maintain();
        Counting again = count(true, P0, P0 + HOUR - 1);
        assertThat(again.mergedSeries).isEqualTo(2);
        assertThat(again.profiles).isZero();
        assertThat(again.folded.stacks()).isEqualTo(late.folded.stacks());
    }

    @Test
    void mergedTreesSurviveReopen() {
        appendTwoPartitions();
        clock.set(java.time.Instant.ofEpochMilli(P0 + 3 * HOUR));
        storage.maintain();
        storage = reopen(storage, dir, clock, StorageOptions.DEFAULTS);
        Counting merged = count(true, P0, P0 + 2 * HOUR);
        assertThat(merged.mergedSeries).isEqualTo(3);
        assertThat(merged.profiles).isZero();
        assertThat(merged.folded.stacks()).containsExactly(Map.entry("main;a", 12L), Map.entry("main;b", 5L), Map.entry("main;c;d", 5L));
    }

    @Test
    void scopeCountsWhatASelectReads() {
        appendTwoPartitions();
        clock.set(java.time.Instant.ofEpochMilli(P0 + HOUR + 1_200_000));
        storage.maintain();
        QueryScope s = storage.querier("t").scope(List.of(LabelMatcher.eq("service_name", "api")), P0, P0 + 2 * HOUR);
        assertThat(s.sealedPartitions()).isEqualTo(1);
        assertThat(s.headPartitions()).isEqualTo(1);
        assertThat(s.series()).isEqualTo(3); // per partition: api and api/openai, then api
        assertThat(s.profiles()).isEqualTo(4);
        assertThat(s.samples()).isEqualTo(6);
        assertThat(s.symbolBytes()).isPositive();
        assertThat(storage.querier("t").scope(List.of(LabelMatcher.eq("service_name", "none")), P0, P0 + 2 * HOUR))
                .isEqualTo(QueryScope.EMPTY);
    }
}
