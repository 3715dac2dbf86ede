package ai.gatewayz.obs.sim;

import ai.gatewayz.obs.testkit.http.HostileHttpTable;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The shared hostile-request table against gateway-sim, telemetry exports off. The sim's control
 * endpoint reads any body as JSON, so it has no content-type case.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "sim.traffic.enabled=false", "sim.traces.enabled=false", "sim.logs.enabled=false", "sim.profiles.enabled=false"})
class HostileHttpTest {
    @LocalServerPort
    int port;

    @TestFactory
    Stream<DynamicTest> hostileRequests(CapturedOutput output) {
        return HostileHttpTable.against(port, output::getAll)
                .queryEndpoint("/api/monitoring/errors/openai", "limit")
                .bodyLimit("/sim/scenarios", 32L * 1024 * 1024)
                .tests();
    }
}
