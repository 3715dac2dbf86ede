package ai.gatewayz.obs.traces.traceql;

import ai.gatewayz.obs.testkit.TestClock;
import ai.gatewayz.obs.traces.storage.TraceStorage;

class MemoryJaegerSearchCorpusTest extends JaegerSearchCorpusContractTest {

    @Override
    protected TraceStorage create(TestClock clock) {
        return new ai.gatewayz.obs.traces.storage.MemoryTraceStorage();
    }
}
