package ai.gatewayz.obs.traces.storage;

import ai.gatewayz.obs.testkit.TestClock;

class MemoryTraceStorageTest extends TraceStorageContractTest {
    @Override
    protected TraceStorage create(TestClock clock) {
        return new MemoryTraceStorage();
    }
}
