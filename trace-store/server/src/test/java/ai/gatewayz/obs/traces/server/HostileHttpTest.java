package ai.gatewayz.obs.traces.server;

import ai.gatewayz.obs.testkit.http.HostileHttpTable;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The shared hostile-request table against trace-store as it stands: the edge, and pending API paths. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = TraceStoreApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileHttpTest {
    @LocalServerPort
    int port;

    @TestFactory
    Stream<DynamicTest> hostileRequests(CapturedOutput output) {
        return HostileHttpTable.against(port, output::getAll).bodyLimit("/v1/traces", 32L * 1024 * 1024).tests();
    }
}
