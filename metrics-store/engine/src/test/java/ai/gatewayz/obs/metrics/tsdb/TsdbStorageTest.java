package ai.gatewayz.obs.metrics.tsdb;

import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.StorageContractTest;
import ai.gatewayz.obs.testkit.TestClock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract bound to the on-disk TSDB (clock at the epoch so small test timestamps are valid). */
class TsdbStorageTest extends StorageContractTest {
    @TempDir
    Path dir;

    @Override
    protected Storage newStorage() {
        return Tsdb.open(dir, TsdbOptions.defaults().withChunkPoints(32), TestClock.atMillis(0));
    }
}
