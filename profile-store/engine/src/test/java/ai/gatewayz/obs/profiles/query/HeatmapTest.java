package ai.gatewayz.obs.profiles.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.profiles.model.ProfileIds;
import ai.gatewayz.obs.profiles.model.ProfileInput;
import ai.gatewayz.obs.profiles.model.StackProfileBuilder;
import ai.gatewayz.obs.profiles.storage.MemoryProfileStorage;
import ai.gatewayz.obs.profiles.storage.StorageOptions;
import ai.gatewayz.obs.testkit.TestClock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeatmapTest {
    static final long T0 = 1_700_000_000_000L;

    static Labels series(String pod) {
        return Labels.of("__name__", "process_cpu", "service_name", "api", "pod", pod);
    }

    /** One profile: (stack, value, span id) triples. */
    static ProfileInput profile(Labels labels, long ms, Object... stackValueSpan) {
        StackProfileBuilder b = new StackProfileBuilder();
        for (int i = 0; i < stackValueSpan.length; i += 3) {
            b.add(List.of(((String) stackValueSpan[i]).split(";")), ((Number) stackValueSpan[i + 1]).longValue(),
                    ((Number) stackValueSpan[i + 2]).longValue());
        }
        return b.build(labels, ms * 1_000_000L, 10_000_000_000L);
    }

    final MemoryProfileStorage storage = new MemoryProfileStorage(StorageOptions.DEFAULTS, TestClock.atMillis(T0));

    void load() {
        storage.appender("t").append(List.of(
                profile(series("p1"), T0 + 1_000, "main;a", 10, 0x1, "main;b", 30, 0x1, "main;c", 100, 0x2, "main;d", 5, 0),
                profile(series("p1"), T0 + 16_000, "main;a", 20, 0x3),
                profile(series("p2"), T0 + 2_000, "main;a", 210, 0x4)));
    }

    @Test
    void spanPointsAreBucketedByTimeAndValue() {
        load();
        List<Heatmap.Series> hm = ProfileQueries.heatmap(storage.querier("t"), List.of(), T0, T0 + 30_000, 15_000, List.of(),
                Heatmap.Mode.SPAN, true, 0);
        assertThat(hm).hasSize(1);
        Heatmap.Series s = hm.getFirst();
        assertThat(s.labels()).isEqualTo(Labels.EMPTY);
        // span values 40, 100, 20, 210: min 20, max 210, 20 buckets of 9.5
        assertThat(s.slots()).extracting(Heatmap.Slot::timestampMs).containsExactly(T0 + 15_000, T0 + 30_000);
        Heatmap.Slot first = s.slots().getFirst();
        assertThat(first.yMin()).hasSize(20).startsWith(20, 29, 39);
        int[] expected = new int[20];
        expected[2] = 1; // 40
        expected[8] = 1; // 100: 20 + 8*9.5 = 96
        expected[19] = 1; // 210, the maximum, in the last bucket
        assertThat(first.counts()).containsExactly(expected);
        assertThat(first.exemplars()).extracting(Heatmap.Exemplar::spanId).containsExactly(0x1L, 0x2L, 0x4L);
        Heatmap.Exemplar top = first.exemplars().get(2);
        assertThat(top.value()).isEqualTo(210);
        assertThat(top.timestampMs()).isEqualTo(T0 + 2_000);
        assertThat(top.profileId()).isEqualTo(ProfileIds.of(series("p2"), (T0 + 2_000) * 1_000_000L));
        assertThat(top.labels()).isEqualTo(Labels.of("service_name", "api", "pod", "p2"));
        int[] second = new int[20];
        second[0] = 1; // 20
        assertThat(s.slots().get(1).counts()).containsExactly(second);
    }

    @Test
    void individualPointsAreProfileTotalsGroupedAndLimited() {
        load();
        List<Heatmap.Series> hm = ProfileQueries.heatmap(storage.querier("t"), List.of(), T0, T0 + 30_000, 15_000, List.of("pod"),
                Heatmap.Mode.INDIVIDUAL, false, 1);
        assertThat(hm).extracting(Heatmap.Series::labels).containsExactly(Labels.of("pod", "p2")); // 210 beats 145 + 20
        assertThat(hm.getFirst().slots()).singleElement().satisfies(slot -> {
            assertThat(slot.exemplars()).isEmpty();
            assertThat(Arrays.stream(slot.counts()).sum()).isEqualTo(1);
        });
        List<Heatmap.Series> both = ProfileQueries.heatmap(storage.querier("t"), List.of(), T0, T0 + 30_000, 15_000, List.of("pod"),
                Heatmap.Mode.INDIVIDUAL, true, 0);
        assertThat(both).extracting(Heatmap.Series::labels).containsExactly(Labels.of("pod", "p1"), Labels.of("pod", "p2"));
        assertThat(both.getFirst().slots().getFirst().exemplars()).singleElement()
                .satisfies(e -> assertThat(e.spanId()).isZero());
    }

    @Test
    void slotsAreRightEdgesClampedToTheRange() {
        assertThat(Heatmap.slot(T0, T0, T0 + 60_000, 15_000)).isEqualTo(T0);
        assertThat(Heatmap.slot(T0 + 1, T0, T0 + 60_000, 15_000)).isEqualTo(T0 + 15_000);
        assertThat(Heatmap.slot(T0 + 15_000, T0, T0 + 60_000, 15_000)).isEqualTo(T0 + 15_000);
        assertThat(Heatmap.slot(T0 - 5, T0, T0 + 60_000, 15_000)).isEqualTo(T0);
        assertThat(Heatmap.slot(T0 + 70_000, T0, T0 + 60_000, 15_000)).isEqualTo(T0 + 60_000);
    }

    @Test
    void noPointsNoSeries() {
        assertThat(ProfileQueries.heatmap(storage.querier("t"), List.of(), T0, T0 + 30_000, 15_000, List.of(),
                Heatmap.Mode.SPAN, true, 0)).isEmpty();
    }
}
