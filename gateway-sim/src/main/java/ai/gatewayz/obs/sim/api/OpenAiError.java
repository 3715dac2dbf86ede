package ai.gatewayz.obs.sim.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * An error in the shape OpenAI clients parse: {@code {"error":{"message","type","param","code"}}}.
 * Thrown by request validation and turned into a response by {@link ChatController}.
 */
public final class OpenAiError extends RuntimeException {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final int status;
    private final String type;
    private final String param;
    private final String code;

    public OpenAiError(int status, String message, String type, String param, String code) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    public static OpenAiError invalid(String message, String param, String code) {
        return new OpenAiError(400, message, "invalid_request_error", param, code);
    }

    public int status() {
        return status;
    }

    public ResponseEntity<String> toResponse() {
        return response(status, getMessage(), type, param, code);
    }

    public static ResponseEntity<String> response(int status, String message, String type, String param, String code) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("message", message);
        err.put("type", type);
        err.put("param", param);
        err.put("code", code);
        ResponseEntity.BodyBuilder b = ResponseEntity.status(HttpStatus.valueOf(status)).contentType(MediaType.APPLICATION_JSON);
        if (status == 429) {
            b.header("Retry-After", "20");
        }
        return b.body(JSON.writeValueAsString(Map.of("error", err)));
    }
}
