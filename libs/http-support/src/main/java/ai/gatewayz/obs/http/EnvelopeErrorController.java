package ai.gatewayz.obs.http;

import ai.gatewayz.obs.common.ErrorKind;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's whitelabel/JSON error page for failures raised before a controller runs
 * (servlet container errors, oversized headers, filters): the body is always our envelope and never
 * contains a stack trace.
 */
@RestController
public class EnvelopeErrorController implements ErrorController {
    @RequestMapping("${server.error.path:/error}")
    public ResponseEntity<String> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ErrorKind kind = StatusTable.kindOf(status);
        String message = switch (kind) {
            case NOT_FOUND -> "no such endpoint [path=" + uri + "]";
            case INTERNAL -> "internal error [path=" + uri + "]";
            default -> "request rejected [status=" + status + ", path=" + uri + "]";
        };
        return ResponseEntity.status(status)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(ErrorEnvelope.json(kind, message));
    }
}
