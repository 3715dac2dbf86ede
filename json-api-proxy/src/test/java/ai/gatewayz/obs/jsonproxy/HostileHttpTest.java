package ai.gatewayz.obs.jsonproxy;

import ai.gatewayz.obs.testkit.http.HostileHttpTable;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The shared hostile-request table against json-api-proxy (no upstream: polling off). */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "proxy.upstream-url=http://127.0.0.1:9", "proxy.poll-interval=0s"})
class HostileHttpTest {
    @LocalServerPort
    int port;

    @TestFactory
    Stream<DynamicTest> hostileRequests(CapturedOutput output) {
        return HostileHttpTable.against(port, output::getAll)
                .queryEndpoint("/history", "from")
                .bodyLimit("/query", 32L * 1024 * 1024)
                .tests();
    }
}
