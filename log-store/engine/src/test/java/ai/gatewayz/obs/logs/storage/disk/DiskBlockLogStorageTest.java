package ai.gatewayz.obs.logs.storage.disk;

import ai.gatewayz.obs.logs.storage.LogStorage;
import ai.gatewayz.obs.logs.storage.LogStorageContractTest;
import ai.gatewayz.obs.testkit.TestClock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the disk storage after its head was flushed into blocks, compacted, and the storage reopened. */
class DiskBlockLogStorageTest extends LogStorageContractTest {
    @TempDir
    Path dir;

    @Override
    protected LogStorage create() {
        // Tiny chunks so that multi-chunk streams and chunk skipping are exercised.
        return DiskLogStorage.open("t", dir, DiskStorageOptions.defaults().withChunkTargetBytes(256),
                TestClock.atMillis(T0 / 1_000_000));
    }

    @Override
    protected LogStorage settle(LogStorage s) {
        DiskLogStorage d = (DiskLogStorage) s;
        d.flush();
        d.compact();
        d.close();
        return create();
    }
}
