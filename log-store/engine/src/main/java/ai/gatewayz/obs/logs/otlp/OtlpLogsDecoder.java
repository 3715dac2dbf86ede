package ai.gatewayz.obs.logs.otlp;

import ai.gatewayz.obs.otlp.OtlpErrors;
import ai.gatewayz.obs.otlp.OtlpJson;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;

/**
 * Decodes {@code ExportLogsServiceRequest} bodies: binary protobuf, or OTLP/JSON through the
 * suite's one OTLP/JSON reader ({@link OtlpJson}: hex ids, unknown fields ignored, enums as
 * integers or names). Errors are BAD_DATA naming the message and the problem. Stateless.
 */
public final class OtlpLogsDecoder {
    private static final String MESSAGE = "ExportLogsServiceRequest";

    private OtlpLogsDecoder() {
    }

    public static ExportLogsServiceRequest protobuf(byte[] body) {
        try {
            return ExportLogsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw OtlpErrors.badProtobuf(MESSAGE, e.getMessage());
        }
    }

    public static ExportLogsServiceRequest json(String body) {
        return OtlpJson.parse(body, ExportLogsServiceRequest.newBuilder(), MESSAGE).build();
    }
}
