package ai.gatewayz.obs.logs.logql.script;

import ai.gatewayz.obs.logs.storage.LogStorage;
import ai.gatewayz.obs.logs.storage.disk.DiskLogStorage;
import ai.gatewayz.obs.logs.storage.disk.DiskStorageOptions;
import ai.gatewayz.obs.testkit.TestClock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The script corpus over the on-disk storage: after every load the head is flushed into blocks
 * (tiny chunks, so streams span several), compacted, and the storage reopened, so queries read
 * blocks, chunk filters and the block index rather than the head.
 */
class DiskStorageScriptTest extends LogqlScriptContract {
    @TempDir
    Path root;

    private int scripts;
    private Path current;

    private static DiskStorageOptions options() {
        return DiskStorageOptions.defaults().withChunkTargetBytes(64);
    }

    @Override
    protected LogStorage newStorage() {
        current = root.resolve("s" + (++scripts));
        return DiskLogStorage.open("t", current, options(), TestClock.atMillis(0));
    }

    @Override
    protected LogStorage settle(LogStorage s) {
        DiskLogStorage d = (DiskLogStorage) s;
        d.flush();
        d.compact();
        d.close();
        return DiskLogStorage.open("t", current, options(), TestClock.atMillis(0));
    }
}
