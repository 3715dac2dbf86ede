package ai.gatewayz.obs.otlp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * OTLP/JSON for every signal: proto3 JSON with the OTLP spec's deviations, i.e. trace and span ids
 * are hex strings (not base64), enums are integers (names are still accepted) and unknown fields
 * are ignored. Ids are rewritten between hex and base64 around {@link JsonFormat}. Stateless.
 */
public final class OtlpJson {
    private static final Set<String> ID_KEYS = Set.of("traceId", "spanId", "parentSpanId");
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().printingEnumsAsInts().omittingInsignificantWhitespace();
    private static final HexFormat HEX = HexFormat.of();

    private OtlpJson() {
    }

    /** Merges the OTLP/JSON {@code json} into {@code builder}; {@code message} names it in errors. */
    public static <B extends Message.Builder> B parse(String json, B builder, String message) {
        JsonElement tree;
        try {
            tree = JsonParser.parseString(json);
        } catch (JsonParseException | IllegalStateException e) {
            throw OtlpErrors.badJson(message, e.getMessage());
        }
        if (!tree.isJsonObject()) {
            throw OtlpErrors.badJson(message, "body is not a JSON object");
        }
        idsToBase64(tree);
        try {
            PARSER.merge(tree.toString(), builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw OtlpErrors.badJson(message, e.getMessage());
        }
        return builder;
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

    /** The bytes of a hex id, or null when {@code hex} is not an even number of hex digits. */
    static byte[] parseHex(String hex) {
        if (hex.length() % 2 != 0) {
            return null;
        }
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
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
                    byte[] bytes = parseHex(hex);
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

    private static void idsToHex(JsonElement e) {
        if (e instanceof JsonArray a) {
            for (JsonElement c : a) {
                idsToHex(c);
            }
        } else if (e instanceof JsonObject o) {
            for (Map.Entry<String, JsonElement> en : o.entrySet()) {
                if (ID_KEYS.contains(en.getKey()) && en.getValue().isJsonPrimitive()) {
                    en.setValue(new JsonPrimitive(HEX.formatHex(Base64.getDecoder().decode(en.getValue().getAsString()))));
                } else {
                    idsToHex(en.getValue());
                }
            }
        }
    }
}
