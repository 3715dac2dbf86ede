package ai.gatewayz.obs.profiles.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.profiles.model.ProfileIds;
import ai.gatewayz.obs.profiles.storage.MemoryProfileStorage;
import ai.gatewayz.obs.profiles.storage.StorageOptions;
import ai.gatewayz.obs.testkit.TestClock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProfileIdSelectorTest {
    static final long T0 = HeatmapTest.T0;

    @Test
    void idsAreUuidsThatNameSeriesAndTime() {
        Labels s = HeatmapTest.series("p1");
        String id = ProfileIds.of(s, 123_456_789L);
        UUID u = UUID.fromString(id);
        assertThat(u.version()).isEqualTo(8);
        assertThat(u.variant()).isEqualTo(2);
        assertThat(ProfileIds.parse(id)).isEqualTo(new ProfileIds.Parsed(ProfileIds.high(s), 123_456_789L));
        assertThat(ProfileIds.of(HeatmapTest.series("p2"), 123_456_789L)).isNotEqualTo(id);
        assertThat(ProfileIds.canonical(id.toUpperCase())).isEqualTo(id);
        assertThatThrownBy(() -> ProfileIds.parse("7c9e6679-7425-40de-944b-e07fc1f90ae7")).isInstanceOf(SuiteException.class)
                .hasMessage("profile id is not one this store issued [profile_id_selector=7c9e6679-7425-40de-944b-e07fc1f90ae7]");
        assertThatThrownBy(() -> ProfileIds.parse("nope")).isInstanceOf(SuiteException.class);
    }

    @Test
    void theSelectorKeepsOnlyTheNamedProfilesAlsoOnSealedPartitions() {
        TestClock clock = TestClock.atMillis(T0);
        MemoryProfileStorage storage = new MemoryProfileStorage(StorageOptions.DEFAULTS, clock);
        storage.appender("t").append(List.of(
                HeatmapTest.profile(HeatmapTest.series("p1"), T0 + 1_000, "main;a", 10, 0),
                HeatmapTest.profile(HeatmapTest.series("p1"), T0 + 2_000, "main;b", 20, 0),
                HeatmapTest.profile(HeatmapTest.series("p2"), T0 + 1_000, "main;c", 40, 0)));
        clock.set(Instant.ofEpochMilli(T0 + 10 * 3_600_000L));
        storage.maintain(); // sealed: merged trees exist, the selector must not use them
        String id = ProfileIds.of(HeatmapTest.series("p1"), (T0 + 2_000) * 1_000_000L);
        SampleFilter only = new SampleFilter(null, Set.of(id), null);
        FlameGraph g = ProfileQueries.mergeStacktraces(storage.querier("t"), List.of(), T0, T0 + 10_000, 0, only);
        assertThat(g.total()).isEqualTo(20);
        assertThat(g.names()).containsExactly("total", "main", "b");
        assertThat(ProfileQueries.mergeStacktraces(storage.querier("t"), List.of(), T0, T0 + 10_000, 0, SampleFilter.NONE).total())
                .isEqualTo(70);
    }
}
