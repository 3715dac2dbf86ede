package ai.gatewayz.obs.http;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.JsonStrings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Prometheus-style JSON error body: {@code {"status":"error","errorType":"...","error":"..."}}.
 * Written by hand so that filters, which run outside Spring MVC, produce byte-identical bodies.
 */
public final class ErrorEnvelope {
    private ErrorEnvelope() {
    }

    public static String json(ErrorKind kind, String message) {
        StringBuilder sb = new StringBuilder(64 + message.length());
        sb.append("{\"status\":\"error\",\"errorType\":\"").append(kind.wireName()).append("\",\"error\":");
        appendJsonString(sb, message);
        return sb.append('}').toString();
    }

    /** Writes the envelope with the status of {@link StatusTable}. */
    public static void write(HttpServletResponse response, ErrorKind kind, String message) throws IOException {
        byte[] body = json(kind, message).getBytes(StandardCharsets.UTF_8);
        response.setStatus(StatusTable.status(kind));
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    public static void appendJsonString(StringBuilder sb, String s) {
        JsonStrings.appendGo(sb, s);
    }
}
