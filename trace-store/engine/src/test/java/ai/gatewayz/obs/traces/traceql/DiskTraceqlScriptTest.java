package ai.gatewayz.obs.traces.traceql;

import ai.gatewayz.obs.testkit.TestClock;
import ai.gatewayz.obs.traces.disk.DiskOptions;
import ai.gatewayz.obs.traces.disk.DiskTraceStorage;
import ai.gatewayz.obs.traces.storage.TraceStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DiskTraceqlScriptTest extends TraceqlScriptContractTest {
    @TempDir
    Path dir;

    @Override
    protected TraceStorage create(TestClock clock) {
        try {
            return DiskTraceStorage.open(DiskOptions.defaults(Files.createTempDirectory(dir, "s")), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
