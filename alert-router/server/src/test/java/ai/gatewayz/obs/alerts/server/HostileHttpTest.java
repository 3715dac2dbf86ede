package ai.gatewayz.obs.alerts.server;

import ai.gatewayz.obs.testkit.http.HostileHttpTable;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The shared hostile-request table against the running alert-router. */
@ExtendWith(OutputCaptureExtension.class)
class HostileHttpTest {
    @TestFactory
    Stream<DynamicTest> hostileRequests(CapturedOutput output) {
        return HostileHttpTable.against(RunningRouter.shared().port, output::getAll)
                .queryEndpoint("/api/v2/alerts", "filter")
                .bodyLimit("/api/v2/alerts", 32L * 1024 * 1024)
                .tests();
    }
}
