package ai.gatewayz.obs.otlp;

import ai.gatewayz.obs.common.CommonErrors;
import java.util.Locale;

/** The two OTLP/HTTP body encodings; a response is written in the encoding of its request. */
public enum OtlpEncoding {
    PROTOBUF("application/x-protobuf"),
    JSON("application/json");

    private final String contentType;

    OtlpEncoding(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /**
     * The encoding a {@code Content-Type} names (parameters ignored); {@code application/protobuf}
     * is accepted as collectors send it too. Anything else is a 415.
     */
    public static OtlpEncoding of(String contentType) {
        String t = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).strip();
        int semi = t.indexOf(';');
        if (semi >= 0) {
            t = t.substring(0, semi).strip();
        }
        return switch (t) {
            case "application/x-protobuf", "application/protobuf" -> PROTOBUF;
            case "application/json" -> JSON;
            default -> throw CommonErrors.unsupportedMediaType(contentType);
        };
    }
}
