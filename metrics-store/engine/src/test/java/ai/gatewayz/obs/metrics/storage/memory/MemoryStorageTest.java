package ai.gatewayz.obs.metrics.storage.memory;

import ai.gatewayz.obs.metrics.storage.Storage;
import ai.gatewayz.obs.metrics.storage.StorageContractTest;

class MemoryStorageTest extends StorageContractTest {
    @Override
    protected Storage newStorage() {
        return new MemoryStorage();
    }
}
