package ai.gatewayz.obs.logs.server.ruler;

import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.StatusTable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Loki's ruler API answers errors as Go's {@code http.Error} does: plain text, the message and a
 * newline, the status alone carrying the class (400 bad input, 404 nothing found).
 */
@RestControllerAdvice(assignableTypes = LokiRulesController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RulerApiErrors {
    @ExceptionHandler(SuiteException.class)
    public ResponseEntity<String> suite(SuiteException e) {
        return ResponseEntity.status(StatusTable.status(e.kind())).contentType(MediaType.TEXT_PLAIN)
                .body(e.getMessage() + "\n");
    }
}
