package ai.gatewayz.obs.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OtlpBodyTest {
    private static final byte[] PAYLOAD = "{\"resourceMetrics\":[]}".getBytes(StandardCharsets.UTF_8);

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bos)) {
            out.write(b);
        }
        return bos.toByteArray();
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.argumentSet("protobuf", "application/x-protobuf", null, OtlpEncoding.PROTOBUF),
                Arguments.argumentSet("protobuf without x-", "application/protobuf", "", OtlpEncoding.PROTOBUF),
                Arguments.argumentSet("json with charset", "application/json; charset=utf-8", "identity", OtlpEncoding.JSON),
                Arguments.argumentSet("upper case", "Application/JSON", null, OtlpEncoding.JSON));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void readsPlainBodies(String type, String encoding, OtlpEncoding expected) throws IOException {
        OtlpBody body = OtlpBody.read(type, encoding, PAYLOAD.length, new ByteArrayInputStream(PAYLOAD), 1024);
        assertThat(body.encoding()).isEqualTo(expected);
        assertThat(body.bytes()).isEqualTo(PAYLOAD);
    }

    @Test
    void ungzips() throws IOException {
        byte[] zipped = gzip(PAYLOAD);
        OtlpBody body = OtlpBody.read("application/json", "gzip", -1, new ByteArrayInputStream(zipped), 1024);
        assertThat(body.bytes()).isEqualTo(PAYLOAD);
    }

    static Stream<Arguments> refused() throws IOException {
        byte[] bomb = new byte[4096];
        return Stream.of(
                Arguments.argumentSet("unknown type", "text/plain", null, PAYLOAD, -1L, ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported content type [content-type=text/plain]"),
                Arguments.argumentSet("no type", null, null, PAYLOAD, -1L, ErrorKind.UNSUPPORTED_MEDIA_TYPE, "unsupported content type"),
                Arguments.argumentSet("unknown encoding", "application/json", "br", PAYLOAD, -1L, ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported content encoding, expected gzip or identity [content-encoding=br]"),
                Arguments.argumentSet("declared too long", "application/json", null, PAYLOAD, 5000L, ErrorKind.PAYLOAD_TOO_LARGE,
                        "size=5000"),
                Arguments.argumentSet("longer than declared", "application/json", null, new byte[2000], -1L,
                        ErrorKind.PAYLOAD_TOO_LARGE, "max=1024"),
                Arguments.argumentSet("gzip bomb", "application/x-protobuf", "gzip", gzip(bomb), -1L, ErrorKind.PAYLOAD_TOO_LARGE,
                        "max=1024"),
                Arguments.argumentSet("not gzip", "application/json", "gzip", PAYLOAD, -1L, ErrorKind.BAD_DATA,
                        "cannot decompress gzip body [error=Not in GZIP format]"),
                Arguments.argumentSet("truncated gzip", "application/json", "gzip", Arrays.copyOf(gzip(PAYLOAD), 15), -1L,
                        ErrorKind.BAD_DATA, "cannot decompress gzip body"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refuses(String type, String encoding, byte[] bytes, long declared, ErrorKind kind, String message) {
        assertThatThrownBy(() -> OtlpBody.read(type, encoding, declared, new ByteArrayInputStream(bytes), 1024))
                .isInstanceOfSatisfying(SuiteException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
