package ai.gatewayz.obs.traces.traceql;

import ai.gatewayz.obs.testkit.TestClock;
import ai.gatewayz.obs.traces.storage.MemoryTraceStorage;
import ai.gatewayz.obs.traces.storage.TraceStorage;

class MemoryTraceqlScriptTest extends TraceqlScriptContractTest {
    @Override
    protected TraceStorage create(TestClock clock) {
        return new MemoryTraceStorage();
    }
}
