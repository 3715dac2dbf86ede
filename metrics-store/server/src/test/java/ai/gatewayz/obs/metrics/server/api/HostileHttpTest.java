package ai.gatewayz.obs.metrics.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.http.HostileHttpTable;
import ai.gatewayz.obs.testkit.http.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The shared hostile-request table against metrics-store, and the way out of a 414 that Prometheus
 * clients use: the same huge query as a POST form body.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileHttpTest {
    /** A valid selector whose matcher value alone is larger than the header buffer. */
    static final String HUGE_QUERY = "up{job=\"" + "j".repeat(200_000) + "\"}";

    @LocalServerPort
    int port;

    @TestFactory
    Stream<DynamicTest> hostileRequests(CapturedOutput output) {
        HostileHttpTable t = HostileHttpTable.against(port, output::getAll)
                .queryEndpoint("/api/v1/query", "query")
                .bodyLimit("/api/v1/query", 32L * 1024 * 1024);
        t.add("huge query as GET", t.get("/api/v1/query?query=" + HUGE_QUERY, ""), 414, "uri_too_long", null);
        t.add("NUL in a label name", t.get("/api/v1/label/a%00b/values", ""), 400, "bad_data", null);
        t.add("form body that is not a form", t.post("/api/v1/query",
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 9\r\n", "query=%zz"), 400, "bad_data", null);
        return t.tests();
    }

    @Test
    void hugeQueryAsPostFormBodyIsEvaluated() throws Exception {
        byte[] form = ("query=" + java.net.URLEncoder.encode(HUGE_QUERY, StandardCharsets.UTF_8) + "&time=1").getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /api/v1/query HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + form.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[head.length + form.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(form, 0, request, head.length, form.length);
        RawHttp.Response r = RawHttp.exchange(port, request);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
    }
}
