package ai.gatewayz.obs.metrics.server.write;

import static org.assertj.core.api.Assertions.assertThat;

import ai.gatewayz.obs.testkit.Peers;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** OTLP/HTTP metrics at the wire: status, content type and the exact google.rpc.Status of each refusal. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "metrics.write.max-decoded-size=64KB")
class OtlpMetricsHttpTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("suite.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<byte[]> post(String path, String type, String encoding, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (encoding != null) {
            b.header("Content-Encoding", encoding);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bos)) {
            out.write(b);
        }
        return bos.toByteArray();
    }

    static Stream<Arguments> refusals() throws Exception {
        byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.argumentSet("unknown content type", "text/plain", null, json, 415, "application/x-protobuf",
                        "unsupported content type [content-type=text/plain]"),
                Arguments.argumentSet("broken JSON", "application/json", null, "{\"resourceMetrics\":".getBytes(StandardCharsets.UTF_8),
                        400, "application/json", "{\"code\":3,\"message\":\"cannot decode OTLP/JSON ExportMetricsServiceRequest [error="),
                Arguments.argumentSet("broken protobuf", "application/x-protobuf", null, new byte[] {0x0a, 0x7f, 1}, 400,
                        "application/x-protobuf", "cannot decode OTLP protobuf ExportMetricsServiceRequest [error="),
                Arguments.argumentSet("unknown encoding", "application/json", "zstd", json, 415, "application/json",
                        "{\"code\":3,\"message\":\"unsupported content encoding, expected gzip or identity [content-encoding=zstd]\"}"),
                Arguments.argumentSet("not gzip", "application/json", "gzip", json, 400, "application/json",
                        "{\"code\":3,\"message\":\"cannot decompress gzip body [error=Not in GZIP format]\"}"),
                Arguments.argumentSet("gzip bomb", "application/json", "gzip", gzip(new byte[1 << 20]), 413, "application/json",
                        "{\"code\":8,\"message\":\""));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusals(String type, String encoding, byte[] body, int status, String responseType, String message) throws Exception {
        HttpResponse<byte[]> r = post("/otlp/v1/metrics", type, encoding, body);
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(responseType);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains(message);
    }

    @Test
    void theCorpusExampleIsAcceptedWithAPartialSuccessForTheExponentialHistogram() throws Exception {
        byte[] body = Files.readAllBytes(Peers.corpus("otlp-examples").resolve("metrics.json"));
        HttpResponse<byte[]> r = post("/api/v1/otlp/v1/metrics", "application/json", null, body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"partialSuccess\":{\"rejectedDataPoints\":\"1\","
                + "\"errorMessage\":\"1 data point(s) rejected; first errors: delta exponential histograms are not "
                + "accumulated into cumulative ones [metric=my.exponential.histogram]\"}}");
    }

    @Test
    void anEmptyExportIsAFullSuccess() throws Exception {
        HttpResponse<byte[]> r = post("/prometheus/otlp/v1/metrics", "application/x-protobuf", null, new byte[0]);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }
}
