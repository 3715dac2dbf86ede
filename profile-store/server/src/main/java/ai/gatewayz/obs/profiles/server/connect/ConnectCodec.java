package ai.gatewayz.obs.profiles.server.connect;

import ai.gatewayz.obs.common.CommonErrors;
import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.profiles.pprof.Gzip;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.http.ResponseEntity;

/**
 * The Connect protocol's unary POST (grafana-datasources.md §4.1): {@code application/proto}
 * (binary) or {@code application/json} (proto3 JSON, int64 as strings) request and response;
 * gzip request bodies; errors as {@code {"code":"…","message":"…"}} with the HTTP status Connect
 * assigns to each code. Stateless and thread-safe.
 */
public final class ConnectCodec {
    private static final JsonFormat.Parser JSON_IN = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer JSON_OUT = JsonFormat.printer().omittingInsignificantWhitespace();

    private ConnectCodec() {
    }

    public static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/json");
    }

    static boolean isProto(String contentType) {
        if (contentType == null) {
            return false;
        }
        String ct = contentType.toLowerCase(Locale.ROOT).trim();
        return ct.startsWith("application/proto") || ct.startsWith("application/x-protobuf")
                || ct.startsWith("application/protobuf");
    }

    /** Decodes a request body into {@code builder}. */
    public static <B extends Message.Builder> B parse(byte[] body, String contentType, String contentEncoding, B builder,
                                                      long maxBytes) {
        if (!isJson(contentType) && !isProto(contentType)) {
            throw CommonErrors.unsupportedMediaType(contentType);
        }
        byte[] raw = body;
        if (contentEncoding != null && contentEncoding.trim().equalsIgnoreCase("gzip")) {
            raw = Gzip.gunzip(body, maxBytes);
        }
        try {
            if (isJson(contentType)) {
                String text = new String(raw, StandardCharsets.UTF_8);
                if (!text.isBlank()) {
                    JSON_IN.merge(text, builder);
                }
            } else {
                builder.mergeFrom(raw);
            }
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            if (e instanceof SuiteException se) {
                throw se;
            }
            throw new SuiteException(ErrorKind.BAD_DATA, "cannot decode request message [type="
                    + builder.getDescriptorForType().getFullName() + ", detail=" + e.getMessage() + "]");
        }
        return builder;
    }

    public static ResponseEntity<byte[]> ok(Message m, boolean json) {
        if (json) {
            try {
                return ResponseEntity.ok().header("Content-Type", "application/json")
                        .body(JSON_OUT.print(m).getBytes(StandardCharsets.UTF_8));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
        return ResponseEntity.ok().header("Content-Type", "application/proto").body(m.toByteArray());
    }

    /** The Connect code of an error kind (its HTTP status follows from the code). */
    static String code(ErrorKind kind) {
        return switch (kind) {
            case BAD_DATA, EXECUTION, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, NOT_ACCEPTABLE, METHOD_NOT_ALLOWED,
                    URI_TOO_LONG, HEADERS_TOO_LARGE -> "invalid_argument";
            case UNAUTHORIZED -> "unauthenticated";
            case NOT_FOUND, GONE -> "not_found";
            case TOO_MANY_REQUESTS -> "resource_exhausted";
            case CANCELED -> "canceled";
            case TIMEOUT -> "deadline_exceeded";
            case UNAVAILABLE -> "unavailable";
            case NOT_IMPLEMENTED -> "unimplemented";
            case INTERNAL -> "internal";
        };
    }

    static int status(String code) {
        return switch (code) {
            case "invalid_argument", "failed_precondition", "out_of_range" -> 400;
            case "unauthenticated" -> 401;
            case "permission_denied" -> 403;
            case "not_found", "unimplemented_route" -> 404;
            case "already_exists", "aborted" -> 409;
            case "resource_exhausted" -> 429;
            case "canceled" -> 499;
            case "unimplemented" -> 501;
            case "unavailable" -> 503;
            case "deadline_exceeded" -> 504;
            default -> 500;
        };
    }

    public static ResponseEntity<byte[]> error(SuiteException e) {
        String code = code(e.kind());
        return error(status(code), code, e.getMessage());
    }

    static ResponseEntity<byte[]> error(int status, String code, String message) {
        String body = ai.gatewayz.obs.common.JsonStrings.appendGo(new StringBuilder("{\"code\":\"" + code + "\",\"message\":"), message).append("}").toString();
        return ResponseEntity.status(status).header("Content-Type", "application/json").body(body.getBytes(StandardCharsets.UTF_8));
    }
}
