package ai.gatewayz.obs.traces.server.ingest;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.JsonStrings;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The {@code google.rpc.Status} body of an OTLP/HTTP error (1 code, 2 message), in either encoding. */
final class RpcStatus {
    private RpcStatus() {
    }

    /** The gRPC code number matching a failure class. */
    static int code(ErrorKind kind) {
        return switch (kind) {
            case BAD_DATA, UNSUPPORTED_MEDIA_TYPE -> 3; // INVALID_ARGUMENT
            case TOO_MANY_REQUESTS, PAYLOAD_TOO_LARGE -> 8; // RESOURCE_EXHAUSTED
            case UNAUTHORIZED -> 16;
            default -> 14; // UNAVAILABLE
        };
    }

    static byte[] protobuf(int code, String message) {
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

    static String json(int code, String message) {
        return JsonStrings.appendGo(new StringBuilder("{\"code\":").append(code).append(",\"message\":"), message).append("}").toString();
    }
}
