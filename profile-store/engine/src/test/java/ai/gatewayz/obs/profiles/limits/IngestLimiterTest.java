package ai.gatewayz.obs.profiles.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.profiles.model.ProfileInput;
import ai.gatewayz.obs.profiles.model.StackProfileBuilder;
import ai.gatewayz.obs.testkit.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IngestLimiterTest {
    private static final TenantLimits SMALL = new TenantLimits(1000, 3000, 500, 3, 4, 12, 12);
    private final TestClock clock = TestClock.atMillis(1_700_000_000_000L);
    private final List<String> seeded = new ArrayList<>();
    private List<Labels> seedSeries = List.of();
    private final IngestLimiter limiter = new IngestLimiter(TenantLimitsSource.of(SMALL, Map.of("big", TenantLimits.UNLIMITED)),
            clock, Duration.ofHours(1), (t, since, now) -> {
                seeded.add(t + "@" + (now - since));
                return seedSeries;
            });

    private static ProfileInput profile(String... labelPairs) {
        Labels.Builder b = Labels.builder().set("__name__", "process_cpu")
                .set("__profile_type__", "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        for (int i = 0; i < labelPairs.length; i += 2) {
            b.set(labelPairs[i], labelPairs[i + 1]);
        }
        return new StackProfileBuilder().add(List.of("main"), 1).build(b.build(), 0, 0);
    }

    private static SuiteException refused(Runnable r) {
        try {
            r.run();
        } catch (SuiteException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void rateIsABurstThenTheRefill() {
        limiter.admitBytes("t", 3000);
        SuiteException e = refused(() -> limiter.admitBytes("t", 1));
        assertThat(e.kind()).isEqualTo(ErrorKind.TOO_MANY_REQUESTS);
        assertThat(e).hasMessage("ingestion rate limit exceeded [tenant=t, request_bytes=1, limit_bytes_per_second=1000, burst_bytes=3000]");
        clock.advance(Duration.ofMillis(500));
        limiter.admitBytes("t", 500);
        assertThatThrownBy(() -> limiter.admitBytes("t", 1)).isInstanceOf(SuiteException.class);
    }

    @Test
    void aRequestLargerThanTheBurstNeverPassesAndTakesNothing() {
        assertThatThrownBy(() -> limiter.admitBytes("t", 3001)).hasMessageContaining("request_bytes=3001");
        assertThatCode(() -> limiter.admitBytes("t", 3000)).doesNotThrowAnyException();
    }

    @Test
    void tenantsHaveTheirOwnBucketsAndOverrides() {
        limiter.admitBytes("a", 3000);
        assertThatCode(() -> limiter.admitBytes("b", 3000)).doesNotThrowAnyException();
        assertThatCode(() -> limiter.admitBytes("big", 1L << 40)).doesNotThrowAnyException();
        assertThat(limiter.limits("big")).isEqualTo(TenantLimits.UNLIMITED);
    }

    @Test
    void profileSize() {
        limiter.admitProfileSize("t", 500);
        assertThat(refused(() -> limiter.admitProfileSize("t", 501)))
                .hasMessage("profile exceeds the per-tenant size limit [tenant=t, profile_bytes=501, limit_bytes=500]")
                .extracting(SuiteException::kind).isEqualTo(ErrorKind.BAD_DATA);
    }

    static Stream<Arguments> badLabels() {
        return Stream.of(
                Arguments.argumentSet("too many labels (__profile_type__ not counted)",
                        new String[] {"service_name", "api", "a", "1", "b", "2", "c", "3"},
                        "series has too many labels [tenant=t, series=process_cpu{service_name=api}, labels=5, limit=4]"),
                Arguments.argumentSet("label name too long", new String[] {"abcdefghijklm", "x"},
                        "label name too long [tenant=t, label=abcdefghijklm, length=13, limit=12]"),
                Arguments.argumentSet("label value too long", new String[] {"model", "gpt-4o-mini-x"},
                        "label value too long [tenant=t, label=model, length=13, limit=12]"),
                Arguments.argumentSet("value length counts UTF-8 bytes", new String[] {"model", "ééééééé"},
                        "label value too long [tenant=t, label=model, length=14, limit=12]"));
    }

    @ParameterizedTest
    @MethodSource("badLabels")
    void labelShapeIsBadData(String[] labels, String message) {
        SuiteException e = refused(() -> limiter.admitSeries("t", List.of(profile(labels))));
        assertThat(e.kind()).isEqualTo(ErrorKind.BAD_DATA);
        assertThat(e).hasMessage(message);
    }

    @Test
    void labelsAtTheLimitsPass() {
        assertThatCode(() -> limiter.admitSeries("t", List.of(profile("service_name", "api", "abcdefghijkl", "gpt-4o-mini-")))).doesNotThrowAnyException();
    }

    @Test
    void seriesBudgetRefusesTheWholeRequestAndKeepsNothingOfIt() {
        limiter.admitSeries("t", List.of(profile("service_name", "a"), profile("service_name", "b")));
        SuiteException e = refused(() -> limiter.admitSeries("t", List.of(profile("service_name", "c"), profile("service_name", "d"))));
        assertThat(e.kind()).isEqualTo(ErrorKind.TOO_MANY_REQUESTS);
        assertThat(e).hasMessage("per-tenant series limit reached [tenant=t, active_series=2, new_series=2, limit=3]");
        // the refused request took no budget: one new series still fits, and known ones always do
        limiter.admitSeries("t", List.of(profile("service_name", "c"), profile("service_name", "a")));
        assertThatThrownBy(() -> limiter.admitSeries("t", List.of(profile("service_name", "d"))))
                .hasMessage("per-tenant series limit reached [tenant=t, active_series=3, new_series=1, limit=3]");
        assertThatCode(() -> limiter.admitSeries("t", List.of(profile("service_name", "b")))).doesNotThrowAnyException();
    }

    @Test
    void seriesExpireAfterTheActiveWindow() {
        limiter.admitSeries("t", List.of(profile("service_name", "a"), profile("service_name", "b"), profile("service_name", "c")));
        clock.advance(Duration.ofMinutes(30));
        limiter.admitSeries("t", List.of(profile("service_name", "a")));
        clock.advance(Duration.ofMinutes(31));
        // b and c have been idle for 61 min: two new series fit, a third does not
        limiter.admitSeries("t", List.of(profile("service_name", "d"), profile("service_name", "e")));
        assertThatThrownBy(() -> limiter.admitSeries("t", List.of(profile("service_name", "f"))))
                .hasMessage("per-tenant series limit reached [tenant=t, active_series=3, new_series=1, limit=3]");
    }

    @Test
    void budgetIsSeededOnceFromStorage() {
        seedSeries = List.of(profile("service_name", "old1").series(), profile("service_name", "old2").series());
        limiter.admitSeries("t", List.of(profile("service_name", "old1"), profile("service_name", "new")));
        assertThatThrownBy(() -> limiter.admitSeries("t", List.of(profile("service_name", "another"))))
                .hasMessage("per-tenant series limit reached [tenant=t, active_series=3, new_series=1, limit=3]");
        assertThat(seeded).containsExactly("t@3600000");
    }

    @Test
    void unlimitedTenantIsNotCounted() {
        List<ProfileInput> many = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            many.add(profile("service_name", "s" + i, "a_very_long_label_name_indeed", "x".repeat(5000)));
        }
        assertThatCode(() -> limiter.admitSeries("big", many)).doesNotThrowAnyException();
    }

    @Test
    void negativeLimitsAreRejected() {
        assertThatThrownBy(() -> new TenantLimits(-1, 0, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limits must not be negative [limits=[-1, 0, 0, 0, 0, 0, 0]]");
    }
}
