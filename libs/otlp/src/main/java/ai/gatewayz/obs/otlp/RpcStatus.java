package ai.gatewayz.obs.otlp;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.JsonStrings;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The {@code google.rpc.Status} body of an OTLP/HTTP error (field 1 code, 2 message), in either encoding. */
public final class RpcStatus {
    private RpcStatus() {
    }

    /** The gRPC code number matching a failure class. */
    public static int code(ErrorKind kind) {
        return switch (kind) {
            case BAD_DATA, UNSUPPORTED_MEDIA_TYPE -> 3; // INVALID_ARGUMENT
            case TOO_MANY_REQUESTS, PAYLOAD_TOO_LARGE -> 8; // RESOURCE_EXHAUSTED
            case UNAUTHORIZED -> 16; // UNAUTHENTICATED
            default -> 14; // UNAVAILABLE
        };
    }

    /** The error body for {@code kind} and {@code message} in {@code encoding}. */
    public static byte[] body(OtlpEncoding encoding, ErrorKind kind, String message) {
        int code = code(kind);
        return encoding == OtlpEncoding.JSON ? json(code, message).getBytes(StandardCharsets.UTF_8) : protobuf(code, message);
    }

    public static byte[] protobuf(int code, String message) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bos);
        try {
            out.writeInt32(1, code);
            out.writeString(2, message);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    public static String json(int code, String message) {
        return JsonStrings.appendGo(new StringBuilder("{\"code\":").append(code).append(",\"message\":"), message).append("}").toString();
    }
}
