package ai.gatewayz.obs.alerts.server.api;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;
import ai.gatewayz.obs.http.ErrorEnvelope;
import ai.gatewayz.obs.http.StatusTable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the Alertmanager API v2 controllers: the OpenAPI spec declares error bodies as a
 * JSON string, which is what amtool and Grafana's go-swagger clients decode, so these answer
 * {@code "message"} with the status of {@link StatusTable} instead of the suite's envelope.
 */
@RestControllerAdvice(assignableTypes = {AlertsController.class, SilencesController.class, StatusController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiV2Errors {
    @ExceptionHandler(SuiteException.class)
    public ResponseEntity<String> suite(SuiteException e) {
        return body(e.kind(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<String> unreadable(HttpMessageNotReadableException e) {
        return body(ErrorKind.BAD_DATA, "malformed JSON body");
    }

    @ExceptionHandler(tools.jackson.core.JacksonException.class)
    public ResponseEntity<String> json(tools.jackson.core.JacksonException e) {
        String m = e.getOriginalMessage();
        return body(ErrorKind.BAD_DATA, "malformed JSON body [detail=" + (m == null ? "unreadable" : m.lines().findFirst().orElse("")) + "]");
    }

    static ResponseEntity<String> body(ErrorKind kind, String message) {
        StringBuilder sb = new StringBuilder();
        ErrorEnvelope.appendJsonString(sb, message);
        return ResponseEntity.status(StatusTable.status(kind)).contentType(MediaType.APPLICATION_JSON).body(sb.toString());
    }
}
