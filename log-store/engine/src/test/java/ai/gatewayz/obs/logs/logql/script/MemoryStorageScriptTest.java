package ai.gatewayz.obs.logs.logql.script;

import ai.gatewayz.obs.logs.storage.LogStorage;
import ai.gatewayz.obs.logs.storage.memory.MemoryLogStorage;
import ai.gatewayz.obs.testkit.TestClock;

/** The script corpus over the in-memory storage. */
class MemoryStorageScriptTest extends LogqlScriptContract {
    @Override
    protected LogStorage newStorage() {
        return new MemoryLogStorage(TestClock.atMillis(0));
    }
}
