package ai.gatewayz.obs.traces.traceql;

import ai.gatewayz.obs.testkit.TestClock;
import ai.gatewayz.obs.traces.storage.TraceStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DiskJaegerSearchCorpusTest extends JaegerSearchCorpusContractTest {
    @TempDir
    Path dir;

    @Override
    protected TraceStorage create(TestClock clock) {
        return ai.gatewayz.obs.traces.disk.DiskTraceStorage.open(ai.gatewayz.obs.traces.disk.DiskOptions.defaults(dir).withRetention(java.time.Duration.ofDays(36500), java.util.Map.of()), clock);
    }
}
