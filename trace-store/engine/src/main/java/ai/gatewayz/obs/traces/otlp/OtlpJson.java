package ai.gatewayz.obs.traces.otlp;

import ai.gatewayz.obs.traces.model.Ids;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * OTLP/JSON, which is proto3 JSON with the deviations of the OTLP spec: trace and span ids are
 * hex strings (not base64), enums are integers (names are still accepted), unknown fields are
 * ignored. Ids are rewritten between hex and base64 around {@link JsonFormat}. Stateless.
 */
public final class OtlpJson {
    private static final Set<String> ID_KEYS = Set.of("traceId", "spanId", "parentSpanId");
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().printingEnumsAsInts().omittingInsignificantWhitespace();

    private OtlpJson() {
    }

    public static ExportTraceServiceRequest parseRequest(String json) {
        JsonElement tree;
        try {
            tree = JsonParser.parseString(json);
        } catch (JsonParseException | IllegalStateException e) {
            throw OtlpErrors.badJson(e.getMessage());
        }
        if (!tree.isJsonObject()) {
            throw OtlpErrors.badJson("body is not a JSON object");
        }
        idsToBase64(tree);
        ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
        try {
            PARSER.merge(tree.toString(), b);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw OtlpErrors.badJson(e.getMessage());
        }
        return b.build();
    }

    private static void idsToBase64(JsonElement e) {
        if (e.isJsonArray()) {
            for (JsonElement c : e.getAsJsonArray()) {
                idsToBase64(c);
            }
        } else if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            for (Map.Entry<String, JsonElement> en : o.entrySet()) {
                JsonElement v = en.getValue();
                if (ID_KEYS.contains(en.getKey()) && v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
                    String hex = v.getAsString();
                    byte[] bytes = Ids.parseHexBytes(hex);
                    if (bytes == null) {
                        throw OtlpErrors.badHexId(en.getKey(), hex);
                    }
                    en.setValue(new JsonPrimitive(Base64.getEncoder().encodeToString(bytes)));
                } else {
                    idsToBase64(v);
                }
            }
        }
    }

    /** Prints any OTLP message as OTLP/JSON (hex ids, integer enums, 64-bit integers as strings). */
    public static String print(MessageOrBuilder message) {
        String json;
        try {
            json = PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
        JsonElement tree = JsonParser.parseString(json);
        idsToHex(tree);
        return tree.toString();
    }

    private static void idsToHex(JsonElement e) {
        if (e instanceof JsonArray a) {
            for (JsonElement c : a) {
                idsToHex(c);
            }
        } else if (e instanceof JsonObject o) {
            for (Map.Entry<String, JsonElement> en : o.entrySet()) {
                if (ID_KEYS.contains(en.getKey()) && en.getValue().isJsonPrimitive()) {
                    en.setValue(new JsonPrimitive(Ids.hex(Base64.getDecoder().decode(en.getValue().getAsString()))));
                } else {
                    idsToHex(en.getValue());
                }
            }
        }
    }
}
