package ai.gatewayz.obs.logs.server.otlp;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.JsonStrings;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The {@code google.rpc.Status} body of an OTLP/HTTP error (1 code, 2 message), in either encoding. Stateless. */
final class RpcStatus {
    private RpcStatus() {
    }

    static int code(ErrorKind kind) {
        return switch (kind) {
            case BAD_DATA, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE -> 3; // INVALID_ARGUMENT
            case TOO_MANY_REQUESTS -> 8; // RESOURCE_EXHAUSTED
            case UNAVAILABLE, TIMEOUT -> 14; // UNAVAILABLE
            case UNAUTHORIZED -> 16; // UNAUTHENTICATED
            default -> 13; // INTERNAL
        };
    }

    static byte[] protobuf(int code, String message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeInt32(1, code);
            out.writeString(2, message);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] json(int code, String message) {
        StringBuilder sb = new StringBuilder("{\"code\":").append(code).append(",\"message\":");
        JsonStrings.appendGo(sb, message);
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}
