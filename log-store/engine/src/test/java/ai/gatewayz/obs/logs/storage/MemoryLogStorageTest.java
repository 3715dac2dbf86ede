package ai.gatewayz.obs.logs.storage;

import ai.gatewayz.obs.logs.storage.memory.MemoryLogStorage;
import ai.gatewayz.obs.testkit.TestClock;

class MemoryLogStorageTest extends LogStorageContractTest {
    @Override
    protected LogStorage create() {
        return new MemoryLogStorage(TestClock.atMillis(T0 / 1_000_000));
    }
}
