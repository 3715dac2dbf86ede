package ai.gatewayz.obs.logs.storage.disk;

import ai.gatewayz.obs.logs.storage.LogStorage;
import ai.gatewayz.obs.logs.storage.LogStorageContractTest;
import ai.gatewayz.obs.testkit.TestClock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the disk storage with everything in the head and the WAL, reopened (replayed) before each read. */
class DiskHeadLogStorageTest extends LogStorageContractTest {
    @TempDir
    Path dir;

    @Override
    protected LogStorage create() {
        return DiskLogStorage.open("t", dir, DiskStorageOptions.defaults(), TestClock.atMillis(T0 / 1_000_000));
    }

    @Override
    protected LogStorage settle(LogStorage s) {
        s.close();
        return create();
    }
}
