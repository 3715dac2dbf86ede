package ai.gatewayz.obs.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.model.MetricType;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.SampleIterator;
import ai.gatewayz.obs.metrics.storage.SeriesSet;
import ai.gatewayz.obs.testkit.TestClock;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's durability order: a commit's WAL records are written (and synced per policy) before
 * any of its samples become visible, and a WAL writer that throws leaves nothing of the batch
 * visible, the error being a retryable {@code unavailable} (503). The fault is injected by wrapping
 * the TSDB's {@link WalWriter}.
 */
class WalFaultInjectionTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final Labels A = Labels.of("__name__", "m", "s", "a");
    private static final Labels B = Labels.of("__name__", "m", "s", "b");

    @TempDir
    Path dir;

    private final TestClock clock = TestClock.atMillis(T0);

    /** Throws on the n-th record from now on (1 = the next one); 0 = never. Records what it saw. */
    static final class FaultyWal implements java.util.function.UnaryOperator<WalWriter> {
        final AtomicInteger failAt = new AtomicInteger();
        final AtomicInteger seen = new AtomicInteger();
        final List<Byte> recordTypes = new ArrayList<>();
        Runnable onRecord = () -> { };

        @Override
        public WalWriter apply(WalWriter real) {
            return (record, off, len) -> {
                seen.incrementAndGet();
                onRecord.run();
                if (failAt.get() > 0 && failAt.decrementAndGet() == 0) {
                    throw new UncheckedIOException(new java.io.IOException("injected: no space left on device"));
                }
                real.append(record, off, len);
                recordTypes.add(record[off]);
            };
        }
    }

    private static TreeMap<Labels, TreeMap<Long, Double>> dump(Tsdb db) {
        TreeMap<Labels, TreeMap<Long, Double>> out = new TreeMap<>();
        try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(true, List.of(LabelMatcher.re("__name__", ".+")));
            SampleIterator it = null;
            while (set.next()) {
                it = set.at().iterator(it);
                TreeMap<Long, Double> m = new TreeMap<>();
                while (it.next()) {
                    m.put(it.t(), it.v());
                }
                if (!m.isEmpty()) {
                    out.put(set.at().labels(), m);
                }
            }
        }
        return out;
    }

    private static void batch(Appender app, long t, double v) {
        app.append(0, A, t, v);
        app.append(0, B, t, v + 100);
        app.appendExemplar(0, A, new Exemplar(Labels.of("trace_id", "t" + t), v, t));
        app.updateMetadata(Labels.of(Labels.METRIC_NAME, "m"), new Metadata(MetricType.GAUGE, "help at " + t, ""));
    }

    @Test
    void aFailingWalWriteLeavesNothingOfTheBatchVisibleAndIsRetryable() {
        FaultyWal faults = new FaultyWal();
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults(), clock, faults);
        Appender ok = db.appender();
        ok.append(0, A, T0, 1);
        ok.updateMetadata(Labels.of(Labels.METRIC_NAME, "m"), new Metadata(MetricType.GAUGE, "first", ""));
        ok.commit();
        TreeMap<Labels, TreeMap<Long, Double>> before = dump(db);
        // Each record of the batch in turn: series, samples, exemplars, metadata.
        for (int failing = 1; failing <= 4; failing++) {
            faults.failAt.set(failing);
            Appender app = db.appender();
            batch(app, T0 + 15_000, 2);
            int failingRecord = failing;
            assertThatThrownBy(app::commit).as("record " + failingRecord).isInstanceOfSatisfying(SuiteException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                assertThat(e.getMessage()).startsWith("WAL write failed, nothing of the batch was stored [error=UncheckedIOException:")
                        .contains("injected: no space left on device");
            });
            assertThat(dump(db)).as("record " + failing).isEqualTo(before);
            assertThat(db.metadata("m", 0).get("m")).as("record " + failing).containsExactly(new Metadata(MetricType.GAUGE, "first", ""));
            assertThat(db.exemplars(Long.MIN_VALUE, Long.MAX_VALUE, List.of(List.of(LabelMatcher.eq("__name__", "m")))))
                    .as("record " + failing).isEmpty();
        }
        // The same batch again, with a healthy WAL: stored, and replayed after a restart.
        faults.failAt.set(0);
        Appender retry = db.appender();
        batch(retry, T0 + 15_000, 2);
        retry.commit();
        TreeMap<Labels, TreeMap<Long, Double>> after = dump(db);
        assertThat(after.get(A)).containsExactly(java.util.Map.entry(T0, 1.0), java.util.Map.entry(T0 + 15_000, 2.0));
        assertThat(after.get(B)).containsExactly(java.util.Map.entry(T0 + 15_000, 102.0));
        db.close();
        Tsdb reopened = Tsdb.open(dir, TsdbOptions.defaults(), clock);
        try {
            assertThat(dump(reopened)).isEqualTo(after);
            assertThat(reopened.metadata("m", 0).get("m")).containsExactly(new Metadata(MetricType.GAUGE, "help at " + (T0 + 15_000), ""));
            assertThat(reopened.exemplars(Long.MIN_VALUE, Long.MAX_VALUE, List.of(List.of(LabelMatcher.eq("__name__", "m")))))
                    .singleElement().satisfies(se -> assertThat(se.exemplars()).hasSize(1));
        } finally {
            reopened.close();
        }
    }

    @Test
    void samplesAreNotVisibleWhileTheirWalRecordIsBeingWritten() {
        FaultyWal faults = new FaultyWal();
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults(), clock, faults);
        try {
            Appender first = db.appender();
            first.append(0, A, T0, 1);
            first.commit();
            List<TreeMap<Labels, TreeMap<Long, Double>>> seenDuringWrite = new ArrayList<>();
            // The writer runs under the TSDB's write lock on the committing thread, which may also
            // take the read lock: what a query sees here is what any reader could see at this point.
            faults.onRecord = () -> seenDuringWrite.add(dump(db));
            Appender app = db.appender();
            app.append(0, A, T0 + 15_000, 2);
            app.append(0, B, T0 + 15_000, 3);
            app.commit();
            faults.onRecord = () -> { };
            TreeMap<Labels, TreeMap<Long, Double>> committedBefore = new TreeMap<>();
            committedBefore.put(A, new TreeMap<>(java.util.Map.of(T0, 1.0)));
            assertThat(seenDuringWrite).as("series record, samples record").hasSize(2)
                    .allSatisfy(s -> assertThat(s).isEqualTo(committedBefore));
            assertThat(dump(db).get(A)).containsKey(T0 + 15_000);
            assertThat(dump(db).get(B)).containsKey(T0 + 15_000);
        } finally {
            db.close();
        }
    }

    @Test
    void samplesTheHeadRejectsAtCommitAreNotLogged() {
        FaultyWal faults = new FaultyWal();
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults(), clock, faults);
        try {
            // Two appenders see the same series state; the second commits an older sample after the
            // first moved the series on: the head rejects it, so the WAL must not carry it either.
            Appender slow = db.appender();
            slow.append(0, A, T0, 1);
            Appender fast = db.appender();
            fast.append(0, A, T0 + 30_000, 5);
            fast.commit();
            slow.commit();
            assertThat(dump(db).get(A)).containsExactly(java.util.Map.entry(T0 + 30_000, 5.0));
        } finally {
            db.close();
        }
        Tsdb reopened = Tsdb.open(dir, TsdbOptions.defaults(), clock);
        try {
            assertThat(dump(reopened).get(A)).containsExactly(java.util.Map.entry(T0 + 30_000, 5.0));
        } finally {
            reopened.close();
        }
    }
}
