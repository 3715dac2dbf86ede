package ai.gatewayz.obs.http;

import ai.gatewayz.obs.testkit.http.HostileHttpTable;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The shared hostile-request table against the minimal edge application, with auth on. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = EdgeTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"suite.auth.query-tokens=q1", "suite.auth.ingest-tokens=i1", "suite.http.max-body-size=1MB"})
class HostileHttpTest {
    @LocalServerPort
    int port;

    @TestFactory
    Stream<DynamicTest> hostileRequests(CapturedOutput output) {
        HostileHttpTable t = HostileHttpTable.against(port, output::getAll).auth("Bearer q1").queryEndpoint("/api/v1/echo", "start");
        t.auth("Bearer i1").contentType("/api/v1/write", 415, "unsupported_media_type").bodyLimit("/api/v1/write", 1024 * 1024);
        t.add("chunked body over the ceiling", t.post("/api/v1/write", "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
                chunkedJson(1024 * 1024 + 10)), 413, "payload_too_large", null);
        return t.tests();
    }

    /** A chunked JSON object of about {@code size} bytes. */
    static String chunkedJson(int size) {
        String body = "{\"a\":\"" + "x".repeat(size) + "\"}";
        return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
    }
}
