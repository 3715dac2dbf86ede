package ai.gatewayz.obs.metrics.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Histogram.ResetHint;
import ai.gatewayz.obs.metrics.model.Histogram.Span;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.model.MetricType;
import ai.gatewayz.obs.metrics.model.Values;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Storage} must have. Bind it to an implementation by extending it and
 * providing {@link #newStorage()}; the in-memory storage and the TSDB both run it.
 */
public abstract class StorageContractTest {
    protected Storage storage;

    /** A fresh, empty storage. */
    protected abstract Storage newStorage();

    @BeforeEach
    void open() {
        storage = newStorage();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    protected static final Labels UP_A = Labels.of("__name__", "up", "job", "a");
    protected static final Labels UP_B = Labels.of("__name__", "up", "job", "b");
    protected static final Labels REQS = Labels.of("__name__", "requests_total", "job", "a", "code", "200");

    protected static List<long[]> timestamps(Storage s, long mint, long maxt, LabelMatcher... ms) {
        List<long[]> out = new ArrayList<>();
        try (Querier q = s.querier(mint, maxt)) {
            SeriesSet set = q.select(true, List.of(ms));
            while (set.next()) {
                SampleIterator it = set.at().iterator(null);
                List<Long> ts = new ArrayList<>();
                while (it.next()) {
                    ts.add(it.t());
                }
                out.add(ts.stream().mapToLong(Long::longValue).toArray());
            }
        }
        return out;
    }

    protected static List<Labels> selectLabels(Storage s, long mint, long maxt, LabelMatcher... ms) {
        List<Labels> out = new ArrayList<>();
        try (Querier q = s.querier(mint, maxt)) {
            SeriesSet set = q.select(true, List.of(ms));
            while (set.next()) {
                out.add(set.at().labels());
            }
        }
        return out;
    }

    @Test
    void committedSamplesAreReadBackInOrder() {
        Appender app = storage.appender();
        for (int i = 0; i < 300; i++) {
            app.append(0, UP_A, 1_000L * i, i * 0.5);
        }
        app.commit();
        try (Querier q = storage.querier(0, Long.MAX_VALUE)) {
            SeriesSet set = q.select(true, List.of(LabelMatcher.eq("__name__", "up")));
            assertThat(set.next()).isTrue();
            assertThat(set.at().labels()).isEqualTo(UP_A);
            SampleIterator it = set.at().iterator(null);
            for (int i = 0; i < 300; i++) {
                assertThat(it.next()).isTrue();
                assertThat(it.t()).isEqualTo(1_000L * i);
                assertThat(it.v()).isEqualTo(i * 0.5);
            }
            assertThat(it.next()).isFalse();
            assertThat(set.next()).isFalse();
        }
    }

    @Test
    void uncommittedAndRolledBackSamplesAreInvisible() {
        Appender app = storage.appender();
        app.append(0, UP_A, 1000, 1);
        assertThat(selectLabels(storage, 0, 10_000, LabelMatcher.eq("job", "a"))).isEmpty();
        app.rollback();
        assertThat(selectLabels(storage, 0, 10_000, LabelMatcher.eq("job", "a"))).isEmpty();
    }

    @Test
    void appenderCannotBeReusedAfterCommit() {
        Appender app = storage.appender();
        app.append(0, UP_A, 1000, 1);
        app.commit();
        assertThatThrownBy(() -> app.append(0, UP_A, 2000, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void timeRangeIsInclusiveOnBothEnds() {
        Appender app = storage.appender();
        for (long t = 0; t <= 10_000; t += 1000) {
            app.append(0, UP_A, t, 1);
        }
        app.commit();
        assertThat(timestamps(storage, 2000, 5000, LabelMatcher.eq("job", "a")))
                .containsExactly(new long[] {2000, 3000, 4000, 5000});
        assertThat(selectLabels(storage, 20_000, 30_000, LabelMatcher.eq("job", "a"))).isEmpty();
    }

    @Test
    void matchersSelectByEqualityRegexAndNegation() {
        Appender app = storage.appender();
        app.append(0, UP_A, 1000, 1);
        app.append(0, UP_B, 1000, 0);
        app.append(0, REQS, 1000, 5);
        app.commit();
        assertThat(selectLabels(storage, 0, 2000, LabelMatcher.eq("__name__", "up"))).containsExactly(UP_A, UP_B);
        assertThat(selectLabels(storage, 0, 2000, LabelMatcher.re("job", "b|c"))).containsExactly(UP_B);
        assertThat(selectLabels(storage, 0, 2000, LabelMatcher.eq("__name__", "up"), LabelMatcher.neq("job", "a")))
                .containsExactly(UP_B);
        assertThat(selectLabels(storage, 0, 2000, LabelMatcher.nre("__name__", "up"))).containsExactly(REQS);
        // An absent label matches the empty string.
        assertThat(selectLabels(storage, 0, 2000, LabelMatcher.eq("__name__", "up"), LabelMatcher.eq("code", "")))
                .containsExactly(UP_A, UP_B);
        assertThat(selectLabels(storage, 0, 2000, LabelMatcher.neq("code", ""))).containsExactly(REQS);
    }

    @Test
    void outOfOrderSampleIsRejectedAndTheBatchStaysUsable() {
        Appender app = storage.appender();
        app.append(0, UP_A, 5000, 1);
        app.commit();
        Appender next = storage.appender();
        assertThatThrownBy(() -> next.append(0, UP_A, 4000, 1))
                .isInstanceOfSatisfying(StorageErrors.SampleRejected.class,
                        e -> assertThat(e.reason()).isIn(StorageErrors.Reason.OUT_OF_ORDER, StorageErrors.Reason.TOO_OLD));
        next.append(0, UP_A, 6000, 2);
        next.commit();
        assertThat(timestamps(storage, 0, 10_000, LabelMatcher.eq("job", "a"))).containsExactly(new long[] {5000, 6000});
    }

    @Test
    void exactDuplicateIsHarmlessButConflictingDuplicateIsRejected() {
        Appender app = storage.appender();
        app.append(0, UP_A, 5000, 1);
        app.commit();
        Appender dup = storage.appender();
        dup.append(0, UP_A, 5000, 1);
        assertThatThrownBy(() -> dup.append(0, UP_A, 5000, 2))
                .isInstanceOfSatisfying(StorageErrors.SampleRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(StorageErrors.Reason.DUPLICATE_TIMESTAMP));
        dup.commit();
        assertThat(timestamps(storage, 0, 10_000, LabelMatcher.eq("job", "a"))).containsExactly(new long[] {5000});
    }

    @Test
    void staleMarkersKeepTheirExactBits() {
        Appender app = storage.appender();
        app.append(0, UP_A, 1000, 1);
        app.append(0, UP_A, 2000, Values.STALE_NAN);
        app.append(0, UP_A, 3000, Double.NaN);
        app.commit();
        try (Querier q = storage.querier(0, 5000)) {
            SeriesSet set = q.select(false, List.of(LabelMatcher.eq("job", "a")));
            assertThat(set.next()).isTrue();
            SampleIterator it = set.at().iterator(null);
            it.next();
            it.next();
            assertThat(Double.doubleToRawLongBits(it.v())).isEqualTo(Values.STALE_NAN_BITS);
            it.next();
            assertThat(Values.isStaleNaN(it.v())).isFalse();
            assertThat(it.v()).isNaN();
        }
    }

    @Test
    void seekNeverMovesBackwards() {
        Appender app = storage.appender();
        for (long t = 0; t < 100_000; t += 1000) {
            app.append(0, UP_A, t, t);
        }
        app.commit();
        try (Querier q = storage.querier(0, Long.MAX_VALUE)) {
            SeriesSet set = q.select(false, List.of(LabelMatcher.eq("job", "a")));
            set.next();
            SampleIterator it = set.at().iterator(null);
            assertThat(it.seek(50_500)).isTrue();
            assertThat(it.t()).isEqualTo(51_000);
            assertThat(it.seek(10_000)).isTrue();
            assertThat(it.t()).isEqualTo(51_000);
            assertThat(it.seek(1_000_000)).isFalse();
        }
    }

    @Test
    void seriesReferenceSkipsLookupAndStaysStable() {
        Appender app = storage.appender();
        long ref = app.append(0, UP_A, 1000, 1);
        long again = app.append(ref, UP_A, 2000, 2);
        app.commit();
        assertThat(again).isEqualTo(ref);
        Appender next = storage.appender();
        assertThat(next.append(0, UP_A, 3000, 3)).isEqualTo(ref);
        next.commit();
    }

    @Test
    void labelNamesAndValuesAreSortedAndFiltered() {
        Appender app = storage.appender();
        app.append(0, UP_B, 1000, 1);
        app.append(0, UP_A, 1000, 1);
        app.append(0, REQS, 1000, 1);
        app.commit();
        try (Querier q = storage.querier(0, 2000)) {
            assertThat(q.labelNames(List.of())).containsExactly("__name__", "code", "job");
            assertThat(q.labelValues("job", List.of())).containsExactly("a", "b");
            assertThat(q.labelValues("job", List.of(LabelMatcher.eq("__name__", "requests_total")))).containsExactly("a");
            assertThat(q.labelNames(List.of(LabelMatcher.eq("__name__", "up")))).containsExactly("__name__", "job");
        }
    }

    @Test
    void labelNamesAndValuesAreRestrictedToTheTimeRange() {
        Labels old = Labels.of("__name__", "up", "job", "old", "zone", "z1");
        Labels recent = Labels.of("__name__", "up", "job", "new");
        Appender app = storage.appender();
        app.append(0, old, 1000, 1);
        app.append(0, old, 2000, 1);
        app.commit();
        app = storage.appender();
        app.append(0, recent, 50_000, 1);
        app.append(0, recent, 51_000, 1);
        app.commit();
        try (Querier q = storage.querier(0, 2000)) {
            assertThat(q.labelValues("job", List.of())).containsExactly("old");
            assertThat(q.labelNames(List.of())).containsExactly("__name__", "job", "zone");
        }
        try (Querier q = storage.querier(2001, 49_999)) {
            assertThat(q.labelValues("job", List.of())).isEmpty();
            assertThat(q.labelNames(List.of())).isEmpty();
        }
        try (Querier q = storage.querier(51_000, Long.MAX_VALUE)) {
            assertThat(q.labelValues("job", List.of())).containsExactly("new");
            assertThat(q.labelNames(List.of(LabelMatcher.eq("__name__", "up")))).containsExactly("__name__", "job");
            assertThat(q.labelValues("zone", List.of())).isEmpty();
        }
        try (Querier q = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            assertThat(q.labelValues("job", List.of())).containsExactly("new", "old");
        }
    }

    @Test
    void labelNamesAndValuesAreRestrictedByEveryKindOfMatcher() {
        Appender app = storage.appender();
        app.append(0, UP_A, 1000, 1);
        app.append(0, UP_B, 1000, 1);
        app.append(0, REQS, 1000, 1);
        app.append(0, Labels.of("__name__", "requests_total", "job", "c", "code", "500"), 1000, 1);
        app.commit();
        try (Querier q = storage.querier(0, 2000)) {
            assertThat(q.labelValues("code", List.of(LabelMatcher.eq("job", "a")))).containsExactly("200");
            assertThat(q.labelValues("job", List.of(LabelMatcher.re("code", "5..")))).containsExactly("c");
            assertThat(q.labelValues("job", List.of(LabelMatcher.neq("code", "200")))).containsExactly("a", "b", "c");
            assertThat(q.labelValues("job", List.of(LabelMatcher.eq("code", "")))).containsExactly("a", "b");
            assertThat(q.labelValues("job", List.of(LabelMatcher.eq("__name__", "requests_total"),
                    LabelMatcher.nre("code", "2..")))).containsExactly("c");
            assertThat(q.labelNames(List.of(LabelMatcher.re("job", "b|c")))).containsExactly("__name__", "code", "job");
            assertThat(q.labelNames(List.of(LabelMatcher.eq("job", "b")))).containsExactly("__name__", "job");
            assertThat(q.labelValues("job", List.of(LabelMatcher.eq("__name__", "nope")))).isEmpty();
            assertThat(q.labelNames(List.of(LabelMatcher.eq("__name__", "nope")))).isEmpty();
            assertThat(q.labelValues("nope", List.of())).isEmpty();
        }
    }

    @Test
    void emptyValuesAreNeverListed() {
        Appender app = storage.appender();
        app.append(0, Labels.of("__name__", "up", "job", "a", "env", ""), 1000, 1);
        app.append(0, REQS, 1000, 1);
        app.commit();
        try (Querier q = storage.querier(0, 2000)) {
            assertThat(q.labelNames(List.of())).containsExactly("__name__", "code", "job");
            assertThat(q.labelValues("env", List.of())).isEmpty();
            assertThat(q.labelValues("code", List.of(LabelMatcher.re("code", ".*")))).containsExactly("200");
            assertThat(q.labelValues("env", List.of(LabelMatcher.eq("job", "a")))).isEmpty();
        }
    }

    @Test
    void uncommittedAndRolledBackSeriesAreNotListed() {
        Appender keep = storage.appender();
        keep.append(0, UP_A, 1000, 1);
        keep.commit();
        Appender app = storage.appender();
        app.append(0, Labels.of("__name__", "ghost", "zone", "z9"), 1000, 1);
        try (Querier q = storage.querier(0, 2000)) {
            assertThat(q.labelNames(List.of())).containsExactly("__name__", "job");
            assertThat(q.labelValues("__name__", List.of())).containsExactly("up");
            assertThat(q.labelValues("zone", List.of(LabelMatcher.eq("__name__", "ghost")))).isEmpty();
        }
        app.rollback();
        try (Querier q = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            assertThat(q.labelNames(List.of())).containsExactly("__name__", "job");
            assertThat(q.labelValues("zone", List.of())).isEmpty();
        }
    }

    @Test
    void exemplarsAndMetadataAreKept() {
        Appender app = storage.appender();
        app.append(0, REQS, 1000, 1);
        app.appendExemplar(0, REQS, new Exemplar(Labels.of("trace_id", "abc"), 0.25, 1000));
        app.updateMetadata(REQS, new Metadata(MetricType.COUNTER, "Requests.", ""));
        app.commit();
        List<Storage.SeriesExemplars> ex = storage.exemplars(0, 2000, List.of(List.of(LabelMatcher.eq("job", "a"))));
        assertThat(ex).hasSize(1);
        assertThat(ex.getFirst().exemplars()).containsExactly(new Exemplar(Labels.of("trace_id", "abc"), 0.25, 1000));
        assertThat(storage.metadata("requests_total", 0)).containsKey("requests_total");
        assertThat(storage.metadata("requests_total", 0).get("requests_total").getFirst().type()).isEqualTo(MetricType.COUNTER);
    }

    /** An integer histogram whose counts grow with {@code i}; its bucket layout widens at i = 50. */
    protected static Histogram hist(int i) {
        int width = i < 50 ? 2 : 3;
        long[] pos = new long[width];
        for (int b = 0; b < width; b++) {
            pos[b] = i + b;
        }
        return Histogram.ofIntegerCounts(ResetHint.NO, 3, 0.001, i, 4L * i + 3, i * 1.5 - 7,
                new Span[] {new Span(-1, width)}, pos, new Span[] {new Span(2, 1)}, new long[] {i});
    }

    protected static Histogram floatHist(double x) {
        return Histogram.ofFloat(ResetHint.GAUGE, -1, 0, 0.5, 2 * x + 0.5, Double.NaN,
                new Span[] {new Span(0, 1), new Span(3, 1)}, new double[] {x, x}, new Span[0], new double[0]);
    }

    private static List<Object> histograms(Storage s, long mint, long maxt, LabelMatcher... ms) {
        List<Object> out = new ArrayList<>();
        try (Querier q = s.querier(mint, maxt)) {
            SeriesSet set = q.select(true, List.of(ms));
            while (set.next()) {
                out.add(set.at().labels());
                HistogramIterator it = set.at().histogramIterator(null);
                while (it.next()) {
                    out.add(it.t() + "=" + it.h());
                }
            }
        }
        return out;
    }

    @Test
    void histogramSamplesReadBackBitExactInRange() {
        Appender app = storage.appender();
        List<Object> want = new ArrayList<>(List.of(REQS));
        for (int i = 0; i < 100; i++) {
            Histogram h = i % 10 == 9 ? floatHist(i) : hist(i);
            app.appendHistogram(0, REQS, 1_000L * i, h);
            if (i >= 20 && i <= 80) {
                want.add(1_000L * i + "=" + h);
            }
        }
        app.commit();
        assertThat(histograms(storage, 20_000, 80_000, LabelMatcher.eq("job", "a"))).containsExactlyElementsOf(want);
        assertThat(selectLabels(storage, 200_000, 300_000, LabelMatcher.eq("job", "a"))).isEmpty();
        assertThat(timestamps(storage, 0, Long.MAX_VALUE, LabelMatcher.eq("job", "a")))
                .as("float iterator of a histogram series").containsExactly(new long[0]);
    }

    @Test
    void aSeriesMaySwitchBetweenFloatAndHistogramSamples() {
        Appender app = storage.appender();
        app.append(0, UP_A, 1000, 1);
        app.appendHistogram(0, UP_A, 2000, hist(2));
        app.append(0, UP_A, 3000, 3);
        app.appendHistogram(0, UP_A, 4000, hist(4));
        app.commit();
        assertThat(histograms(storage, 0, 10_000, LabelMatcher.eq("job", "a")))
                .containsExactly(UP_A, "2000=" + hist(2), "4000=" + hist(4));
        assertThat(timestamps(storage, 0, 10_000, LabelMatcher.eq("job", "a"))).containsExactly(new long[] {1000, 3000});
        try (Querier q = storage.querier(0, 10_000)) {
            SeriesSet set = q.select(true, List.of(LabelMatcher.eq("job", "a")));
            assertThat(set.next()).isTrue();
            HistogramIterator it = set.at().histogramIterator(null);
            assertThat(it.seek(3000)).isTrue();
            assertThat(it.t()).isEqualTo(4000);
            assertThat(it.seek(1000)).as("seek never moves backwards").isTrue();
            assertThat(it.t()).isEqualTo(4000);
            assertThat(it.next()).isFalse();
        }
    }

    @Test
    void histogramOrderAndDuplicatesAreCheckedAcrossKinds() {
        Appender app = storage.appender();
        app.append(0, UP_A, 5000, 1);
        app.appendHistogram(0, UP_B, 5000, hist(5));
        app.commit();
        Appender next = storage.appender();
        assertThatThrownBy(() -> next.appendHistogram(0, UP_A, 4000, hist(4)))
                .isInstanceOfSatisfying(StorageErrors.SampleRejected.class,
                        e -> assertThat(e.reason()).isIn(StorageErrors.Reason.OUT_OF_ORDER, StorageErrors.Reason.TOO_OLD));
        assertThatThrownBy(() -> next.appendHistogram(0, UP_A, 5000, hist(5)))
                .isInstanceOfSatisfying(StorageErrors.SampleRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(StorageErrors.Reason.DUPLICATE_TIMESTAMP));
        assertThatThrownBy(() -> next.append(0, UP_B, 5000, 1))
                .isInstanceOfSatisfying(StorageErrors.SampleRejected.class,
                        e -> assertThat(e.reason()).isEqualTo(StorageErrors.Reason.DUPLICATE_TIMESTAMP));
        next.appendHistogram(0, UP_B, 5000, hist(5)); // the exact duplicate is ignored
        next.appendHistogram(0, UP_B, 6000, hist(6));
        next.rollback();
        assertThat(histograms(storage, 0, 10_000, LabelMatcher.eq("job", "b"))).containsExactly(UP_B, "5000=" + hist(5));
    }
}
