package ai.gatewayz.obs.logs.otlp;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.SuiteException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Decodes {@code ExportLogsServiceRequest} bodies: binary protobuf, or OTLP/JSON (proto3 JSON whose
 * {@code traceId}/{@code spanId} are hex, not base64; unknown fields ignored; enums as integers or
 * names). Errors are BAD_DATA naming the field and value. Stateless.
 */
public final class OtlpLogsDecoder {
    private static final Set<String> ID_KEYS = Set.of("traceId", "spanId");
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private OtlpLogsDecoder() {
    }

    public static ExportLogsServiceRequest protobuf(byte[] body) {
        try {
            return ExportLogsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw CommonErrors.malformedBody("protobuf", e.getMessage());
        }
    }

    public static ExportLogsServiceRequest json(String body) {
        JsonElement tree;
        try {
            tree = JsonParser.parseString(body);
        } catch (JsonParseException | IllegalStateException e) {
            throw CommonErrors.malformedBody("json", e.getMessage());
        }
        if (!tree.isJsonObject()) {
            throw CommonErrors.malformedBody("json", "body is not a JSON object");
        }
        idsToBase64(tree);
        ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
        try {
            PARSER.merge(tree.toString(), b);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw CommonErrors.malformedBody("json", e.getMessage());
        }
        return b.build();
    }

    private static void idsToBase64(JsonElement e) {
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(OtlpLogsDecoder::idsToBase64);
        } else if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            for (Map.Entry<String, JsonElement> en : o.entrySet()) {
                JsonElement v = en.getValue();
                if (ID_KEYS.contains(en.getKey()) && v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
                    en.setValue(new JsonPrimitive(Base64.getEncoder().encodeToString(hex(en.getKey(), v.getAsString()))));
                } else {
                    idsToBase64(v);
                }
            }
        }
    }

    private static byte[] hex(String key, String value) {
        int want = key.equals("traceId") ? 32 : 16;
        if (value.isEmpty()) {
            return new byte[0];
        }
        if (value.length() != want) {
            throw badId(key, value);
        }
        try {
            return HexFormat.of().parseHex(value);
        } catch (IllegalArgumentException e) {
            throw badId(key, value);
        }
    }

    private static SuiteException badId(String key, String value) {
        return CommonErrors.invalidParameter(key, value, "%s is not a hex id of the OTLP length");
    }
}
