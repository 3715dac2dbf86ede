package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.common.LabelMatcher;
import ai.gatewayz.obs.common.Labels;
import ai.gatewayz.obs.metrics.model.Exemplar;
import ai.gatewayz.obs.metrics.model.Histogram;
import ai.gatewayz.obs.metrics.model.Metadata;
import ai.gatewayz.obs.metrics.storage.Appender;
import ai.gatewayz.obs.metrics.storage.Querier;
import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.StorageContractTest;
import ai.gatewayz.obs.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract again, with 1 s blocks and maintenance after every commit, so most data a
 * test reads has been cut into blocks and compacted: reads merge head and blocks.
 */
class TsdbBlocksContractTest extends StorageContractTest {
    @TempDir
    Path dir;

    @Override
    protected Storage newStorage() {
        Tsdb db = Tsdb.open(dir, TsdbOptions.defaults().withChunkPoints(32).withBlocks(Duration.ofSeconds(1), 16),
                TestClock.atMillis(0));
        return new MaintainedStorage(db);
    }

    /** Runs {@link Tsdb#maintain()} after each commit. */
    private record MaintainedStorage(Tsdb db) implements Storage {
        @Override
        public Appender appender() {
            Appender a = db.appender();
            return new Appender() {
                @Override
                public long append(long ref, Labels labels, long t, double v) {
                    return a.append(ref, labels, t, v);
                }

                @Override
                public long appendHistogram(long ref, Labels labels, long t, Histogram h) {
                    return a.appendHistogram(ref, labels, t, h);
                }

                @Override
                public long appendExemplar(long ref, Labels labels, Exemplar e) {
                    return a.appendExemplar(ref, labels, e);
                }

                @Override
                public void updateMetadata(Labels labels, Metadata md) {
                    a.updateMetadata(labels, md);
                }

                @Override
                public void commit() {
                    a.commit();
                    db.maintain();
                }

                @Override
                public void rollback() {
                    a.rollback();
                }
            };
        }

        @Override
        public Querier querier(long mint, long maxt) {
            return db.querier(mint, maxt);
        }

        @Override
        public List<SeriesExemplars> exemplars(long mint, long maxt, List<List<LabelMatcher>> matcherSets) {
            return db.exemplars(mint, maxt, matcherSets);
        }

        @Override
        public Map<String, List<Metadata>> metadata(String metric, int limit) {
            return db.metadata(metric, limit);
        }

        @Override
        public void close() {
            db.close();
        }
    }
}
